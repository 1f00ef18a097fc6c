import { Field, Float, InputType } from 'type-graphql';
import { badInput } from '../domain/app-error.js';

@InputType({ description: 'A point in WGS84 degrees.' })
export class PointInput {
  @Field(() => Float, { description: 'Latitude, -90 to 90.' })
  lat!: number;

  @Field(() => Float, { description: 'Longitude, -180 to 180.' })
  lon!: number;
}

/** Checks a point's range; the field name goes into the BAD_USER_INPUT error. */
export function validatePoint(point: PointInput, field = 'location'): { lon: number; lat: number } {
  const { lat, lon } = point;
  if (
    !Number.isFinite(lat) ||
    !Number.isFinite(lon) ||
    lat < -90 ||
    lat > 90 ||
    lon < -180 ||
    lon > 180
  ) {
    throw badInput(
      field,
      'Coordinate non valide: latitudine tra -90 e 90, longitudine tra -180 e 180.',
    );
  }
  return { lon, lat };
}
