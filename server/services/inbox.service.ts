// The staff inbox: an operator sees the tickets of its offices, planners and admins all of them;
// filter by the shared TicketFilter plus priority, overdue, due soon, assignee and channel; order by
// any sortable column, ascending or descending. Offset cursors: the suggested order moves with time,
// so a keyset on it would skip or repeat rows between pages anyway; every order ends on the id, so the
// pages of a list that does not change meanwhile hold every ticket exactly once.
import type pg from 'pg';
import { withTransaction } from '../db/pool.js';
import {
  countInboxByStatus,
  listInbox,
  type InboxConditions,
  type InboxOrderKey,
  type SortDirection,
  type StaffTicketRow,
} from '../db/inbox.queries.js';
import { offsetPage, type Page } from '../domain/page.js';
import { requireAdmin, requireTicketRead, visibleOfficeIds } from '../domain/staff-access.js';
import type { TicketFilter } from '../domain/ticket-filter.js';
import type { TicketStatus } from '../domain/ticket-status.js';
import type { Viewer } from '../domain/viewer.js';

// Two settings for the page queries, from EXPLAIN ANALYZE on the comuni bench databases (one comune of
// 20,000 tickets alone, and the same comune among 50 with 1,000,000 in all, `npm run bench -- comuni`):
// - jit off: the suggested order costs one spatial lookup per open ticket, which the planner prices high
//   enough to JIT-compile the query: 1.0-1.2 s of compilation for 0.15-0.5 s of work.
// - seqscan off: among 50 comuni the planner chose to read the whole shared ticket table (42,000 pages,
//   0.9 s) for one comune's 20,000 rows. Every inbox query filters by municipality_id and every ticket
//   index leads with it, so there is always an index path; a comune's rows are read through it.
// Both queries of a page run in one read-only transaction with them.
const INBOX_BEGIN = 'begin read only; set local jit = off; set local enable_seqscan = off';

export interface InboxFilter extends TicketFilter {
  priorities?: number[];
  overdue?: boolean;
  dueSoon?: boolean;
  /** Only the tickets assigned to the viewer. */
  assignedToMe?: boolean;
}

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
