// The actions on a ticket: only those the server lists in availableActions (its transition table, the
// viewer's role and offices), each ending on a confirmation or a refusal in the page's language.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type OperationResult, useClient, useMutation, useQuery } from 'urql';
import type { NearbyTicket } from '../../api/citizen.operations';
import {
  ADD_NOTE_MUTATION,
  ASSIGN_MUTATION,
  FIND_TICKET_ID_QUERY,
  MARK_DUPLICATE_MUTATION,
  OFFICES_QUERY,
  phaseMutation,
  REASSIGN_MUTATION,
  REJECT_REASONS,
  SET_PRIORITY_MUTATION,
  type PhaseAction,
  type RejectReason,
  type StaffAction,
  type StaffTicket,
} from '../../api/staff.operations';
import { errorMessage, type ActionMessage } from './action-result';
import { NoteComposer, type NoteKind } from './note-composer';

const PHASES: PhaseAction[] = [
  'acknowledgeTicket',
  'startWork',
  'resolveTicket',
  'rejectTicket',
  'reopenTicket',
];
const LABELS: Record<PhaseAction, string> = {
  acknowledgeTicket: 'acknowledge',
  startWork: 'start',
  resolveTicket: 'resolve',
  rejectTicket: 'reject',
  reopenTicket: 'reopen',
};

export interface ActionOutcome {
  message: ActionMessage;
  /** Set when the ticket went to another office (the viewer may no longer see it). */
  handedOffTo?: string;
  /** The ticket's tracking code, for the confirmation shown when it can no longer be read. */
  code?: string;
}

interface Props {
  ticket: StaffTicket;
  candidates: NearbyTicket[];
  meId: string;
  onResult: (outcome: ActionOutcome) => void;
}

export function TicketActions({ ticket, candidates, meId, onResult }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [kind, setKind] = useState<NoteKind | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState<RejectReason>(REJECT_REASONS[0]);
  const [officeId, setOfficeId] = useState('');
  const [officeReason, setOfficeReason] = useState('');
  const [assigneeId, setAssigneeId] = useState(ticket.assignee?.id ?? '');
  const [originalCode, setOriginalCode] = useState('');
  const [busy, setBusy] = useState(false);
  const client = useClient();
  const [, setPriority] = useMutation(SET_PRIORITY_MUTATION);
  const [, reassign] = useMutation(REASSIGN_MUTATION);
  const [, assign] = useMutation(ASSIGN_MUTATION);
  const [, markDuplicate] = useMutation(MARK_DUPLICATE_MUTATION);
  const [, addNote] = useMutation(ADD_NOTE_MUTATION);
  const can = (a: StaffAction) => ticket.availableActions.includes(a);
  const [offices] = useQuery<{ offices: { id: string; name: string }[] }>({
    query: OFFICES_QUERY,
    pause: !can('reassignTicket'),
  });

  if (ticket.availableActions.length === 0)
    return <p className="muted">{t('ticketPage.readOnly')}</p>;

  const text = note.trim();
  const kindMissing = text !== '' && kind === null;
  const report = async (
    action: StaffAction | 'reply',
    run: Promise<OperationResult>,
    extra: { office?: string } = {},
  ) => {
    setBusy(true);
    const r = await run;
    setBusy(false);
    if (r.error) {
      onResult({ message: errorMessage(r.error) });
      return;
    }
    setNote('');
    setKind(null);
    setRejecting(false);
    onResult({
      message: { kind: 'success', key: `ticketPage.done.${action}`, values: extra },
      handedOffTo: action === 'reassignTicket' ? extra.office : undefined,
      code: ticket.code,
    });
  };

  const doPhase = (action: PhaseAction) => {
    const variables: Record<string, unknown> = {
      id: ticket.id,
      version: ticket.version,
      note: text || null,
      public: kind === 'public',
    };
    if (action === 'rejectTicket') variables.reason = reason;
    void report(action, client.mutation(phaseMutation(action), variables).toPromise());
  };

  const mergeInto = async (code: string) => {
    const found = await client
      .query<{ inbox: { edges: { node: { id: string; code: string } }[] } }>(FIND_TICKET_ID_QUERY, {
        text: code,
      })
      .toPromise();
    const original = found.data?.inbox.edges.find((e) => e.node.code === code)?.node;
    if (!original) {
      onResult({ message: { kind: 'error', key: 'ticketPage.errors.NOT_FOUND' } });
      return;
    }
    void report(
      'markDuplicate',
      markDuplicate({
        id: ticket.id,
        version: ticket.version,
        originalId: original.id,
        note: text || null,
        public: kind === 'public',
      }),
    );
  };

  const phaseDisabled = (a: PhaseAction): string | null => {
    if (kindMissing) return t('ticketPage.chooseKind');
    if (a === 'resolveTicket' && (!text || kind !== 'public'))
      return t('ticketPage.resolveNeedsPublic');
    return null;
  };
  const noteBlocked = !text
    ? t('ticketPage.typeNote')
    : kind === null
      ? t('ticketPage.chooseKind')
      : null;
  const rejectBlocked = kindMissing
    ? t('ticketPage.chooseKind')
    : !text
      ? t('ticketPage.rejectNeedsNote')
      : null;
  const phases = PHASES.filter(can);
  const hints = [...new Set(phases.map(phaseDisabled).filter((h): h is string => h !== null))];
  const me = ticket.assignableStaff.find((s) => s.id === meId);
  const officeName = (id: string) => offices.data?.offices.find((o) => o.id === id)?.name ?? '';

  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">{t('staff.actions')}</h2>
      {can('addNote') ? (
        <NoteComposer
          note={note}
          onNote={setNote}
          kind={kind}
          onKind={setKind}
          recipients={ticket.replyRecipients}
          categoryId={ticket.category.id}
          status={ticket.status}
        />
      ) : null}
      <div className="actions">
        {phases
          .filter((a) => a !== 'rejectTicket')
          .map((action) => (
            <button
              key={action}
              type="button"
              disabled={busy || phaseDisabled(action) !== null}
              aria-describedby={phaseDisabled(action) ? 'action-hints' : undefined}
              onClick={() => doPhase(action)}
            >
              {t(`staff.${LABELS[action]}`)}
            </button>
          ))}
        {can('rejectTicket') && !rejecting ? (
          <button type="button" disabled={busy} onClick={() => setRejecting(true)}>
            {t('staff.reject')}
          </button>
        ) : null}
        {can('addNote') ? (
          <button
            type="button"
            className="secondary"
            disabled={busy || noteBlocked !== null}
            aria-describedby={noteBlocked ? 'note-hint' : undefined}
            onClick={() =>
              void report(
                kind === 'public' ? 'reply' : 'addNote',
                addNote({ id: ticket.id, text, public: kind === 'public' }),
              )
            }
          >
            {kind === 'public' ? t('ticketPage.sendReply') : t('ticketPage.addNote')}
          </button>
        ) : null}
      </div>
      <div id="action-hints" className="hint">
        {hints.map((h) => (
          <p key={h}>{h}</p>
        ))}
        {noteBlocked && can('addNote') && !hints.includes(noteBlocked) ? (
          <p id="note-hint">{noteBlocked}</p>
        ) : null}
      </div>
      {rejecting ? (
        <div className="filters reject-panel">
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
          <button
            type="button"
            disabled={busy || rejectBlocked !== null}
            aria-describedby="reject-hint"
            onClick={() => doPhase('rejectTicket')}
          >
            {t('ticketPage.confirmReject')}
          </button>
          <button type="button" className="secondary" onClick={() => setRejecting(false)}>
            {t('ticketPage.cancel')}
          </button>
          <p id="reject-hint" className="hint">
            {rejectBlocked}
          </p>
        </div>
      ) : null}
      {can('setPriority') ? (
        <div className="filters">
          <div className="field">
            <label htmlFor="priority">{t('staff.setPriority')}</label>
            <select
              id="priority"
              value={ticket.priority}
              disabled={busy}
              onChange={(e) =>
                void report(
                  'setPriority',
                  setPriority({
                    id: ticket.id,
                    version: ticket.version,
                    priority: Number(e.target.value),
                  }),
                )
              }
            >
              {[1, 2, 3, 4].map((p) => (
                <option key={p} value={p}>
                  {t(`staff.priorities.${p}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      {can('assignTicket') ? (
        <div className="filters">
          <div className="field">
            <label htmlFor="assignee">{t('ticketPage.assignTo')}</label>
            <select
              id="assignee"
              value={assigneeId}
              onChange={(e) => setAssigneeId(e.target.value)}
            >
              <option value="">{t('ticketPage.nobody')}</option>
              {ticket.assignableStaff.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name ? `${s.name} <${s.email}>` : s.email}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="secondary"
            disabled={busy || assigneeId === (ticket.assignee?.id ?? '')}
            onClick={() =>
              void report(
                'assignTicket',
                assign({ id: ticket.id, version: ticket.version, assigneeId: assigneeId || null }),
              )
            }
          >
            {assigneeId ? t('ticketPage.assign') : t('ticketPage.unassign')}
          </button>
          {me && ticket.assignee?.id !== me.id ? (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                void report(
                  'assignTicket',
                  assign({ id: ticket.id, version: ticket.version, assigneeId: me.id }),
                )
              }
            >
              {t('ticketPage.assignToMe')}
            </button>
          ) : null}
        </div>
      ) : null}
      {can('reassignTicket') ? (
        <fieldset className="filters">
          <legend>{t('staff.reassign')}</legend>
          <div className="field">
            <label htmlFor="reassign">{t('ticketPage.reassignOffice')}</label>
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
          <div className="field">
            <label htmlFor="reassign-reason">{t('ticketPage.reassignReason')}</label>
            <input
              id="reassign-reason"
              value={officeReason}
              onChange={(e) => setOfficeReason(e.target.value)}
            />
          </div>
          <button
            type="button"
            className="secondary"
            disabled={busy || !officeId}
            onClick={() =>
              void report(
                'reassignTicket',
                reassign({
                  id: ticket.id,
                  version: ticket.version,
                  officeId,
                  reason: officeReason.trim() || null,
                }),
                { office: officeName(officeId) },
              )
            }
          >
            {t('staff.reassign')}
          </button>
        </fieldset>
      ) : null}
      {can('markDuplicate') ? (
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
            disabled={busy || !originalCode || kindMissing}
            onClick={() => void mergeInto(originalCode)}
          >
            {t('staff.markDuplicate')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
