// "Mi associo" on the tracking page: the citizen leaves an e-mail and follows the report.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { JOIN_REPORT_MUTATION } from '../../api/citizen.operations';
import { EmailForm, emailErrorOf } from '../common/email-form';
import { useComune } from '../common/use-comune';

export function JoinBox({ code, onJoined }: { code: string; onJoined: () => void }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [result, join] = useMutation(JOIN_REPORT_MUTATION);
  const comune = useComune();

  const submit = async () => {
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
        <EmailForm
          id="join-email"
          label={t('report.joinEmail', { code })}
          email={email}
          onEmailChange={setEmail}
          submitLabel={t('report.join')}
          onSubmit={() => void submit()}
          busy={result.fetching}
          error={emailErrorOf(result.error)}
        />
      )}
    </section>
  );
}
