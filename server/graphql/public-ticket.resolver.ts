import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Int,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { IsOptional } from 'class-validator';
import { parseId } from '../domain/id.js';
import type { Context } from './context.js';
import { PageArgs, toConnection, type ConnectionShape } from './connection.js';
import { validatePoint } from '../domain/point.js';
import { PointInput } from './point.input.js';
import { TicketFilterInput, toTicketFilter } from './ticket-filter.input.js';
import { MAX_MAP_MARKERS } from '../services/public-ticket.service.js';
import {
  Ticket,
  TicketConnection,
  TicketEvent,
  TicketMarkers,
  TicketPhoto,
  TicketSummary,
  toTicket,
  toTicketEvent,
  toTicketMarker,
  toTicketSummary,
} from './ticket.type.js';

@ArgsType()
class TicketsArgs extends PageArgs {
  @Field(() => TicketFilterInput, { nullable: true })
  @IsOptional()
  filter?: TicketFilterInput | null;
}

@ArgsType()
class MarkersArgs {
  @Field(() => TicketFilterInput, { nullable: true })
  @IsOptional()
  filter?: TicketFilterInput | null;

  @Field(() => Int, {
    defaultValue: 2000,
    description: `How many markers at most (1–${MAX_MAP_MARKERS}); the newest are sent.`,
  })
  limit: number = 2000;
}

@ArgsType()
class NearbyArgs {
  @Field(() => PointInput) location!: PointInput;
  @Field(() => ID, {
    nullable: true,
    description: 'Only this category; its duplicate radius is the default radius.',
  })
  categoryId?: string | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Metres, up to 1,000 (default: the category’s duplicate radius, else 100).',
  })
  radiusM?: number | null;
}

@Resolver(() => Ticket)
export class PublicTicketResolver {
  @Query(() => Ticket, {
    nullable: true,
    description: 'A report by its tracking code (public view).',
  })
  async ticket(
    @Arg('code', () => String) code: string,
    @Ctx() ctx: Context,
  ): Promise<Ticket | null> {
    if (code.length > 40) return null;
    const row = await ctx.services.publicTickets.byCode(code);
    return row ? toTicket(row) : null;
  }

  @Query(() => TicketConnection, {
    description: 'All reports, newest first, with cursor pagination.',
  })
  async tickets(
    @Args(() => TicketsArgs) args: TicketsArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<Ticket>> {
    const page = await ctx.services.publicTickets.list(
      toTicketFilter(args.filter),
      args.first,
      args.after,
    );
    return toConnection({ ...page, nodes: page.nodes.map(toTicket) });
  }

  @Query(() => TicketMarkers, {
    description:
      'Every report matching the filter as a map marker (the newest `limit`), with the total: the public map.',
  })
  async ticketMarkers(
    @Args(() => MarkersArgs) args: MarkersArgs,
    @Ctx() ctx: Context,
  ): Promise<TicketMarkers> {
    const { markers, totalCount } = await ctx.services.publicTickets.markers(
      toTicketFilter(args.filter),
      args.limit,
    );
    return {
      markers: markers.map(toTicketMarker),
      totalCount,
      truncated: totalCount > markers.length,
    };
  }

  @Query(() => [TicketSummary], {
    description: 'Open reports near a point, nearest first (at most 10): possible duplicates.',
  })
  async nearbyTickets(
    @Args(() => NearbyArgs) args: NearbyArgs,
    @Ctx() ctx: Context,
  ): Promise<TicketSummary[]> {
    const { lon, lat } = validatePoint(args.location);
    const categoryId = args.categoryId ? parseId(args.categoryId, 'categoryId', 'int4') : null;
    const rows = await ctx.services.publicTickets.nearby(lon, lat, categoryId, args.radiusM);
    return rows.map(toTicketSummary);
  }

  @FieldResolver(() => [TicketPhoto])
  async photos(@Root() ticket: Ticket, @Ctx() ctx: Context): Promise<TicketPhoto[]> {
    const rows = await ctx.services.publicTickets.photos(ticket.ticketId);
    // A photo is served by its own comune: the default one at /attachments, any other under /c/{istat}.
    const istat = ctx.municipality.istat_code;
    const base = istat === ctx.services.deps.config.municipalityIstat ? '' : `/c/${istat}`;
    return rows.map((r) => ({
      id: r.id,
      url: `${base}/attachments/${r.id}`,
      contentType: r.content_type,
      width: r.width,
      height: r.height,
    }));
  }

  @FieldResolver(() => [TicketEvent], { description: 'Public history, oldest first.' })
  async timeline(@Root() ticket: Ticket, @Ctx() ctx: Context): Promise<TicketEvent[]> {
    return (await ctx.services.publicTickets.timeline(ticket.ticketId)).map(toTicketEvent);
  }
}
