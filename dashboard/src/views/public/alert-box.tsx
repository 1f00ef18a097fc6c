// "Ricevi avvisi" on a street's page: an e-mail address subscribes to the daily digest of the street's
// new reports (subscribeAlerts). The answer is the same for every address: a link to confirm was mailed.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation } from 'urql';
import { SUBSCRIBE_ALERTS_MUTATION } from '../../api/citizen.operations';
import { formErrors } from '../../api/errors';
import { useComune } from '../common/use-comune';

export function AlertBox({ streetId, streetName }: { streetId: string; streetName: string }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [result, subscribe] = useMutation(SUBSCRIBE_ALERTS_MUTATION);
  const comune = useComune();
  const errors = formErrors(result.error);
  const message =
    errors.fields.email ?? (errors.general.length ? errors.general.join(' ') : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await subscribe({
      input: {
        email: email.trim(),
        streetId,
        locale: i18n.language.startsWith('en') ? 'en' : 'it',
        privacyNoticeVersion: comune?.privacyNoticeVersion ?? null,
      },
    });
  };

  return (
    <section className="nearby" aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('alerts.title')}</h2>
      {result.data ? (
        <p role="status" className="success-text">
          {t('alerts.sent')}
        </p>
      ) : (
        <>
          <p>{t('alerts.intro', { street: streetName })}</p>
          <form className="join-form" onSubmit={(e) => void submit(e)}>
            <label htmlFor="alerts-email">{t('alerts.email', { street: streetName })}</label>
            <input
              id="alerts-email"
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={message ? true : undefined}
              aria-describedby={message ? 'alerts-email-error' : undefined}
            />
            <button type="submit" disabled={result.fetching}>
              {t('alerts.submit')}
            </button>
            {message ? (
              <p id="alerts-email-error" className="error-text" role="alert">
                {message}
              </p>
            ) : null}
          </form>
          <p className="muted">
            <Link to="/privacy">{t('alerts.privacy')}</Link>
          </p>
        </>
      )}
    </section>
  );
}
