// The staff inbox: an operator sees the tickets of its offices, planners and admins all of them;
// filter by the shared TicketFilter plus priority, overdue, due soon, assignee and channel; order by
// any sortable column, ascending or descending. The list, its counts and its map (points) all take
// their conditions from conditions() below, so the three always show the same tickets. Offset cursors: the suggested order moves with time,
// so a keyset on it would skip or repeat rows between pages anyway; every order ends on the id, so the
// pages of a list that does not change meanwhile hold every ticket exactly once.
import type pg from 'pg';
import { withTransaction } from '../db/pool.js';
import {
  countInboxByStatus,
  listInbox,
  listInboxPoints,
  type InboxConditions,
  type InboxPointRow,
  type InboxOrderKey,
  type SortDirection,
  type StaffTicketRow,
} from '../db/inbox.queries.js';
import { badInput } from '../domain/app-error.js';
import { offsetPage, type Page } from '../domain/page.js';
import { requireAdmin, requireTicketRead, visibleOfficeIds } from '../domain/staff-access.js';
import type { TicketFilter } from '../domain/ticket-filter.js';
import type { TicketStatus } from '../domain/ticket-status.js';
import type { Viewer } from '../domain/viewer.js';

// The page queries run in one read-only transaction with JIT off. The suggested order used to count the
// open tickets near every open ticket on each page; that count is now stored (sql/051), and the page query
// is a scan of the comune's matching tickets with a sort. Its cost estimate still grows with the rows it
// sorts (≈ 3,900 for 20,000 tickets, ≈ 190,000 for a comune of 1,000,000 seen whole), past
// jit_above_cost (100,000), where PostgreSQL would spend 100-1,000 ms compiling expressions for a query
// that runs in tens of milliseconds. (The former `enable_seqscan = off` is gone: it was there for the
// per-ticket spatial count, and in a database where one comune holds most tickets a sequential scan is
// the right plan for it.)
export const INBOX_BEGIN = 'begin read only; set local jit = off';

export interface InboxFilter extends TicketFilter {
  priorities?: number[];
  overdue?: boolean;
  dueSoon?: boolean;
  /** Only the tickets assigned to the viewer. */
  assignedToMe?: boolean;
}

/** The most points one inboxPoints answer holds (and its default). */
export const MAX_INBOX_POINTS = 5000;

export class InboxService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly municipalityId: number,
  ) {}

  async inbox(
    viewer: Viewer | null,
    filter: InboxFilter,
    order: InboxOrderKey,
    first: number,
    after?: string | null,
    direction: SortDirection = 'asc',
  ): Promise<Page<StaffTicketRow>> {
    const conditions = this.conditions(requireTicketRead(viewer), filter);
    return this.page({ ...conditions, order, direction }, first, after);
  }

  /** Per status, how many tickets match the same filter without its own status part (the tabs' counts). */
  async counts(
    viewer: Viewer | null,
    filter: InboxFilter,
  ): Promise<{ status: TicketStatus; count: number }[]> {
    const conditions = this.conditions(requireTicketRead(viewer), filter);
    return countInboxByStatus(this.pool, this.municipalityId, conditions);
  }

  /**
   * The map of the inbox: the points of every ticket the same filter lists, seen by the same viewer
   * (the same conditions), newest first and at most `limit`; `truncated` when more matched.
   */
  async points(
    viewer: Viewer | null,
    filter: InboxFilter,
    limit = MAX_INBOX_POINTS,
  ): Promise<{ points: InboxPointRow[]; truncated: boolean }> {
    const conditions = this.conditions(requireTicketRead(viewer), filter);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_INBOX_POINTS)
      throw badInput('limit', `Il limite va da 1 a ${MAX_INBOX_POINTS} punti.`);
    const rows = await withTransaction(
      this.pool,
      (tx) => listInboxPoints(tx, this.municipalityId, conditions, limit + 1),
      INBOX_BEGIN,
    );
    return { points: rows.slice(0, limit), truncated: rows.length > limit };
  }

  /** Admins: every open ticket past its due date, most overdue first. */
  async overdue(
    viewer: Viewer | null,
    first: number,
    after?: string | null,
  ): Promise<Page<StaffTicketRow>> {
    requireAdmin(viewer);
    return this.page({ filter: {}, overdue: true, order: 'due', direction: 'asc' }, first, after);
  }

  private conditions(staff: Viewer, filter: InboxFilter): InboxConditions {
    const { priorities, overdue, dueSoon, officeIds, assignedToMe, ...ticketFilter } = filter;
    return {
      filter: ticketFilter,
      officeIds: visibleOfficeIds(staff, officeIds),
      priorities,
      overdue,
      dueSoon,
      assigneeId: assignedToMe ? staff.staffId : undefined,
    };
  }

  private async page(
    q: InboxConditions & { order: InboxOrderKey; direction: SortDirection },
    first: number,
    after?: string | null,
  ): Promise<Page<StaffTicketRow>> {
    return offsetPage(
      (offset, limit) =>
        withTransaction(
          this.pool,
          (tx) => listInbox(tx, this.municipalityId, { ...q, offset, limit }),
          INBOX_BEGIN,
        ),
      first,
      after,
    );
  }
}
