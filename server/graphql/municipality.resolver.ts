import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from './context.js';
import { Municipality } from './municipality.type.js';

@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Query(() => Municipality, { description: 'The municipality served, with its boundary.' })
  municipality(@Ctx() ctx: Context): Municipality {
    const m = ctx.municipality;
    return {
      id: String(m.id),
      name: m.name,
      istatCode: m.istat_code,
      localSrid: m.local_srid,
      boundary: JSON.parse(m.boundary) as Record<string, unknown>,
    };
  }
}
