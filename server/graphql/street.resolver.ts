import { Args, ArgsType, Ctx, Field, Query, Resolver } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import type { Context } from './context.js';
import { PageArgs, toConnection, type ConnectionShape } from './connection.js';
import { Street, StreetConnection, toStreet } from './street.type.js';

@ArgsType()
class StreetsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Part of the name; case, accents and small typos do not matter.' })
  @IsOptional()
  @MaxLength(100)
  search?: string | null;
}

@Resolver(() => Street)
export class StreetResolver {
  @Query(() => StreetConnection, { description: 'Streets of the municipality, searchable by name.' })
  async streets(@Args(() => StreetsArgs) args: StreetsArgs, @Ctx() ctx: Context): Promise<ConnectionShape<Street>> {
    const page = await ctx.services.streets.search(args.search, args.first, args.after);
    return toConnection({ ...page, nodes: page.nodes.map(toStreet) });
  }
}
