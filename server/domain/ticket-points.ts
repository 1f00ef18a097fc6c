// Packs map points for deck.gl binary attributes: typed arrays, little-endian, base64 on the wire.
//   positions  Float32Array, 2 per ticket: longitude, latitude (WGS84 degrees)
//   categories Uint8Array, 1 per ticket: index into `legend` (255 = category not in the legend)
//   statuses   Uint8Array, 1 per ticket: index into TICKET_STATUSES
// The same entry of every array is the same ticket; the order of the tickets is unspecified.
//   ageDays    Uint16Array, 1 per ticket: whole days since the report, capped at 65535
import { TICKET_STATUSES, type TicketStatus } from './ticket-status.js';

export const POINT_STATUS_ORDER: readonly TicketStatus[] = TICKET_STATUSES;

export interface PackedPoints {
  count: number;
  positions: string;
  categories: string;
  statuses: string;
  ageDays: string;
}

export const UNKNOWN_CATEGORY_INDEX = 255;

export interface BigEndianArrays {
  count: number;
  /** float32 pairs, big-endian (network order, as PostgreSQL's float4send writes them). */
  positions: Buffer | null;
  categories: Buffer | null;
  statuses: Buffer | null;
  /** uint16, big-endian. */
  ageDays: Buffer | null;
}

/** Turns the big-endian arrays the database builds into the little-endian base64 the browser reads. */
export function packPoints(arrays: BigEndianArrays): PackedPoints {
  const empty = Buffer.alloc(0);
  // Copies: swap32/swap16 work in place and pg may share the buffers.
  const positions = Buffer.from(arrays.positions ?? empty).swap32();
  const ages = Buffer.from(arrays.ageDays ?? empty).swap16();
  return {
    count: arrays.count,
    positions: positions.toString('base64'),
    categories: (arrays.categories ?? empty).toString('base64'),
    statuses: (arrays.statuses ?? empty).toString('base64'),
    ageDays: ages.toString('base64'),
  };
}

/** Decodes the base64 arrays, for tests and Node clients (little-endian platforms). */
export function unpackPoints(packed: PackedPoints): {
  positions: Float32Array;
  categories: Uint8Array;
  statuses: TicketStatus[];
  ageDays: Uint16Array;
} {
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
