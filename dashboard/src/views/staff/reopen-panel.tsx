// On the staff ticket page: what the reporter answered to the resolution. A "non è risolto" request
// waiting for the office, with its comment and photo, is accepted (the ticket goes back to in
// lavorazione, reporter and supporters told by the server) or declined with a reason mailed to the
// reporter; earlier requests and the satisfaction rating are listed.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { formErrors } from '../../api/errors';
import {
  ACCEPT_REOPEN_REQUEST_MUTATION,
  DECLINE_REOPEN_REQUEST_MUTATION,
  TICKET_FEEDBACK_QUERY,
  type ReopenRequest,
} from '../../api/staff.operations';
import { formatDate } from '../common/status-badge';

interface Props {
  ticketId: string;
  /** availableActions holds reopenTicket: the viewer may reopen, so may decide. */
  canDecide: boolean;
  onChanged: (confirmation: string) => void;
}

type Loaded = {
  staffTicket: {
    reopenRequests: ReopenRequest[];
    resolutionRating: { score: number; comment: string | null; createdAt: string } | null;
  } | null;
};

export function ReopenPanel({ ticketId, canDecide, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery<Loaded>({
    query: TICKET_FEEDBACK_QUERY,
    variables: { id: ticketId },
    requestPolicy: 'network-only',
  });
  const [accepting, accept] = useMutation(ACCEPT_REOPEN_REQUEST_MUTATION);
  const [declining, decline] = useMutation(DECLINE_REOPEN_REQUEST_MUTATION);
  const [reason, setReason] = useState('');
  const requests = data?.staffTicket?.reopenRequests ?? [];
  const rating = data?.staffTicket?.resolutionRating ?? null;
  if (requests.length === 0 && !rating) return null;
  const errors = formErrors(declining.error ?? accepting.error);
  const reasonError = errors.fields.reason;

  return (
    <section className="reopen-panel" aria-labelledby="reopen-title">
      <h2 id="reopen-title">{t('reopen.title')}</h2>
      {rating ? (
        <p data-testid="resolution-rating">
          {t('reopen.rating', { score: rating.score })}
          {rating.comment ? ` – «${rating.comment}»` : ''}
        </p>
      ) : null}
      <ul className="reopen-requests">
        {requests.map((r) => (
          <li key={r.id} data-testid="reopen-request">
            <p>
              <strong>{t(`reopen.states.${r.state}`)}</strong> ·{' '}
              {formatDate(r.createdAt, i18n.language, true)}
            </p>
            <p>{r.comment}</p>
            {r.attachmentId ? <p>{t('reopen.photo')}</p> : null}
            {r.declineReason ? <p>{t('reopen.reason', { reason: r.declineReason })}</p> : null}
            {r.state === 'PENDING' && canDecide ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void decline({ id: r.id, reason }).then(
                    (x) => x.data && onChanged('reopen.declined'),
                  );
                }}
              >
                <button
                  type="button"
                  disabled={accepting.fetching}
                  onClick={() =>
                    void accept({ id: r.id }).then((x) => x.data && onChanged('reopen.accepted'))
                  }
                >
                  {t('reopen.accept')}
                </button>
                <label htmlFor={`reopen-reason-${r.id}`}>{t('reopen.reasonLabel')}</label>
                <textarea
                  id={`reopen-reason-${r.id}`}
                  rows={3}
                  maxLength={4000}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  aria-invalid={reasonError ? true : undefined}
                  aria-describedby={reasonError ? `reopen-reason-${r.id}-error` : undefined}
                />
                {reasonError ? (
                  <p id={`reopen-reason-${r.id}-error`} className="error-text">
                    {reasonError}
                  </p>
                ) : null}
                <button type="submit" className="secondary" disabled={declining.fetching}>
                  {t('reopen.decline')}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      {errors.general.length ? (
        <p className="error-text" role="alert">
          {errors.general.join(' ')}
        </p>
      ) : null}
    </section>
  );
}
