import DataLoader from 'dataloader';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CategoryRow } from '../db/category.queries.js';
import type { TicketAnswerRow } from '../db/category-question.queries.js';
import type { Question } from '../domain/category-question.js';
import type { MunicipalityRow } from '../db/municipality.queries.js';
import type { OfficeRow } from '../db/office.queries.js';
import type { PlatformViewer } from '../domain/platform.js';
import type { Viewer } from '../domain/viewer.js';
import type { Services } from '../services/services.js';

/**
 * Per-request batching of the rows that field resolvers look up by id: a page of 100 inbox rows asks
 * for its categories (and their offices) in one query each instead of one query per row. Built anew
 * for every request, so nothing is cached across requests or viewers.
 */
export interface Loaders {
  category: DataLoader<number, CategoryRow | null>;
  office: DataLoader<number, OfficeRow | null>;
  /** The active questions of a category, in form order. */
  questions: DataLoader<number, Question[]>;
  /** The answers of a ticket, in form order. */
  answers: DataLoader<number, TicketAnswerRow[]>;
}

/** The rows of `ids` grouped by `key`, in the order of `ids` (empty where none). */
function groupBy<Row>(ids: readonly number[], rows: Row[], key: (row: Row) => number): Row[][] {
  const found = new Map<number, Row[]>();
  for (const row of rows) found.set(key(row), [...(found.get(key(row)) ?? []), row]);
  return ids.map((id) => found.get(id) ?? []);
}

/** The rows of `ids`, in that order, null where none was found (DataLoader's contract). */
function byId<Row extends { id: number }>(ids: readonly number[], rows: Row[]): (Row | null)[] {
  const found = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => found.get(id) ?? null);
}

export function createLoaders(services: Services): Loaders {
  return {
    category: new DataLoader(async (ids) => byId(ids, await services.catalog.categoriesByIds(ids))),
    office: new DataLoader(async (ids) => byId(ids, await services.catalog.officesByIds(ids))),
    questions: new DataLoader(async (ids) =>
      groupBy(ids, await services.questions.forCategories(ids), (q) => q.categoryId),
    ),
    answers: new DataLoader(async (ids) =>
      groupBy(ids, await services.questions.answers(ids), (a) => a.ticketId),
    ),
  };
}

/** The offices of `ids` that exist, ordered by name (as the office list is). */
export async function loadOffices(loaders: Loaders, ids: readonly number[]): Promise<OfficeRow[]> {
  const rows = await Promise.all(ids.map((id) => loaders.office.load(id)));
  return rows
    .filter((row): row is OfficeRow => row !== null)
    .sort((a, b) => a.name.localeCompare(b.name, 'it'));
}

/** Per-request context: the services of the served municipality and who is asking. */
export interface Context {
  municipality: MunicipalityRow;
  services: Services;
  /** The authenticated staff member, or null for an anonymous citizen. */
  viewer: Viewer | null;
  /** A platform operator (not staff of any comune), or null/absent. Never set together with viewer. */
  platform?: PlatformViewer | null;
  clientAddress: string;
  loaders: Loaders;
  request?: FastifyRequest;
  reply?: FastifyReply;
}

/** A request's context with fresh loaders: the one way to make one (HTTP and tests alike). */
export function createContext(fields: Omit<Context, 'loaders'>): Context {
  return { ...fields, loaders: createLoaders(fields.services) };
}
