// The page a feedback link ends on ("non è risolto" sent, rating saved): what happened, and the way
// back to the report.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export function FeedbackDone({
  id,
  title,
  text,
  code,
}: {
  id: string;
  title: string;
  text: string;
  code: string;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id}>
      <h1 id={id}>{title}</h1>
      <p role="status" className="success-text">
        {text}
      </p>
      <Link to={`/segnalazioni/${encodeURIComponent(code)}`}>{t('feedback.back', { code })}</Link>
    </section>
  );
}
