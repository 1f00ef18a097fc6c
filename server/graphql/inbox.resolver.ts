import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { AppError } from '../domain/app-error.js';
import type { AccessRule } from '../domain/staff-access.js';
import { Category, toCategory } from './category.type.js';
import type { Context } from './context.js';
import { PageArgs, toConnection, type ConnectionShape } from './connection.js';
import {
  InboxArgs,
  InboxCountsArgs,
  InboxPointsArgs,
  toInboxFilter,
  toInboxOrder,
} from './inbox.input.js';
import { TicketStatus, toGraphQLStatus } from './ticket-status.enum.js';
import {
  Reporter,
  StaffAttachment,
  StaffMember,
  StaffTicket,
  StaffTicketConnection,
  SuggestedPriority,
  StaffTicketEvent,
  toStaffTicket,
  toSuggestedPriority,
  toStaffTicketEvent,
} from './staff-ticket.type.js';
import { parseId } from '../domain/id.js';
import { MAX_INBOX_POINTS } from '../services/inbox.service.js';

@ObjectType({ description: 'How many inbox tickets are in one status.' })
export class InboxStatusCount {
  @Field(() => TicketStatus) status!: TicketStatus;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Counts of the inbox for one filter, its status part left out.' })
export class InboxCounts {
  @Field(() => Int, { description: 'Every status together.' }) total!: number;
  @Field(() => [InboxStatusCount], { description: 'Every status, zeros included, in phase order.' })
  byStatus!: InboxStatusCount[];
}

@ObjectType({ description: 'Where one inbox ticket lies, for the map of the inbox.' })
export class InboxPoint {
  @Field(() => ID) id!: string;
  @Field(() => String) code!: string;
  @Field(() => String, { description: 'The title as the office reads it (as in the inbox).' })
  title!: string;
  @Field(() => TicketStatus) status!: TicketStatus;
  @Field(() => Float, { description: 'Longitude (WGS84).' }) lon!: number;
  @Field(() => Float, { description: 'Latitude (WGS84).' }) lat!: number;
}

@ObjectType({ description: 'The points of the inbox for one filter.' })
export class InboxPoints {
  @Field(() => [InboxPoint], { description: 'Newest first.' }) points!: InboxPoint[];
  @Field(() => Boolean, {
    description: 'More tickets match than `limit`: the points are the newest of them.',
  })
  truncated!: boolean;
}

@ObjectType({
  description:
    'Who a public reply (or any mail to the followers) reaches now, counted like the mailer sends it.',
})
export class ReplyRecipients {
  @Field(() => Boolean, {
    description: 'The reporter gets it: an e-mail given, not unsubscribed, not anonymised.',
  })
  reporter!: boolean;
  @Field(() => Int, {
    description: 'Supporters who get it (still subscribed; the reporter’s own address once).',
  })
  supporters!: number;
}

@Resolver(() => StaffTicket)
export class InboxResolver {
  @Authorized<AccessRule>('tickets:read')
  @Query(() => InboxPoints, {
    description: `The map of the inbox: where every ticket of this filter lies (the same tickets \`inbox\` lists to this viewer, all pages), newest first, at most \`limit\` (${MAX_INBOX_POINTS} by default and at most).`,
  })
  async inboxPoints(
    @Args(() => InboxPointsArgs) args: InboxPointsArgs,
    @Ctx() ctx: Context,
  ): Promise<InboxPoints> {
    const { points, truncated } = await ctx.services.inbox.points(
      ctx.viewer,
      toInboxFilter(args.filter),
      args.limit ?? undefined,
    );
    return {
      truncated,
      points: points.map((p) => ({
        id: String(p.id),
        code: p.code,
        title: p.title,
        status: toGraphQLStatus(p.status),
        lon: p.lon,
        lat: p.lat,
      })),
    };
  }

  @Authorized<AccessRule>('tickets:read')
  @Query(() => InboxCounts, {
    description:
      'Per status, how many tickets the inbox holds for this filter (its `statuses` ignored): the tabs of the inbox.',
  })
  async inboxCounts(
    @Args(() => InboxCountsArgs) args: InboxCountsArgs,
    @Ctx() ctx: Context,
  ): Promise<InboxCounts> {
    const rows = await ctx.services.inbox.counts(ctx.viewer, toInboxFilter(args.filter));
    const byStatus = Object.values(TicketStatus).map((status) => ({
      status,
      count: rows.find((r) => toGraphQLStatus(r.status) === status)?.count ?? 0,
    }));
    return { total: byStatus.reduce((n, s) => n + s.count, 0), byStatus };
  }

  @Authorized<AccessRule>('tickets:read')
  @Query(() => StaffTicketConnection, {
    description:
      "Staff inbox: an operator's offices (planners and admins: all), filtered and ordered.",
  })
  async inbox(
    @Args(() => InboxArgs) args: InboxArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<StaffTicket>> {
    const { order, direction } = toInboxOrder(args.orderBy, args.direction);
    const page = await ctx.services.inbox.inbox(
      ctx.viewer,
      toInboxFilter(args.filter),
      order,
      args.first,
      args.after,
      direction,
    );
    return toConnection({ ...page, nodes: page.nodes.map(toStaffTicket) });
  }

  @Authorized<AccessRule>('tickets:read')
  @Query(() => StaffTicket, {
    description:
      'One ticket with everything staff may see: history, internal notes, reporter (by role).',
  })
  async staffTicket(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<StaffTicket> {
    return toStaffTicket(
      await ctx.services.staffTickets.get(ctx.viewer, parseId(id, 'id', 'int8')),
    );
  }

  @Authorized<AccessRule>('admin')
  @Query(() => StaffTicketConnection, {
    description: 'Admins: every open ticket past its due date, most overdue first.',
  })
  async overdueTickets(
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<StaffTicket>> {
    const page = await ctx.services.inbox.overdue(ctx.viewer, args.first, args.after);
    return toConnection({ ...page, nodes: page.nodes.map(toStaffTicket) });
  }

  @FieldResolver(() => Reporter, {
    nullable: true,
    description:
      "Reporter's contact: operators of the ticket's office and admins; null for planners.",
  })
  async reporter(@Root() ticket: StaffTicket, @Ctx() ctx: Context): Promise<Reporter | null> {
    const row = await ctx.services.staffTickets.reporter(ctx.viewer, ticket.row, ctx.clientAddress);
    return row ? { email: row.email, name: row.name, phone: row.phone, locale: row.locale } : null;
  }

  @FieldResolver(() => [StaffTicketEvent], {
    description: 'Full history, oldest first, internal notes included.',
  })
  async events(@Root() ticket: StaffTicket, @Ctx() ctx: Context): Promise<StaffTicketEvent[]> {
    return (await ctx.services.staffTickets.events(ctx.viewer, ticket.row)).map(toStaffTicketEvent);
  }

  @FieldResolver(() => [StaffTicketEvent], {
    description: 'The history entries that carry a note (public and internal).',
  })
  async notes(@Root() ticket: StaffTicket, @Ctx() ctx: Context): Promise<StaffTicketEvent[]> {
    return (await ctx.services.staffTickets.events(ctx.viewer, ticket.row))
      .filter((e) => e.note !== null)
      .map(toStaffTicketEvent);
  }

  @FieldResolver(() => [String], {
    description:
      'The mutations this viewer may perform on the ticket now, from the server’s transition table and the viewer’s role and offices (acknowledgeTicket, startWork, resolveTicket, rejectTicket, reopenTicket, markDuplicate, setPriority, reassignTicket, assignTicket, addNote, setPhotoPublic, setAttachmentPublic, moderateTicket, forwardToContractor, revokeContractorLink). Empty for planners.',
  })
  availableActions(@Root() ticket: StaffTicket, @Ctx() ctx: Context): string[] {
    return ctx.services.staffTickets.availableActions(ctx.viewer, ticket.row);
  }

  @FieldResolver(() => [StaffAttachment], {
    description: "The citizen's photos, oldest first, hidden ones included.",
  })
  async attachments(@Root() ticket: StaffTicket, @Ctx() ctx: Context): Promise<StaffAttachment[]> {
    const rows = await ctx.services.staffTickets.attachments(ctx.viewer, ticket.row);
    return rows.map((a) => ({
      id: a.id,
      url: `/attachments/${a.id}`,
      contentType: a.content_type,
      width: a.width,
      height: a.height,
      public: a.public,
      pending: !a.public && a.reviewed_at === null,
    }));
  }

  @FieldResolver(() => [StaffMember], {
    description:
      "Active operators of the ticket's office it may be assigned to (empty when the viewer may not assign).",
  })
  async assignableStaff(@Root() ticket: StaffTicket, @Ctx() ctx: Context): Promise<StaffMember[]> {
    const rows = await ctx.services.staffTickets.assignableStaff(ctx.viewer, ticket.row);
    return rows.map((r) => ({ id: String(r.id), email: r.email, name: r.name }));
  }

  @FieldResolver(() => ReplyRecipients, {
    description:
      'Who a public reply would reach now: the composer says it before the reply is sent.',
  })
  replyRecipients(@Root() ticket: StaffTicket, @Ctx() ctx: Context): Promise<ReplyRecipients> {
    return ctx.services.staffTickets.replyRecipients(ctx.viewer, ticket.row);
  }

  @FieldResolver(() => SuggestedPriority)
  suggestedPriority(@Root() ticket: StaffTicket, @Ctx() ctx: Context): SuggestedPriority {
    return toSuggestedPriority(ctx.services.staffTickets.suggestedPriority(ticket.row));
  }

  @FieldResolver(() => Category)
  async category(@Root() ticket: StaffTicket, @Ctx() ctx: Context): Promise<Category> {
    const row = await ctx.loaders.category.load(ticket.row.category_id);
    if (!row) throw new AppError('NOT_FOUND', 'Categoria non trovata.');
    return toCategory(row);
  }
}
