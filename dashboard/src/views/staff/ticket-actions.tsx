// Phase buttons (each with a note, public or internal), priority, reassign, mark duplicate, notes.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type OperationResult, useClient, useMutation, useQuery } from 'urql';
import type { NearbyTicket, TicketStatus } from '../../api/citizen.operations';
import { errorCode } from '../../api/errors';
import {
  ADD_NOTE_MUTATION,
  FIND_TICKET_ID_QUERY,
  MARK_DUPLICATE_MUTATION,
  OFFICES_QUERY,
  phaseMutation,
  REASSIGN_MUTATION,
  REJECT_REASONS,
  SET_PRIORITY_MUTATION,
  type PhaseAction,
  type RejectReason,
  type StaffTicket,
} from '../../api/staff.operations';

const ACTIONS: Record<TicketStatus, PhaseAction[]> = {
  RECEIVED: ['acknowledgeTicket', 'startWork', 'resolveTicket', 'rejectTicket'],
  ACKNOWLEDGED: ['startWork', 'resolveTicket', 'rejectTicket'],
  IN_PROGRESS: ['resolveTicket', 'rejectTicket'],
  RESOLVED: ['reopenTicket'],
  REJECTED: [],
  DUPLICATE: [],
};
const LABELS: Record<PhaseAction, string> = {
  acknowledgeTicket: 'acknowledge',
  startWork: 'start',
  resolveTicket: 'resolve',
  rejectTicket: 'reject',
  reopenTicket: 'reopen',
};

interface Props {
  ticket: StaffTicket;
  candidates: NearbyTicket[];
  onChanged: () => void;
}

export function TicketActions({ ticket, candidates, onChanged }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [isPublic, setPublic] = useState(true);
  const [reason, setReason] = useState<RejectReason>(REJECT_REASONS[0]);
  const [message, setMessage] = useState<string | null>(null);
  const client = useClient();
  const [, setPriority] = useMutation(SET_PRIORITY_MUTATION);
  const [, reassign] = useMutation(REASSIGN_MUTATION);
  const [, markDuplicate] = useMutation(MARK_DUPLICATE_MUTATION);
  const [, addNote] = useMutation(ADD_NOTE_MUTATION);
  const [offices] = useQuery<{ offices: { id: string; name: string }[] }>({ query: OFFICES_QUERY });
  const [officeId, setOfficeId] = useState('');
  const [originalCode, setOriginalCode] = useState('');

  const report = (r: OperationResult) => {
    if (!r.error) {
      setMessage(t('staff.done'));
      setNote('');
      onChanged();
      return;
    }
    const code = errorCode(r.error);
    setMessage(
      code === 'CONFLICT'
        ? t('staff.conflict')
        : (r.error.graphQLErrors[0]?.message ?? t('app.error')),
    );
  };

  const mergeInto = async (code: string) => {
    const found = await client
      .query<{ inbox: { edges: { node: { id: string; code: string } }[] } }>(FIND_TICKET_ID_QUERY, {
        text: code,
      })
      .toPromise();
    const original = found.data?.inbox.edges.find((e) => e.node.code === code)?.node;
    if (!original) {
      setMessage(t('app.error'));
      return;
    }
    report(
      await markDuplicate({
        id: ticket.id,
        version: ticket.version,
        originalId: original.id,
        note: note.trim() || null,
        public: isPublic,
      }),
    );
  };

  const doPhase = async (action: PhaseAction) => {
    const variables: Record<string, unknown> = {
      id: ticket.id,
      version: ticket.version,
      note: note.trim() || null,
      public: isPublic,
    };
    if (action === 'rejectTicket') variables.reason = reason;
    report(await client.mutation(phaseMutation(action), variables).toPromise());
  };

  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">{t('staff.actions')}</h2>
      <div className="field">
        <label htmlFor="action-note">{t('staff.note')}</label>
        <textarea
          id="action-note"
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <div className="checkbox">
        <input
          id="action-public"
          type="checkbox"
          checked={isPublic}
          onChange={(e) => setPublic(e.target.checked)}
        />
        <label htmlFor="action-public">{t('staff.publicNote')}</label>
      </div>
      {ACTIONS[ticket.status].includes('rejectTicket') ? (
        <div className="field">
          <label htmlFor="reject-reason">{t('staff.rejectReason')}</label>
          <select
            id="reject-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value as RejectReason)}
          >
            {REJECT_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`staff.reasonsList.${r}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="actions">
        {ACTIONS[ticket.status].map((action) => (
          <button key={action} type="button" onClick={() => void doPhase(action)}>
            {t(`staff.${LABELS[action]}`)}
          </button>
        ))}
        <button
          type="button"
          className="secondary"
          disabled={!note.trim()}
          onClick={() =>
            void addNote({ id: ticket.id, text: note.trim(), public: isPublic }).then(report)
          }
        >
          {t('staff.addNote')}
        </button>
      </div>
      <p role="status">{message}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor="priority">{t('staff.setPriority')}</label>
          <select
            id="priority"
            value={ticket.priority}
            onChange={(e) =>
              void setPriority({
                id: ticket.id,
                version: ticket.version,
                priority: Number(e.target.value),
                note: note.trim() || null,
              }).then(report)
            }
          >
            {[1, 2, 3, 4].map((p) => (
              <option key={p} value={p}>
                {t(`staff.priorities.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="reassign">{t('staff.reassign')}</label>
          <select id="reassign" value={officeId} onChange={(e) => setOfficeId(e.target.value)}>
            <option value="">–</option>
            {(offices.data?.offices ?? [])
              .filter((o) => o.id !== ticket.office.id)
              .map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
          </select>
        </div>
        <button
          type="button"
          className="secondary"
          disabled={!officeId || !note.trim()}
          onClick={() =>
            void reassign({
              id: ticket.id,
              version: ticket.version,
              officeId,
              reason: note.trim(),
            }).then(report)
          }
        >
          {t('staff.reassign')}
        </button>
      </div>
      <div className="filters">
        <div className="field">
          <label htmlFor="original-code">{t('staff.markDuplicate')}</label>
          <select
            id="original-code"
            value={originalCode}
            onChange={(e) => setOriginalCode(e.target.value)}
          >
            <option value="">–</option>
            {candidates.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} – {c.title} ({Math.round(c.distanceM)} m)
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="secondary"
          disabled={!originalCode}
          onClick={() => void mergeInto(originalCode)}
        >
          {t('staff.markDuplicate')}
        </button>
      </div>
    </section>
  );
}
