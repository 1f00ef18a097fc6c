import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import type { Context } from './context.js';
import { PageArgs, toConnection, type ConnectionShape } from './connection.js';
import { Street, StreetConnection, StreetTicketCounts, toStreet } from './street.type.js';
import { TicketConnection, toTicket, type Ticket } from './ticket.type.js';
import { parseId } from '../domain/id.js';
import { AddressAt, toAddressAt } from './address-at.type.js';
import { PointInput } from './point.input.js';

@ArgsType()
class StreetsArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Part of the name; case, accents and small typos do not matter.',
  })
  @IsOptional()
  @MaxLength(100)
  search?: string | null;
}

@Resolver(() => Street)
export class StreetResolver {
  @Query(() => StreetConnection, {
    description: 'Streets of the municipality, searchable by name.',
  })
  async streets(
    @Args(() => StreetsArgs) args: StreetsArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<Street>> {
    const page = await ctx.services.streets.search(args.search, args.first, args.after);
    return toConnection({ ...page, nodes: page.nodes.map(toStreet) });
  }

  @Query(() => Street, {
    nullable: true,
    description: 'One street, with its active reports and counts.',
  })
  async street(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Street | null> {
    const row = await ctx.services.streets.street(parseId(id, 'id', 'int4'));
    return row ? toStreet(row) : null;
  }

  @Query(() => AddressAt, {
    description:
      'The nearest street of the comune to a point and its distance, for showing a chosen place as an address. A point outside the comune is OUTSIDE_MUNICIPALITY (or OTHER_MUNICIPALITY with the comune that serves it).',
  })
  async addressAt(
    @Arg('location', () => PointInput) location: PointInput,
    @Ctx() ctx: Context,
  ): Promise<AddressAt> {
    return toAddressAt(await ctx.services.streets.addressAt(location));
  }

  @FieldResolver(() => TicketConnection, {
    description: 'Open reports of this street, newest first.',
  })
  async activeTickets(
    @Root() street: Street,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionShape<Ticket>> {
    const page = await ctx.services.publicTickets.streetActive(
      Number(street.id),
      args.first,
      args.after,
    );
    return toConnection({ ...page, nodes: page.nodes.map(toTicket) });
  }

  @FieldResolver(() => StreetTicketCounts)
  ticketCounts(@Root() street: Street, @Ctx() ctx: Context): Promise<StreetTicketCounts> {
    return ctx.services.publicTickets.streetCounts(Number(street.id));
  }
}
