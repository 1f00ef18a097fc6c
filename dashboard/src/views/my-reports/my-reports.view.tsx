// /le-mie-segnalazioni: "Le mie segnalazioni" without a password. The person gives an e-mail address
// and receives a link to the list of the reports sent and followed with it (a page of /conferma/:token);
// the answer on this page is the same whatever the address, so it never tells who has reports.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { REQUEST_MY_REPORTS_MUTATION } from '../../api/citizen.operations';
import { EmailForm, emailErrorOf } from '../common/email-form';

export default function MyReportsView() {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [state, ask] = useMutation(REQUEST_MY_REPORTS_MUTATION);

  const submit = async () => {
    setSent(false);
    const r = await ask({ email: email.trim(), locale: i18n.language === 'en' ? 'en' : 'it' });
    if (r.data) setSent(true);
  };

  return (
    <section aria-labelledby="my-reports-title">
      <h1 id="my-reports-title">{t('myReports.title')}</h1>
      <p>{t('myReports.intro')}</p>
      <EmailForm
        id="my-reports-email"
        labelledBy="my-reports-title"
        label={t('myReports.email')}
        email={email}
        onEmailChange={setEmail}
        submitLabel={t('myReports.ask')}
        onSubmit={() => void submit()}
        busy={state.fetching}
        error={emailErrorOf(state.error)}
      />
      <p role="status" className={sent ? 'success-text' : undefined}>
        {sent ? t('myReports.sent') : ''}
      </p>
    </section>
  );
}
