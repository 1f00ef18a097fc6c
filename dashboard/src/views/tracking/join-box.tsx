// "Mi associo" on the tracking page: the citizen leaves an e-mail and follows the report.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { JOIN_REPORT_MUTATION } from '../../api/citizen.operations';
import { formErrors } from '../../api/errors';
import { useComune } from '../common/use-comune';

export function JoinBox({ code, onJoined }: { code: string; onJoined: () => void }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [result, join] = useMutation(JOIN_REPORT_MUTATION);
  const comune = useComune();
  const errors = formErrors(result.error);
  const message =
    errors.fields.email ?? (errors.general.length ? errors.general.join(' ') : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const r = await join({
      code,
      email: email.trim(),
      locale: i18n.language,
      privacyNoticeVersion: comune?.privacyNoticeVersion ?? null,
    });
    if (r.data) onJoined();
  };

  return (
    <section className="nearby" aria-labelledby="join-title">
      <h2 id="join-title">{t('tracking.joinTitle')}</h2>
      {result.data ? (
        <p role="status" className="success-text">
          {t('report.joined', { code })}
        </p>
      ) : (
        <form className="join-form" onSubmit={(e) => void submit(e)}>
          <label htmlFor="join-email">{t('report.joinEmail', { code })}</label>
          <input
            id="join-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={message ? true : undefined}
            aria-describedby={message ? 'join-email-error' : undefined}
          />
          <button type="submit" disabled={result.fetching}>
            {t('report.join')}
          </button>
          {message ? (
            <p id="join-email-error" className="error-text" role="alert">
              {message}
            </p>
          ) : null}
        </form>
      )}
    </section>
  );
}
