// The staff inbox: an operator sees the tickets of its offices, planners and admins all of them;
// filter by the shared TicketFilter plus priority, overdue and due soon; order by suggested priority,
// priority, due date or age. Offset cursors: the suggested order moves with time, so a keyset on it
// would skip or repeat rows between pages anyway.
import type pg from 'pg';
import { withTransaction } from '../db/pool.js';
import { listInbox, type InboxOrderKey, type StaffTicketRow } from '../db/inbox.queries.js';
import { offsetPage, type Page } from '../domain/page.js';
import { requireAdmin, requireTicketRead, visibleOfficeIds } from '../domain/staff-access.js';
import type { TicketFilter } from '../domain/ticket-filter.js';
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
  ): Promise<Page<StaffTicketRow>> {
    const staff = requireTicketRead(viewer);
    const { priorities, overdue, dueSoon, officeIds, ...ticketFilter } = filter;
    const offices = visibleOfficeIds(staff, officeIds);
    return this.page(
      { filter: ticketFilter, officeIds: offices, priorities, overdue, dueSoon, order },
      first,
      after,
    );
  }

  /** Admins: every open ticket past its due date, most overdue first. */
  async overdue(
    viewer: Viewer | null,
    first: number,
    after?: string | null,
  ): Promise<Page<StaffTicketRow>> {
    requireAdmin(viewer);
    return this.page({ filter: {}, overdue: true, order: 'due' }, first, after);
  }

  private async page(
    q: {
      filter: TicketFilter;
      officeIds?: number[];
      priorities?: number[];
      overdue?: boolean;
      dueSoon?: boolean;
      order: InboxOrderKey;
    },
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
