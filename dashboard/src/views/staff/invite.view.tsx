// The page a new staff account's invite link opens: choose a password, once.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useMutation } from 'urql';
import { ACCEPT_INVITE_MUTATION, INVITE_REFUSALS } from '../../api/invite.operations';
import { Field } from '../common/field';

export default function InviteView() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [result, accept] = useMutation(ACCEPT_INVITE_MUTATION);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== again);
    if (password === again) await accept({ token, password });
  };

  const error = result.error?.graphQLErrors[0];
  const reason = INVITE_REFUSALS.find((r) => r === error?.extensions?.reason);
  const message = reason
    ? t(`invite.refused.${reason}`)
    : error
      ? error.message
      : result.error
        ? t('app.error')
        : undefined;

  if (result.data)
    return (
      <section aria-labelledby="invite-title">
        <h1 id="invite-title">{t('invite.title')}</h1>
        <p role="status">{t('invite.done')}</p>
        <a href="/ufficio">{t('invite.signIn')}</a>
      </section>
    );
  return (
    <section aria-labelledby="invite-title">
      <h1 id="invite-title">{t('invite.title')}</h1>
      <p>{t('invite.intro')}</p>
      <form onSubmit={(e) => void submit(e)} style={{ maxWidth: '24rem' }}>
        <Field id="invite-password" label={t('invite.password')} required>
          <input
            type="password"
            autoComplete="new-password"
            minLength={10}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <Field id="invite-again" label={t('invite.again')} required>
          <input
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
          />
        </Field>
        {mismatch || message ? (
          <p className="error-text" role="alert">
            {mismatch ? t('invite.mismatch') : message}
          </p>
        ) : null}
        <button type="submit" disabled={result.fetching || reason !== undefined}>
          {t('invite.save')}
        </button>
      </form>
    </section>
  );
}
