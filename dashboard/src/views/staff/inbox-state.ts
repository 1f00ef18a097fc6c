// The inbox's filter, order and view, kept in the URL's search parameters so that a link, a reload or
// the back button gives the same list. Absent parameters are the defaults (open tickets, suggested order).
import { ALL_STATUSES, OPEN_STATUSES, type TicketStatus } from '../../api/citizen.operations';
import {
  INBOX_ORDERS,
  REPORT_CHANNELS,
  type InboxFilterInput,
  type InboxOrder,
  type ReportChannel,
  type SortDirection,
} from '../../api/staff.operations';

export interface InboxState {
  text: string;
  statuses: TicketStatus[];
  categoryId: string;
  priority: string;
  streetId: string;
  streetName: string;
  officeId: string;
  channel: ReportChannel | '';
  overdue: boolean;
  dueSoon: boolean;
  mine: boolean;
  order: InboxOrder;
  direction: SortDirection;
  view: 'list' | 'map';
}

export const DEFAULT_ORDER: InboxOrder = 'SUGGESTED_PRIORITY';

const isStatus = (s: string): s is TicketStatus => (ALL_STATUSES as string[]).includes(s);

export function readInboxState(params: URLSearchParams): InboxState {
  const stato = params.get('stato');
  const order = params.get('ordine') ?? '';
  const channel = params.get('canale') ?? '';
  return {
    text: params.get('q') ?? '',
    // No parameter: the open ones; an empty one ("stato="): every status.
    statuses: stato === null ? OPEN_STATUSES : stato.split(',').filter(isStatus),
    categoryId: params.get('tipo') ?? '',
    priority: /^[1-4]$/.test(params.get('priorita') ?? '') ? params.get('priorita')! : '',
    streetId: params.get('via') ?? '',
    streetName: params.get('nomeVia') ?? '',
    officeId: params.get('ufficio') ?? '',
    channel: (REPORT_CHANNELS as readonly string[]).includes(channel)
      ? (channel as ReportChannel)
      : '',
    overdue: params.get('scadute') === '1',
    dueSoon: params.get('inScadenza') === '1',
    mine: params.get('mie') === '1',
    order: (INBOX_ORDERS as readonly string[]).includes(order)
      ? (order as InboxOrder)
      : DEFAULT_ORDER,
    direction: params.get('verso') === 'desc' ? 'DESC' : 'ASC',
    view: params.get('vista') === 'mappa' ? 'map' : 'list',
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

export function writeInboxState(state: InboxState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.text) p.set('q', state.text);
  if (!sameList(state.statuses, OPEN_STATUSES)) p.set('stato', state.statuses.join(','));
  if (state.categoryId) p.set('tipo', state.categoryId);
  if (state.priority) p.set('priorita', state.priority);
  if (state.streetId) {
    p.set('via', state.streetId);
    p.set('nomeVia', state.streetName);
  }
  if (state.officeId) p.set('ufficio', state.officeId);
  if (state.channel) p.set('canale', state.channel);
  if (state.overdue) p.set('scadute', '1');
  if (state.dueSoon) p.set('inScadenza', '1');
  if (state.mine) p.set('mie', '1');
  if (state.order !== DEFAULT_ORDER) p.set('ordine', state.order);
  if (state.direction === 'DESC') p.set('verso', 'desc');
  if (state.view === 'map') p.set('vista', 'mappa');
  return p;
}

/** The GraphQL filter of the list; `withStatuses: false` for the counts per status. */
export function toInboxFilter(state: InboxState, withStatuses = true): InboxFilterInput {
  return {
    text: state.text.trim() || undefined,
    statuses: withStatuses && state.statuses.length ? state.statuses : undefined,
    categoryIds: state.categoryId ? [state.categoryId] : undefined,
    priorities: state.priority ? [Number(state.priority)] : undefined,
    streetIds: state.streetId ? [state.streetId] : undefined,
    officeIds: state.officeId ? [state.officeId] : undefined,
    channels: state.channel ? [state.channel] : undefined,
    overdue: state.overdue || undefined,
    dueSoon: state.dueSoon || undefined,
    assignedToMe: state.mine || undefined,
  };
}
