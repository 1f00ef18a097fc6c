// Offline basemap data: the municipal boundary and every street line, drawn by deck.gl alone.
import { gql } from 'urql';

export const BASEMAP_QUERY = gql`
  query Basemap {
    municipality {
      id
      name
      boundary
      centre
    }
    streetGeometries {
      id
      name
      geometry
    }
  }
`;

export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

export interface StreetGeometry {
  id: string;
  name: string;
  geometry: GeoJsonGeometry;
}

export interface BasemapData {
  /** centre: a point on the comune's surface (ST_PointOnSurface), where the map opens. */
  municipality: {
    id: string;
    name: string;
    boundary: GeoJsonGeometry;
    centre: [lon: number, lat: number] | null;
  };
  streetGeometries: StreetGeometry[];
}

export interface ClientConfig {
  tileUrl: string | null;
  tileAttribution: string | null;
}

export async function loadClientConfig(): Promise<ClientConfig> {
  try {
    const response = await fetch('/config.json');
    if (!response.ok) return { tileUrl: null, tileAttribution: null };
    const body = (await response.json()) as Partial<ClientConfig>;
    return { tileUrl: body.tileUrl ?? null, tileAttribution: body.tileAttribution ?? null };
  } catch {
    return { tileUrl: null, tileAttribution: null };
  }
}
