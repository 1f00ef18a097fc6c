import { BitmapLayer } from '@deck.gl/layers';
import type { BBox } from '../map/geo';

const MAX_TILES = 36;

function lonToX(lon: number, z: number): number {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}
function latToY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
}
function xToLon(x: number, z: number): number {
  return (x / 2 ** z) * 360 - 180;
}
function yToLat(y: number, z: number): number {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
}

/**
 * Optional raster basemap (TILE_URL with {z}/{x}/{y}): one BitmapLayer per visible tile. Only used when
 * the server is configured with a tile URL; the default map needs no network beyond our own API.
 */
export function rasterTileLayers(template: string, bounds: BBox, zoom: number): BitmapLayer[] {
  const z = Math.max(0, Math.min(19, Math.round(zoom)));
  const [x0, x1] = [lonToX(bounds[0], z), lonToX(bounds[2], z)];
  const [y0, y1] = [latToY(bounds[3], z), latToY(bounds[1], z)];
  const layers: BitmapLayer[] = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      if (layers.length >= MAX_TILES) return layers;
      const url = template
        .replace('{z}', String(z))
        .replace('{x}', String(x))
        .replace('{y}', String(y));
      layers.push(
        new BitmapLayer({
          id: `raster-tile-${z}-${x}-${y}`,
          image: url,
          bounds: [xToLon(x, z), yToLat(y + 1, z), xToLon(x + 1, z), yToLat(y, z)],
          pickable: false,
        }),
      );
    }
  }
  return layers;
}
