// The public text of a ticket as everyone reads it (masked), and, for staff who may change the ticket, a
// form to rewrite it with a reason the reporter is told (moderateTicket). Admins also see the history
// with the replaced texts.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { MODERATE_TICKET_MUTATION, type StaffTicket } from '../../api/staff.operations';
import { formatDate } from '../common/status-badge';
import { errorMessage } from './action-result';
import type { ActionOutcome } from './ticket-actions';

const REASONS = ['personal_data', 'offensive', 'off_topic', 'clarity', 'other'] as const;

interface Props {
  ticket: StaffTicket;
  onResult: (o: ActionOutcome) => void;
}

export function TicketModeration({ ticket, onResult }: Props) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(ticket.publicTitle);
  const [description, setDescription] = useState(ticket.publicDescription);
  const [reason, setReason] = useState<(typeof REASONS)[number]>('personal_data');
  const [written, setWritten] = useState('');
  const [{ fetching }, moderate] = useMutation(MODERATE_TICKET_MUTATION);
  const canEdit = ticket.availableActions.includes('moderateTicket');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void moderate({
      id: ticket.id,
      version: ticket.version,
      publicTitle: title,
      publicDescription: description,
      reason: reason === 'other' ? written : reason,
    }).then((r) => {
      if (!r.error) setEditing(false);
      onResult({
        message: r.error
          ? errorMessage(r.error)
          : { kind: 'success', key: 'ticketPage.done.moderateTicket' },
      });
    });
  };

  return (
    <section aria-labelledby="public-text-title" className="public-text">
      <h2 id="public-text-title">{t('ticketPage.moderation.title')}</h2>
      <p className="hint">{t('ticketPage.moderation.hint')}</p>
      {editing ? (
        <form onSubmit={submit} className="moderation-form">
          <label htmlFor="moderation-title">{t('ticketPage.moderation.publicTitle')}</label>
          <input
            id="moderation-title"
            value={title}
            maxLength={120}
            required
            onChange={(e) => setTitle(e.target.value)}
          />
          <label htmlFor="moderation-description">
            {t('ticketPage.moderation.publicDescription')}
          </label>
          <textarea
            id="moderation-description"
            value={description}
            rows={5}
            maxLength={4000}
            required
            onChange={(e) => setDescription(e.target.value)}
          />
          <label htmlFor="moderation-reason">{t('ticketPage.moderation.reason')}</label>
          <select
            id="moderation-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value as (typeof REASONS)[number])}
          >
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`ticketPage.moderation.reasons.${r}`)}
              </option>
            ))}
          </select>
          {reason === 'other' ? (
            <>
              <label htmlFor="moderation-written">{t('ticketPage.moderation.reasonOther')}</label>
              <input
                id="moderation-written"
                value={written}
                maxLength={500}
                required
                onChange={(e) => setWritten(e.target.value)}
              />
            </>
          ) : null}
          <p>
            <button type="submit" disabled={fetching}>
              {t('ticketPage.moderation.save')}
            </button>{' '}
            <button type="button" className="secondary" onClick={() => setEditing(false)}>
              {t('ticketPage.cancel')}
            </button>
          </p>
        </form>
      ) : (
        <>
          <p data-testid="public-title">
            <strong>{ticket.publicTitle}</strong>
          </p>
          <p data-testid="public-description">{ticket.publicDescription}</p>
          {canEdit ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setTitle(ticket.publicTitle);
                setDescription(ticket.publicDescription);
                setEditing(true);
              }}
            >
              {t('ticketPage.moderation.edit')}
            </button>
          ) : null}
        </>
      )}
      {ticket.moderations?.length ? (
        <details>
          <summary>{t('ticketPage.moderation.history')}</summary>
          <ol>
            {ticket.moderations.map((m) => (
              <li key={m.id}>
                <p>
                  {t('ticketPage.moderation.by', {
                    when: formatDate(m.createdAt, i18n.language, true),
                    who: m.moderatorEmail ?? '–',
                    reason: m.reasonText ?? t(`ticketPage.moderation.reasons.${m.reasonCode}`),
                  })}
                </p>
                <p>
                  {t('ticketPage.moderation.before')}: {m.beforeTitle} – {m.beforeDescription}
                </p>
                <p>
                  {t('ticketPage.moderation.after')}: {m.afterTitle} – {m.afterDescription}
                </p>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
