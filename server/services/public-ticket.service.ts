// What anyone may read about tickets: one ticket by code, the public list, duplicate hints, and the
// active tickets of a street. Rows come from queries that never select reporter or supporter data, and
// carry the public copy of the text, masked once more here (maskPublicText): whatever is built on this
// service (GraphQL, pages, Open311) shows no personal data.
import type { Queryable } from '../db/pool.js';
import { findCategory } from '../db/category.queries.js';
import { listTicketAttachments, type AttachmentMetaRow } from '../db/attachment.queries.js';
import {
  countStreetTickets,
  countTickets,
  findNearbyTickets,
  findPublicTicketByCode,
  listPublicEvents,
  listPublicTickets,
  listTicketMarkers,
  type NearbyTicketRow,
  type PublicEventRow,
  type PublicTicketRow,
  type StreetCountsRow,
  type TicketMarkerRow,
} from '../db/ticket.queries.js';
import { maskNullable, maskPersonalData } from '../domain/personal-data-mask.js';
import { badInput } from '../domain/app-error.js';
import { decodeKeyCursor, encodeKeyCursor } from '../domain/cursor.js';
import type { Page } from '../domain/page.js';
import type { TicketFilter } from '../domain/ticket-filter.js';
import { OPEN_STATUSES } from '../domain/ticket-status.js';
import { normalizeTrackingCode, TRACKING_CODE_PATTERN } from '../domain/tracking-code.js';

/** A row's public title and description (and note) with personal data masked: the one exit for public text. */
export function maskPublicText<T extends { title: string; description?: string }>(row: T): T {
  return {
    ...row,
    title: maskPersonalData(row.title),
    ...(row.description === undefined ? {} : { description: maskPersonalData(row.description) }),
  };
}

/** Without a category, duplicate hints look 100 m around (see NEARBY_TICKETS); with one, as far as its duplicate radius. */
export const MAX_NEARBY_RADIUS_M = 1000;

/** The public map shows at most this many reports (the newest), and says so when there are more. */
export const MAX_MAP_MARKERS = 5000;

export interface TicketMarkers {
  markers: TicketMarkerRow[];
  totalCount: number;
}

export class PublicTicketService {
  constructor(
    private readonly db: Queryable,
    private readonly municipalityId: number,
    /** SEGNALA_CITUS: queries shaped for Citus's routing. */
    private readonly citus = false,
  ) {}

  async byCode(rawCode: string): Promise<PublicTicketRow | undefined> {
    const code = normalizeTrackingCode(rawCode);
    if (!TRACKING_CODE_PATTERN.test(code)) return undefined;
    const row = await findPublicTicketByCode(this.db, this.municipalityId, code);
    return row && maskPublicText(row);
  }

  async list(
    filter: TicketFilter,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<PublicTicketRow>> {
    const afterId = decodeKeyCursor(after);
    const [rows, totalCount] = await Promise.all([
      listPublicTickets(this.db, this.municipalityId, filter, afterId, first + 1),
      countTickets(this.db, this.municipalityId, filter),
    ]);
    const nodes = rows.slice(0, first).map(maskPublicText);
    return {
      nodes,
      cursors: nodes.map((r) => encodeKeyCursor(r.id)),
      hasNextPage: rows.length > first,
      totalCount,
    };
  }

  /** Every matching report on the map (the newest `limit`), with how many match in all. */
  async markers(filter: TicketFilter, limit: number): Promise<TicketMarkers> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MAP_MARKERS) {
      throw badInput(
        'limit',
        `Numero di segnalazioni sulla mappa non valido: tra 1 e ${MAX_MAP_MARKERS}.`,
      );
    }
    const [markers, totalCount] = await Promise.all([
      listTicketMarkers(this.db, this.municipalityId, filter, limit),
      countTickets(this.db, this.municipalityId, filter),
    ]);
    return { markers, totalCount };
  }

  /** Open tickets near a point (duplicate hints), nearest first, at most 10. */
  async nearby(
    lon: number,
    lat: number,
    categoryId: number | null,
    radiusM: number | null | undefined,
  ): Promise<NearbyTicketRow[]> {
    if (
      radiusM !== null &&
      radiusM !== undefined &&
      (!Number.isFinite(radiusM) || radiusM <= 0 || radiusM > MAX_NEARBY_RADIUS_M)
    ) {
      throw badInput('radiusM', `Raggio non valido: tra 0 e ${MAX_NEARBY_RADIUS_M} metri.`);
    }
    const rows = await findNearbyTickets(
      this.db,
      this.municipalityId,
      lon,
      lat,
      categoryId,
      radiusM ?? null,
      this.citus,
    );
    // Only an empty answer needs to tell "no duplicates" from "no such category".
    if (
      rows.length === 0 &&
      categoryId !== null &&
      !(await findCategory(this.db, this.municipalityId, categoryId))
    ) {
      throw badInput('categoryId', 'Categoria sconosciuta.');
    }
    return rows.map(maskPublicText);
  }

  streetActive(
    streetId: number,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<PublicTicketRow>> {
    return this.list({ streetIds: [streetId], statuses: [...OPEN_STATUSES] }, first, after);
  }

  streetCounts(streetId: number): Promise<StreetCountsRow> {
    return countStreetTickets(this.db, this.municipalityId, streetId);
  }

  async timeline(ticketId: number): Promise<PublicEventRow[]> {
    const events = await listPublicEvents(this.db, this.municipalityId, ticketId);
    return events.map((e) => ({ ...e, note: maskNullable(e.note) }));
  }

  photos(ticketId: number): Promise<AttachmentMetaRow[]> {
    return listTicketAttachments(this.db, this.municipalityId, ticketId);
  }
}
