// One intervention: its figures, its reports, and the moves its phase allows to this viewer (planners:
// programma, avvia, completa, annulla, ripianifica, collega/scollega; operators: completa). Every move
// names the version shown; a refusal is said in words (CONFLICT: reloaded, check and retry).
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useClient, useQuery, type AnyVariables, type DocumentInput } from 'urql';
import {
  CANCEL_INTERVENTION_MUTATION,
  COMPLETE_INTERVENTION_MUTATION,
  INTERVENTION_QUERY,
  LINK_INTERVENTION_TICKETS_MUTATION,
  RESCHEDULE_INTERVENTION_MUTATION,
  SCHEDULE_INTERVENTION_MUTATION,
  START_INTERVENTION_MUTATION,
  UNLINK_INTERVENTION_TICKETS_MUTATION,
  type InterventionDetail,
  type InterventionPayload,
} from '../../api/intervention.operations';
import type { Me } from '../../api/staff.operations';
import { StatusBadge } from '../common/status-badge';
import { messageText, type ActionMessage } from '../staff/action-result';
import { allowedMoves, canEditPlan, linkedCount } from './intervention-actions';
import { interventionError } from './intervention-errors';
import { formatEuro, formatInstant, formatRange } from './format';
import { InterventionStatusBadge } from './status-badge';
import { useOffices } from './use-offices';
import { programmePath } from './paths';

const SIMPLE_MOVES = {
  scheduleIntervention: SCHEDULE_INTERVENTION_MUTATION,
  startIntervention: START_INTERVENTION_MUTATION,
} as const;

export function InterventionDetailView({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const client = useClient();
  const { name } = useOffices();
  const [{ data, error, fetching }, refetch] = useQuery<{ intervention: InterventionDetail }>({
    query: INTERVENTION_QUERY,
    variables: { id },
    requestPolicy: 'network-only',
  });
  // The intervention a move returned: shown at once, before the reload catches up.
  const [latest, setLatest] = useState<InterventionDetail | null>(null);
  const [message, setMessage] = useState<ActionMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const [completeNote, setCompleteNote] = useState('');
  const [cancelNote, setCancelNote] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [toLink, setToLink] = useState<string[]>([]);
  const [toUnlink, setToUnlink] = useState<string[]>([]);
  const [unlinkNote, setUnlinkNote] = useState('');
  const lang = i18n.language;

  if (error && !data)
    return (
      <p role="alert">
        {messageText(interventionError(error), t, lang)}{' '}
        <Link to={programmePath()}>{t('interventions.back')}</Link>
      </p>
    );
  const loaded = data?.intervention;
  const i =
    latest && loaded && latest.id === loaded.id && latest.version > loaded.version
      ? latest
      : loaded;
  if (!i) return <p role="status">{fetching ? t('app.loading') : ''}</p>;

  const run = async (
    doc: DocumentInput<unknown, AnyVariables>,
    variables: Record<string, unknown>,
    done: string,
  ): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    const result = await client
      .mutation(doc, { id: i.id, version: i.version, ...variables })
      .toPromise();
    setBusy(false);
    refetch({ requestPolicy: 'network-only' });
    if (result.error) {
      setMessage(interventionError(result.error));
      return false;
    }
    const moved = Object.values((result.data ?? {}) as Record<string, InterventionPayload>)[0];
    if (moved) setLatest(moved.intervention);
    setMessage({ kind: 'success', key: done });
    return true;
  };

  const moves = allowedMoves(i.status, me);
  const editable = canEditPlan(i.status, me);
  const active = i.tickets.filter((x) => x.active);

  return (
    <article aria-labelledby="intervention-title" className="intervention-detail">
      <p>
        <Link to={programmePath()}>{t('interventions.back')}</Link>
      </p>
      <h2 id="intervention-title">
        {i.title} <InterventionStatusBadge status={i.status} />
      </h2>
      <dl className="details">
        <dt>{t('interventions.fields.office')}</dt>
        <dd>{name(i.officeId)}</dd>
        <dt>{t('interventions.fields.cost')}</dt>
        <dd>{formatEuro(i.estimatedCost, lang)}</dd>
        <dt>{t('interventions.fields.dates')}</dt>
        <dd>{formatRange(i.plannedStart, i.plannedEnd, lang)}</dd>
        <dt>{t('interventions.fields.area')}</dt>
        <dd>{t(`interventions.area.${i.areaKind}`)}</dd>
        <dt>{t('interventions.fields.createdAt')}</dt>
        <dd>{formatInstant(i.createdAt, lang)}</dd>
        {i.completedAt ? (
          <>
            <dt>{t('interventions.fields.completedAt')}</dt>
            <dd>{formatInstant(i.completedAt, lang)}</dd>
          </>
        ) : null}
        {i.description ? (
          <>
            <dt>{t('interventions.fields.description')}</dt>
            <dd>{i.description}</dd>
          </>
        ) : null}
        {i.closingNote ? (
          <>
            <dt>{t('interventions.fields.closingNote')}</dt>
            <dd data-testid="closing-note">{i.closingNote}</dd>
          </>
        ) : null}
        <dt>{t('interventions.fields.tickets')}</dt>
        <dd>{linkedCount(i)}</dd>
      </dl>

      <div role={message?.kind === 'error' ? 'alert' : 'status'} data-testid="intervention-message">
        {message ? (
          <p className={message.kind === 'error' ? 'error-text' : 'success-text'}>
            {messageText(message, t, lang)}
          </p>
        ) : null}
      </div>

      {moves.length > 0 || editable ? (
        <section aria-labelledby="intervention-actions-title">
          <h3 id="intervention-actions-title">{t('interventions.actions.title')}</h3>
          <div className="actions">
            {moves
              .filter((m): m is keyof typeof SIMPLE_MOVES => m in SIMPLE_MOVES)
              .map((m) => (
                <button
                  key={m}
                  type="button"
                  disabled={busy}
                  onClick={() => void run(SIMPLE_MOVES[m], {}, `interventions.actions.done.${m}`)}
                >
                  {t(`interventions.actions.${m}`)}
                </button>
              ))}
          </div>
          {moves.includes('completeIntervention') ? (
            <ActionForm
              id="complete"
              legend={t('interventions.actions.completeIntervention')}
              busy={busy}
              submit={t('interventions.actions.completeIntervention')}
              onSubmit={async () => {
                if (
                  await run(
                    COMPLETE_INTERVENTION_MUTATION,
                    { note: completeNote },
                    'interventions.actions.done.completeIntervention',
                  )
                )
                  setCompleteNote('');
              }}
            >
              <label htmlFor="complete-note">{t('interventions.actions.closingNote')}</label>
              <p className="hint" id="complete-note-hint">
                {t('interventions.actions.closingNoteHint')}
              </p>
              <textarea
                id="complete-note"
                aria-describedby="complete-note-hint"
                required
                value={completeNote}
                onChange={(e) => setCompleteNote(e.target.value)}
              />
            </ActionForm>
          ) : null}
          {editable ? (
            <ActionForm
              id="reschedule"
              legend={t('interventions.actions.rescheduleIntervention')}
              busy={busy}
              submit={t('interventions.actions.rescheduleIntervention')}
              onSubmit={() =>
                void run(
                  RESCHEDULE_INTERVENTION_MUTATION,
                  { plannedStart: start || i.plannedStart, plannedEnd: end || i.plannedEnd },
                  'interventions.actions.done.rescheduleIntervention',
                )
              }
            >
              <div className="two-col">
                <div className="field">
                  <label htmlFor="reschedule-start">{t('interventions.fields.plannedStart')}</label>
                  <input
                    id="reschedule-start"
                    type="date"
                    value={start || i.plannedStart}
                    onChange={(e) => setStart(e.target.value)}
                  />
                </div>
                <div className="field">
                  <label htmlFor="reschedule-end">{t('interventions.fields.plannedEnd')}</label>
                  <input
                    id="reschedule-end"
                    type="date"
                    value={end || i.plannedEnd}
                    onChange={(e) => setEnd(e.target.value)}
                  />
                </div>
              </div>
            </ActionForm>
          ) : null}
          {moves.includes('cancelIntervention') ? (
            <ActionForm
              id="cancel"
              legend={t('interventions.actions.cancelIntervention')}
              busy={busy}
              submit={t('interventions.actions.cancelIntervention')}
              onSubmit={() =>
                void run(
                  CANCEL_INTERVENTION_MUTATION,
                  { note: cancelNote || null },
                  'interventions.actions.done.cancelIntervention',
                )
              }
            >
              <label htmlFor="cancel-note">{t('interventions.actions.cancelNote')}</label>
              <textarea
                id="cancel-note"
                value={cancelNote}
                onChange={(e) => setCancelNote(e.target.value)}
              />
            </ActionForm>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="intervention-tickets-title">
        <h3 id="intervention-tickets-title">{t('interventions.tickets.title')}</h3>
        {i.tickets.length === 0 ? <p>{t('interventions.tickets.none')}</p> : null}
        <ul className="intervention-tickets" data-testid="intervention-tickets">
          {(editable ? active : i.tickets).map((x) => (
            <li key={x.id}>
              {editable ? (
                <input
                  type="checkbox"
                  id={`unlink-${x.id}`}
                  checked={toUnlink.includes(x.id)}
                  onChange={(e) =>
                    setToUnlink(
                      e.target.checked ? [...toUnlink, x.id] : toUnlink.filter((v) => v !== x.id),
                    )
                  }
                  aria-label={t('interventions.tickets.selectUnlink', { code: x.code })}
                />
              ) : null}
              <Link to={`/ufficio/${x.id}`}>{x.code}</Link> <StatusBadge status={x.status} />
            </li>
          ))}
        </ul>
        {editable && active.length > 0 ? (
          <ActionForm
            id="unlink"
            legend={t('interventions.tickets.unlink')}
            busy={busy || toUnlink.length === 0}
            submit={t('interventions.tickets.unlinkSubmit', { count: toUnlink.length })}
            onSubmit={async () => {
              if (
                await run(
                  UNLINK_INTERVENTION_TICKETS_MUTATION,
                  { ticketIds: toUnlink, note: unlinkNote || null },
                  'interventions.tickets.unlinked',
                )
              )
                setToUnlink([]);
            }}
          >
            <label htmlFor="unlink-note">{t('interventions.tickets.unlinkNote')}</label>
            <input
              id="unlink-note"
              value={unlinkNote}
              onChange={(e) => setUnlinkNote(e.target.value)}
            />
          </ActionForm>
        ) : null}
        {editable ? (
          <LinkTickets
            suggested={i.suggestedTickets}
            selected={toLink}
            setSelected={setToLink}
            busy={busy}
            onLink={async (ids) => {
              if (
                await run(
                  LINK_INTERVENTION_TICKETS_MUTATION,
                  { ticketIds: ids },
                  'interventions.tickets.linked',
                )
              )
                setToLink([]);
            }}
          />
        ) : null}
      </section>
    </article>
  );
}

function ActionForm({
  id,
  legend,
  submit,
  busy,
  onSubmit,
  children,
}: {
  id: string;
  legend: string;
  submit: string;
  busy: boolean;
  onSubmit: () => void | Promise<void>;
  children: ReactNode;
}) {
  return (
    <form
      className="composer"
      aria-labelledby={`${id}-legend`}
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      <h4 id={`${id}-legend`}>{legend}</h4>
      {children}
      <div className="actions">
        <button type="submit" disabled={busy} data-action={id}>
          {submit}
        </button>
      </div>
    </form>
  );
}

/** Linking: the reports suggested for the area, or ids typed in (the number in a ticket page's address). */
function LinkTickets({
  suggested,
  selected,
  setSelected,
  busy,
  onLink,
}: {
  suggested: InterventionDetail['suggestedTickets'];
  selected: string[];
  setSelected: (ids: string[]) => void;
  busy: boolean;
  onLink: (ids: string[]) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const ids = [
    ...selected,
    ...typed
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter((s) => /^\d+$/.test(s)),
  ];
  return (
    <form
      className="composer"
      aria-labelledby="link-legend"
      onSubmit={(e) => {
        e.preventDefault();
        void onLink([...new Set(ids)]).then(() => setTyped(''));
      }}
    >
      <h4 id="link-legend">{t('interventions.tickets.link')}</h4>
      {suggested.length > 0 ? (
        <fieldset>
          <legend>{t('interventions.tickets.suggested')}</legend>
          {suggested.map((s) => (
            <div className="checkbox" key={s.id}>
              <input
                type="checkbox"
                id={`link-${s.id}`}
                checked={selected.includes(s.id)}
                onChange={(e) =>
                  setSelected(
                    e.target.checked ? [...selected, s.id] : selected.filter((v) => v !== s.id),
                  )
                }
              />
              <label htmlFor={`link-${s.id}`}>
                {s.code} <StatusBadge status={s.status} />
              </label>
            </div>
          ))}
        </fieldset>
      ) : (
        <p className="muted">{t('interventions.tickets.noSuggested')}</p>
      )}
      <div className="field">
        <label htmlFor="link-ids">{t('interventions.tickets.typedIds')}</label>
        <p className="hint" id="link-ids-hint">
          {t('interventions.tickets.typedIdsHint')}
        </p>
        <input
          id="link-ids"
          aria-describedby="link-ids-hint"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy || ids.length === 0}>
          {t('interventions.tickets.linkSubmit', { count: new Set(ids).size })}
        </button>
      </div>
    </form>
  );
}
