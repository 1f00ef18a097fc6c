// Shared pieces of the citizen tests: a point on a real street, category ids, the report mutation,
// and a row count of every table (to prove a rejected request wrote nothing).
import type { TestDatabase } from './database.js';
import type { TestApp } from './graphql.js';

export interface StreetPoint {
  lon: number;
  lat: number;
  streetId: number;
  streetName: string;
}

/** The midpoint of a street inside the municipality (the n-th by id, so tests can spread out). */
export async function streetPoint(db: TestDatabase, n = 0): Promise<StreetPoint> {
  const { rows } = await db.pool.query<StreetPoint>(
    `select lon, lat, "streetId", "streetName" from (
       select st_x(p) as lon, st_y(p) as lat, s.id as "streetId", s.name_display as "streetName"
       from street s join municipality m on m.id = s.municipality_id,
         lateral (select st_lineinterpolatepoint(st_geometryn(s.geom, 1), 0.5) as p) q
       where s.municipality_id = $1 and st_contains(m.boundary, q.p) order by s.id) x
     offset $2 limit 1`,
    [db.municipality.id, n],
  );
  return rows[0];
}

export async function categoryId(db: TestDatabase, code: string): Promise<string> {
  const { rows } = await db.pool.query<{ id: number }>(
    'select id from category where municipality_id = $1 and code = $2',
    [db.municipality.id, code],
  );
  return String(rows[0].id);
}

export async function rowCounts(db: TestDatabase): Promise<Record<string, number>> {
  const { rows: tables } = await db.pool.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await db.pool.query<{ n: number }>(`select count(*)::int as n from "${name}"`);
    counts[name] = rows[0].n;
  }
  return counts;
}

export const SUBMIT_REPORT = `
  mutation Submit($input: SubmitReportInput!) {
    submitReport(input: $input) { ticket { code status createdAt street { id name } office { name } supportersCount } }
  }`;

export const JOIN_REPORT = `
  mutation Join($code: String!, $email: String!, $locale: String) {
    joinReport(code: $code, email: $email, locale: $locale) { status }
  }`;

export interface ReportInput {
  categoryId: string;
  location: { lon: number; lat: number };
  title: string;
  description: string;
  email: string;
  privacyConsent: boolean;
  name?: string | null;
  address?: string | null;
  houseNumber?: string | null;
  attachmentIds?: string[];
  locale?: string;
  idempotencyKey?: string;
}

export function reportInput(
  categoryId: string,
  point: { lon: number; lat: number },
  overrides: Partial<ReportInput> = {},
): ReportInput {
  return {
    categoryId,
    location: { lon: point.lon, lat: point.lat },
    title: 'Buca profonda davanti al civico 12',
    description: 'Una buca larga circa mezzo metro, pericolosa per i motorini.',
    email: 'mario.rossi@example.org',
    name: 'Mario Rossi',
    privacyConsent: true,
    ...overrides,
  };
}

export interface SubmittedTicket {
  code: string;
  status: string;
  street: { id: string; name: string } | null;
  office: { name: string };
  supportersCount: number;
}

export async function submit(
  app: TestApp,
  input: ReportInput,
  headers: Record<string, string> = {},
) {
  return app.gql<{ submitReport: { ticket: SubmittedTicket } }>(SUBMIT_REPORT, { input }, headers);
}
