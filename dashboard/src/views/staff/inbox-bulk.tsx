// The bulk action bar of the inbox: one action on the selected tickets, each changed (or refused) on
// its own by the server; then a summary of what succeeded and, per refused ticket, why.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import {
  BULK_UPDATE_MUTATION,
  COLLEAGUES_QUERY,
  OFFICES_QUERY,
  type BulkActionKind,
  type BulkTicketResult,
  type Colleague,
  type InboxNode,
} from '../../api/staff.operations';
import { programmePath } from '../interventions/paths';

const ACTIONS: BulkActionKind[] = ['ACKNOWLEDGE', 'SET_PRIORITY', 'ASSIGN', 'REASSIGN_OFFICE'];
const KNOWN_CODES = [
  'CONFLICT',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'TICKET_CLOSED',
  'BAD_USER_INPUT',
];

/** The new-intervention form prefilled with these reports (and their office, when they share one). */
function interventionFromTickets(selected: InboxNode[]): string {
  const offices = new Set(selected.map((n) => n.office.id));
  const q = new URLSearchParams({
    segnalazioni: selected.map((n) => n.id).join(','),
    codici: selected.map((n) => n.code).join(','),
    ...(offices.size === 1 ? { ufficio: [...offices][0] } : {}),
  });
  return `${programmePath('nuovo')}?${q.toString()}`;
}

interface Summary {
  ok: number;
  refused: { code: string; ticket: string; reason: string }[];
}

export function InboxBulkBar({
  selected,
  onClear,
  onDone,
}: {
  selected: InboxNode[];
  onClear: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<BulkActionKind>('ACKNOWLEDGE');
  const [value, setValue] = useState('');
  const [summary, setSummary] = useState<Summary | null>(null);
  const [failed, setFailed] = useState(false);
  const [{ fetching }, run] = useMutation<{ bulkUpdateTickets: BulkTicketResult[] }>(
    BULK_UPDATE_MUTATION,
  );
  const [colleagues] = useQuery<{ colleagues: Colleague[] }>({
    query: COLLEAGUES_QUERY,
    pause: kind !== 'ASSIGN',
  });
  const [offices] = useQuery<{ offices: { id: string; name: string }[] }>({
    query: OFFICES_QUERY,
    pause: kind !== 'REASSIGN_OFFICE',
  });
  const needsValue = kind === 'SET_PRIORITY' || kind === 'REASSIGN_OFFICE';

  const apply = async () => {
    setFailed(false);
    const action =
      kind === 'SET_PRIORITY'
        ? { kind, priority: Number(value) }
        : kind === 'ASSIGN'
          ? { kind, assigneeId: value || null }
          : kind === 'REASSIGN_OFFICE'
            ? { kind, officeId: value }
            : { kind };
    const result = await run({
      ids: selected.map((n) => n.id),
      versions: selected.map((n) => n.version),
      action,
    });
    if (result.error || !result.data) {
      setFailed(true);
      return;
    }
    const codes = new Map(selected.map((n) => [n.id, n.code]));
    const results = result.data.bulkUpdateTickets;
    setSummary({
      ok: results.filter((r) => r.ok).length,
      refused: results
        .filter((r) => !r.ok)
        .map((r) => ({
          code: r.code ?? '',
          ticket: codes.get(r.id) ?? r.id,
          reason: KNOWN_CODES.includes(r.code ?? '')
            ? t(`staff.work.codes.${r.code}`)
            : (r.message ?? r.code ?? ''),
        })),
    });
    onDone();
  };

  return (
    <div className="bulk-bar">
      {selected.length > 0 ? (
        <form
          className="filters"
          aria-label={t('staff.work.selected', { count: selected.length })}
          onSubmit={(e) => {
            e.preventDefault();
            void apply();
          }}
        >
          <strong>{t('staff.work.selected', { count: selected.length })}</strong>
          <div className="field">
            <label htmlFor="bulk-action">{t('staff.work.bulkAction')}</label>
            <select
              id="bulk-action"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as BulkActionKind);
                setValue('');
              }}
            >
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(`staff.work.actions.${a}`)}
                </option>
              ))}
            </select>
          </div>
          {kind === 'SET_PRIORITY' ? (
            <div className="field narrow">
              <label htmlFor="bulk-value">{t('staff.priority')}</label>
              <select id="bulk-value" value={value} onChange={(e) => setValue(e.target.value)}>
                <option value="">–</option>
                {[1, 2, 3, 4].map((p) => (
                  <option key={p} value={String(p)}>
                    {t(`staff.priorities.${p}`)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {kind === 'ASSIGN' ? (
            <div className="field">
              <label htmlFor="bulk-value">{t('staff.work.assignee')}</label>
              <select id="bulk-value" value={value} onChange={(e) => setValue(e.target.value)}>
                <option value="">{t('staff.work.unassign')}</option>
                {(colleagues.data?.colleagues ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name || c.email}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {kind === 'REASSIGN_OFFICE' ? (
            <div className="field">
              <label htmlFor="bulk-value">{t('staff.work.office')}</label>
              <select id="bulk-value" value={value} onChange={(e) => setValue(e.target.value)}>
                <option value="">–</option>
                {(offices.data?.offices ?? []).map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="submit" disabled={fetching || (needsValue && !value)}>
            {t('staff.work.apply')}
          </button>
          <button type="button" className="secondary" onClick={onClear}>
            {t('staff.work.deselect')}
          </button>
          {/* Issue 13: the selected reports as a new intervention (planners and admins; the server refuses others). */}
          <Link className="button-link" to={interventionFromTickets(selected)}>
            {t('interventions.fromInbox', { count: selected.length })}
          </Link>
        </form>
      ) : null}
      {failed ? <p role="alert">{t('app.error')}</p> : null}
      <div role="status" className="bulk-summary">
        {summary ? (
          <>
            <p>{t('staff.work.summary', { ok: summary.ok, refused: summary.refused.length })}</p>
            {summary.refused.length > 0 ? (
              <ul aria-label={t('staff.work.refusedList')}>
                {summary.refused.map((r) => (
                  <li key={r.ticket}>
                    <strong>{r.ticket}</strong>: {r.reason}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
