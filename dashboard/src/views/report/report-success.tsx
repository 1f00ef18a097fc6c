// After a successful report: the tracking code, large, with a copy button and the tracking link.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SubmitReportData } from '../../api/citizen.operations';

export function ReportSuccess({
  ticket,
  onAnother,
}: {
  ticket: NonNullable<SubmitReportData['submitReport']['ticket']>;
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => heading.current?.focus(), []);
  const link = `${window.location.origin}/segnalazioni/${ticket.code}`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(ticket.code);
    } catch {
      const range = document.createRange();
      const el = document.getElementById('tracking-code');
      if (el) {
        range.selectNodeContents(el);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
        document.execCommand('copy');
      }
    }
    setCopied(true);
  };

  return (
    <section className="success" aria-labelledby="success-title">
      <h1 id="success-title" ref={heading} tabIndex={-1}>
        {t('report.successTitle')}
      </h1>
      <p>{t('report.successText')}</p>
      <p className="code-label">{t('report.code')}</p>
      <p id="tracking-code" className="tracking-code" data-testid="tracking-code">
        {ticket.code}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          {t('report.copy')}
        </button>
        <Link className="button-link" to={`/segnalazioni/${ticket.code}`}>
          {t('report.track')}
        </Link>
      </div>
      <p role="status">{copied ? t('report.copied') : ''}</p>
      <p className="muted">{link}</p>
      {ticket.office ? <p>{t('report.routedTo', { office: ticket.office.name })}</p> : null}
      {ticket.street ? <p>{t('report.streetFound', { street: ticket.street.name })}</p> : null}
      <button type="button" className="secondary" onClick={onAnother}>
        {t('report.another')}
      </button>
    </section>
  );
}
