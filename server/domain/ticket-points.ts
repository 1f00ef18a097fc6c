// Packs map points for deck.gl binary attributes: typed arrays, little-endian, base64 on the wire.
//   positions  Float32Array, 2 per ticket: longitude, latitude (WGS84 degrees)
//   categories Uint8Array, 1 per ticket: index into `legend` (255 = category not in the legend)
//   statuses   Uint8Array, 1 per ticket: index into TICKET_STATUSES
//   ageDays    Uint16Array, 1 per ticket: whole days since the report, capped at 65535
import { TICKET_STATUSES, type TicketStatus } from './ticket-status.js';

export interface PackedPoints {
  count: number;
  positions: string;
  categories: string;
  statuses: string;
  ageDays: string;
}

export const UNKNOWN_CATEGORY_INDEX = 255;

const STATUS_INDEX = new Map<string, number>(TICKET_STATUSES.map((s, i) => [s, i]));

function base64(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
}

/** points: [lon, lat, categoryId, status, ageDays]; legendIds: category ids in legend order (at most 255). */
export function packPoints(points: readonly (readonly [number, number, number, string, number])[], legendIds: readonly number[]): PackedPoints {
  const n = points.length;
  const legendIndex = new Map(legendIds.map((id, i) => [id, i]));
  const positions = new Float32Array(n * 2);
  const categories = new Uint8Array(n);
  const statuses = new Uint8Array(n);
  const ages = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const [lon, lat, categoryId, status, age] = points[i];
    positions[2 * i] = lon;
    positions[2 * i + 1] = lat;
    categories[i] = legendIndex.get(categoryId) ?? UNKNOWN_CATEGORY_INDEX;
    statuses[i] = STATUS_INDEX.get(status) ?? 0;
    ages[i] = Math.min(65535, Math.max(0, age));
  }
  // Uint16 and Float32 views must be little-endian for browsers; every platform Node runs on is.
  return { count: n, positions: base64(positions), categories: base64(categories), statuses: base64(statuses), ageDays: base64(ages) };
}

/** The inverse of packPoints, for tests and Node clients. */
export function unpackPoints(packed: PackedPoints): { positions: Float32Array; categories: Uint8Array; statuses: TicketStatus[]; ageDays: Uint16Array } {
  const bytes = (s: string) => {
    const b = Buffer.from(s, 'base64');
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  };
  return {
    positions: new Float32Array(bytes(packed.positions)),
    categories: new Uint8Array(bytes(packed.categories)),
    statuses: Array.from(new Uint8Array(bytes(packed.statuses)), (i) => TICKET_STATUSES[i]),
    ageDays: new Uint16Array(bytes(packed.ageDays)),
  };
}
