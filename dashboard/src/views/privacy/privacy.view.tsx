// /privacy: the comune's privacy notice (GDPR art. 13, its current version) and the citizen's rights:
// a copy of their data or its erasure, asked for an e-mail address; the answer is the same for every
// address, and the link goes to that address only.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { REQUEST_ERASURE_MUTATION, REQUEST_MY_DATA_MUTATION } from '../../api/citizen.operations';
import { formErrors } from '../../api/errors';
import { privacyNoticeOf, useComune } from '../common/use-comune';

export default function PrivacyView() {
  const { t, i18n } = useTranslation();
  const comune = useComune();
  const [email, setEmail] = useState('');
  const [copy, askCopy] = useMutation(REQUEST_MY_DATA_MUTATION);
  const [erasure, askErasure] = useMutation(REQUEST_ERASURE_MUTATION);
  const [sent, setSent] = useState(false);
  const errors = formErrors(copy.error ?? erasure.error);
  const message =
    errors.fields.email ?? (errors.general.length ? errors.general.join(' ') : undefined);

  const ask = (kind: 'copy' | 'erasure') => async (event: FormEvent) => {
    event.preventDefault();
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
      <form
        className="join-form"
        aria-labelledby="rights-title"
        onSubmit={(e) => void ask('copy')(e)}
      >
        <label htmlFor="rights-email">{t('privacy.email')}</label>
        <input
          id="rights-email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? 'rights-email-error' : undefined}
        />
        <button type="submit" disabled={copy.fetching || erasure.fetching}>
          {t('privacy.askCopy')}
        </button>
        <button
          type="button"
          disabled={copy.fetching || erasure.fetching}
          onClick={(e) => {
            const form = e.currentTarget.form;
            if (form && !form.reportValidity()) return;
            void ask('erasure')(e);
          }}
        >
          {t('privacy.askErasure')}
        </button>
        {message ? (
          <p id="rights-email-error" className="error-text" role="alert">
            {message}
          </p>
        ) : null}
      </form>
      <p role="status" className={sent ? 'success-text' : undefined}>
        {sent ? t('privacy.sent') : ''}
      </p>
    </section>
  );
}
