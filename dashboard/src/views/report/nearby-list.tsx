// "È lo stesso problema? Mi associo": open reports near the pin, each joinable with an e-mail.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import {
  JOIN_REPORT_MUTATION,
  NEARBY_QUERY,
  type NearbyTicket,
} from '../../api/citizen.operations';
import { formErrors } from '../../api/errors';
import type { LonLat } from '../../map/geo';
import { StatusBadge } from '../common/status-badge';
import { useComune } from '../common/use-comune';

interface Props {
  point: LonLat;
  categoryId: string;
  email: string;
}

export function NearbyList({ point, categoryId, email }: Props) {
  const { t } = useTranslation();
  const location = { lon: point[0], lat: point[1] };
  const [{ data, error }] = useQuery<{ nearbyTickets: NearbyTicket[] }>({
    query: NEARBY_QUERY,
    variables: { location, categoryId },
    requestPolicy: 'network-only',
  });
  const tickets = data?.nearbyTickets ?? [];
  if (error) return null;

  return (
    <section className="nearby" aria-labelledby="nearby-title">
      <h2 id="nearby-title">{t('report.nearbyTitle')}</h2>
      {tickets.length === 0 ? (
        <p>{t('report.nearbyNone')}</p>
      ) : (
        <>
          <p>{t('report.nearbyIntro')}</p>
          <ul className="nearby-list">
            {tickets.map((ticket) => (
              <NearbyItem key={ticket.code} ticket={ticket} defaultEmail={email} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function NearbyItem({ ticket, defaultEmail }: { ticket: NearbyTicket; defaultEmail: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState(defaultEmail);
  const [result, join] = useMutation(JOIN_REPORT_MUTATION);
  const comune = useComune();
  const joined = Boolean(result.data);
  const errors = formErrors(result.error);
  const inputId = `join-email-${ticket.code}`;

  // Not a <form>: this sits inside the report form, and forms cannot nest.
  const submit = () => {
    void join({
      code: ticket.code,
      email: email.trim(),
      locale: i18n.language,
      privacyNoticeVersion: comune?.privacyNoticeVersion ?? null,
    });
  };

  return (
    <li className="nearby-item">
      <div>
        <Link to={`/segnalazioni/${ticket.code}`}>
          <strong>{ticket.title}</strong>
        </Link>{' '}
        <StatusBadge status={ticket.status} />{' '}
        <span className="muted">{t('report.distance', { m: Math.round(ticket.distanceM) })}</span> ·{' '}
        <span className="muted">
          {t('report.supporters', { count: ticket.supportersCount + 1 })}
        </span>
      </div>
      {joined ? (
        <p role="status" className="success-text">
          {t('report.joined', { code: ticket.code })}
        </p>
      ) : open ? (
        <div
          className="join-form"
          role="group"
          aria-label={t('report.joinEmail', { code: ticket.code })}
        >
          <label htmlFor={inputId}>{t('report.joinEmail', { code: ticket.code })}</label>
          <input
            id={inputId}
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                submit();
              }
            }}
            aria-invalid={errors.fields.email ? true : undefined}
            aria-describedby={
              errors.fields.email || errors.general.length ? `${inputId}-error` : undefined
            }
          />
          <button type="button" disabled={result.fetching} onClick={submit}>
            {t('report.joinConfirm')}
          </button>
          {errors.fields.email || errors.general.length ? (
            <p id={`${inputId}-error`} className="error-text" role="alert">
              {errors.fields.email ?? errors.general.join(' ')}
            </p>
          ) : null}
        </div>
      ) : (
        <button type="button" className="secondary" onClick={() => setOpen(true)}>
          {t('report.join')}
        </button>
      )}
    </li>
  );
}
