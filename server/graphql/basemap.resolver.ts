// Data for the dashboard's offline basemap: every street line, simplified, in one request.
import { GraphQLJSONObject } from 'graphql-scalars';
import { Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from './context.js';

@ObjectType({ description: 'A street line for drawing the map (simplified to about a metre).' })
export class StreetGeometry {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Name as people write it.' })
  name!: string;

  @Field(() => GraphQLJSONObject, { description: 'GeoJSON MultiLineString (WGS84, lon/lat).' })
  geometry!: Record<string, unknown>;
}

@Resolver(() => StreetGeometry)
export class BasemapResolver {
  @Query(() => [StreetGeometry], {
    description: 'All street lines of the municipality, for the offline basemap.',
  })
  async streetGeometries(@Ctx() ctx: Context): Promise<StreetGeometry[]> {
    const rows = await ctx.services.streets.geometries();
    return rows.map((row) => ({
      id: String(row.id),
      name: row.name_display,
      geometry: JSON.parse(row.geometry) as Record<string, unknown>,
    }));
  }
}
