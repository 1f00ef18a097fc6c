// /privacy: the comune's privacy notice (GDPR art. 13, its current version) and the citizen's rights:
// a copy of their data or its erasure, asked for an e-mail address; the answer is the same for every
// address, and the link goes to that address only.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { REQUEST_ERASURE_MUTATION, REQUEST_MY_DATA_MUTATION } from '../../api/citizen.operations';
import { EmailForm, emailErrorOf } from '../common/email-form';
import { privacyNoticeOf, useComune } from '../common/use-comune';

export default function PrivacyView() {
  const { t, i18n } = useTranslation();
  const comune = useComune();
  const [email, setEmail] = useState('');
  const [copy, askCopy] = useMutation(REQUEST_MY_DATA_MUTATION);
  const [erasure, askErasure] = useMutation(REQUEST_ERASURE_MUTATION);
  const [sent, setSent] = useState(false);

  const ask = async (kind: 'copy' | 'erasure') => {
    setSent(false);
    const variables = { email: email.trim(), locale: i18n.language === 'en' ? 'en' : 'it' };
    const r = kind === 'copy' ? await askCopy(variables) : await askErasure(variables);
    if (r.data) setSent(true);
  };

  const notice = comune
    ? (privacyNoticeOf(comune, i18n.language) ?? t('report.privacyNotice', { name: comune.name }))
    : t('app.loading');

  return (
    <section aria-labelledby="privacy-title">
      <h1 id="privacy-title">{t('privacy.title')}</h1>
      <h2>{t('privacy.noticeTitle')}</h2>
      {comune?.privacyNoticeVersion ? (
        <p className="hint">{t('privacy.version', { version: comune.privacyNoticeVersion })}</p>
      ) : null}
      <div className="privacy-notice" style={{ whiteSpace: 'pre-line' }}>
        {notice}
      </div>
      <h2 id="rights-title">{t('privacy.rightsTitle')}</h2>
      <p>{t('privacy.rightsIntro')}</p>
      <EmailForm
        id="rights-email"
        labelledBy="rights-title"
        label={t('privacy.email')}
        email={email}
        onEmailChange={setEmail}
        submitLabel={t('privacy.askCopy')}
        onSubmit={() => void ask('copy')}
        busy={copy.fetching || erasure.fetching}
        error={emailErrorOf(copy.error ?? erasure.error)}
      >
        <button
          type="button"
          disabled={copy.fetching || erasure.fetching}
          onClick={(e) => {
            const form = e.currentTarget.form;
            if (form && !form.reportValidity()) return;
            void ask('erasure');
          }}
        >
          {t('privacy.askErasure')}
        </button>
      </EmailForm>
      <p role="status" className={sent ? 'success-text' : undefined}>
        {sent ? t('privacy.sent') : ''}
      </p>
    </section>
  );
}
