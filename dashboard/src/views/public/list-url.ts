// The public list's filters and page, kept in the address (/segnalazioni?stato=…&tipo=…&via=…&testo=…&pagina=2)
// so a reload keeps them, a link shares them, and back/forward walks through them. One reader and one
// writer: the defaults (the open statuses, page 1) are left out of the address.
import { ALL_STATUSES, OPEN_STATUSES, type TicketStatus } from '../../api/citizen.operations.js';
import type { TicketFilterInput } from '../../api/ticket.operations.js';

export interface ListState {
  statuses: TicketStatus[];
  categoryId: string;
  streetId: string;
  text: string;
  /** How many pages of the list are shown (the "Mostra altre" presses + 1). */
  pages: number;
}

export const DEFAULT_LIST: ListState = {
  statuses: OPEN_STATUSES,
  categoryId: '',
  streetId: '',
  text: '',
  pages: 1,
};

/** Pages a link may ask for at most (each is one more request of 50). */
export const MAX_PAGES = 20;
/** No status checked: "stato=nessuno" (an empty value would read as the default). */
const NO_STATUS = 'nessuno';
const ID = /^[0-9a-zA-Z-]{1,64}$/;

function sameStatuses(a: readonly TicketStatus[], b: readonly TicketStatus[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}

/** The list's state from the address's query; anything unknown or malformed takes its default. */
export function parseListUrl(search: string | URLSearchParams): ListState {
  const q = typeof search === 'string' ? new URLSearchParams(search) : search;
  const stato = q.get('stato');
  let statuses = DEFAULT_LIST.statuses;
  if (stato === NO_STATUS) statuses = [];
  else if (stato) {
    const asked = stato
      .split(',')
      .filter((s): s is TicketStatus => (ALL_STATUSES as readonly string[]).includes(s));
    // In the order of the check boxes, once each.
    if (asked.length) statuses = ALL_STATUSES.filter((s) => asked.includes(s));
  }
  const id = (v: string | null) => (v && ID.test(v) ? v : '');
  const page = Number(q.get('pagina'));
  return {
    statuses,
    categoryId: id(q.get('tipo')),
    streetId: id(q.get('via')),
    text: (q.get('testo') ?? '').trim().slice(0, 200),
    pages: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGES) : 1,
  };
}

/** The address's query for a state (defaults left out), in a fixed order. */
export function listUrlOf(state: ListState): URLSearchParams {
  const q = new URLSearchParams();
  if (!sameStatuses(state.statuses, DEFAULT_LIST.statuses))
    q.set(
      'stato',
      state.statuses.length
        ? ALL_STATUSES.filter((s) => state.statuses.includes(s)).join(',')
        : NO_STATUS,
    );
  if (state.categoryId) q.set('tipo', state.categoryId);
  if (state.streetId) q.set('via', state.streetId);
  if (state.text.trim()) q.set('testo', state.text.trim());
  if (state.pages > 1) q.set('pagina', String(state.pages));
  return q;
}

/** The API's filter for a state. */
export function filterOf(state: ListState): TicketFilterInput {
  return {
    statuses: state.statuses,
    categoryIds: state.categoryId ? [state.categoryId] : undefined,
    streetIds: state.streetId ? [state.streetId] : undefined,
    text: state.text.trim() || undefined,
  };
}
