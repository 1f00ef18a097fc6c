// The staff inbox: an operator sees the tickets of its offices, planners and admins all of them;
// filter by the shared TicketFilter plus priority, overdue and due soon; order by suggested priority,
// priority, due date or age. Offset cursors: the suggested order moves with time, so a keyset on it
// would skip or repeat rows between pages anyway.
import type pg from 'pg';
import {
  listInbox,
  type InboxOrderKey,
  type InboxQuery,
  type StaffTicketRow,
} from '../db/inbox.queries.js';
import { offsetPage, type Page } from '../domain/page.js';
import { requireAdmin, requireTicketRead, visibleOfficeIds } from '../domain/staff-access.js';
import type { TicketFilter } from '../domain/ticket-filter.js';
import type { Viewer } from '../domain/viewer.js';

export interface InboxFilter extends TicketFilter {
  priorities?: number[];
  overdue?: boolean;
  dueSoon?: boolean;
  /** Only the viewer's own tickets (assignee_id). */
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
  ): Promise<Page<StaffTicketRow>> {
    const staff = requireTicketRead(viewer);
    const { priorities, overdue, dueSoon, officeIds, assignedToMe, ...ticketFilter } = filter;
    const offices = visibleOfficeIds(staff, officeIds);
    const assigneeId = assignedToMe ? staff.staffId : undefined;
    return this.page(
      { filter: ticketFilter, officeIds: offices, priorities, overdue, dueSoon, assigneeId, order },
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
    q: Omit<InboxQuery, 'offset' | 'limit'>,
    first: number,
    after?: string | null,
  ): Promise<Page<StaffTicketRow>> {
    return offsetPage(
      (offset, limit) => listInbox(this.pool, this.municipalityId, { ...q, offset, limit }),
      first,
      after,
    );
  }
}
