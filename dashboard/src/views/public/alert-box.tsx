// "Ricevi avvisi" on a street's page: an e-mail address subscribes to the daily digest of the street's
// new reports (subscribeAlerts). The answer is the same for every address: a link to confirm was mailed.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation } from 'urql';
import { SUBSCRIBE_ALERTS_MUTATION } from '../../api/citizen.operations';
import { EmailForm, emailErrorOf } from '../common/email-form';
import { useComune } from '../common/use-comune';

export function AlertBox({ streetId, streetName }: { streetId: string; streetName: string }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [result, subscribe] = useMutation(SUBSCRIBE_ALERTS_MUTATION);
  const comune = useComune();
  const submit = async () => {
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
          <EmailForm
            id="alerts-email"
            label={t('alerts.email', { street: streetName })}
            email={email}
            onEmailChange={setEmail}
            submitLabel={t('alerts.submit')}
            onSubmit={() => void submit()}
            busy={result.fetching}
            error={emailErrorOf(result.error)}
          />
          <p className="muted">
            <Link to="/privacy">{t('alerts.privacy')}</Link>
          </p>
        </>
      )}
    </section>
  );
}
