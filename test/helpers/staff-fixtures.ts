// Staff accounts, tickets inserted straight into the database, and GraphQL calls as a given viewer,
// for the workflow, auth and authorization tests.
import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { findStaffById } from '../../server/db/staff.queries.js';
import { generateTrackingCode } from '../../server/domain/tracking-code.js';
import type { PlatformViewer } from '../../server/domain/platform.js';
import type { StaffRole, Viewer } from '../../server/domain/viewer.js';
import { createContext, type Context } from '../../server/graphql/context.js';
import { createFormatError } from '../../server/graphql/format-error.js';
import { toViewer } from '../../server/services/auth.service.js';
import type { Services } from '../../server/services/services.js';
import type { TestDatabase } from './database.js';

export const TEST_PASSWORD = 'corretta-password-1';

export async function createStaff(
  db: TestDatabase,
  email: string,
  role: StaffRole,
  officeCodes: string[] = [],
): Promise<Viewer> {
  const id = await db.services.auth.upsertStaffUser({
    email,
    role,
    password: TEST_PASSWORD,
    officeCodes,
  });
  const row = await findStaffById(db.pool, db.municipality.id, id);
  return toViewer(row!);
}

/** A platform operator (npm run platform:add), as the context sees it. */
export async function createPlatformOperator(
  db: TestDatabase,
  email = 'piattaforma@example.org',
): Promise<PlatformViewer> {
  const id = await db.services.platform.upsertUser({ email, password: TEST_PASSWORD });
  return { platformUserId: id, email };
}

export async function officeId(db: TestDatabase, code: string): Promise<number> {
  const { rows } = await db.pool.query<{ id: number }>(
    'select id from office where municipality_id = $1 and code = $2',
    [db.municipality.id, code],
  );
  return rows[0].id;
}

export interface TicketSeed {
  category?: string;
  lon?: number;
  lat?: number;
  reporter?: { email: string; locale?: 'it' | 'en' };
  supporters?: { email: string; locale?: 'it' | 'en' }[];
  createdHoursAgo?: number;
  title?: string;
}

/** A ticket as submitReport would leave it (status received, due from the category SLA), without mail. */
export async function insertTicket(
  db: TestDatabase,
  seed: TicketSeed = {},
): Promise<{ id: number; code: string; officeId: number }> {
  const m = db.municipality.id;
  const { rows } = await db.pool.query<{ id: number; code: string; office_id: number }>(
    `insert into ticket (municipality_id, code, category_id, office_id, title, description, location, locale, created_at, due_at, supporters_count)
     select $1, $2, c.id, c.office_id, $4, 'Descrizione di prova', st_setsrid(st_makepoint($5, $6), 4326)::geography, $7,
            now() - make_interval(hours => $8), now() - make_interval(hours => $8) + make_interval(hours => c.sla_hours), $9
     from category c where c.municipality_id = $1 and c.code = $3
     returning id, code, office_id`,
    [
      m,
      generateTrackingCode(db.municipality.code_prefix),
      seed.category ?? 'buca_stradale',
      seed.title ?? 'Buca in via di prova',
      seed.lon ?? 10.2275,
      seed.lat ?? 43.9925,
      seed.reporter?.locale ?? 'it',
      seed.createdHoursAgo ?? 1,
      seed.supporters?.length ?? 0,
    ],
  );
  const t = rows[0];
  const reporter = seed.reporter ?? { email: `reporter-${t.id}@example.org` };
  await db.pool.query(
    'insert into reporter (municipality_id, ticket_id, email, name, phone, locale) values ($1, $2, $3, $4, $5, $6)',
    [m, t.id, reporter.email, 'Mario Rossi', '+39 0584 000000', reporter.locale ?? 'it'],
  );
  for (const s of seed.supporters ?? []) {
    await db.pool.query(
      'insert into ticket_supporter (municipality_id, ticket_id, email, locale) values ($1, $2, $3, $4)',
      [m, t.id, s.email, s.locale ?? 'it'],
    );
  }
  return { id: t.id, code: t.code, officeId: t.office_id };
}

export interface GqlResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** GraphQL calls as a given viewer; `services` replaces the database's (e.g. to prove a resolver is never reached). */
export function createGql(
  db: TestDatabase,
  schema: GraphQLSchema,
  options: { services?: Services } = {},
) {
  const server = new ApolloServer<Context>({
    schema,
    formatError: createFormatError({ exposeInternals: false, log: () => undefined }),
  });
  /** `viewer` is a member of staff, a platform operator (not staff: context.platform) or null. */
  return async function gql(
    viewer: Viewer | PlatformViewer | null,
    source: string,
    variables: Record<string, unknown> = {},
    clientAddress = '203.0.113.1',
  ): Promise<GqlResult> {
    const response = await server.executeOperation(
      { query: source, variables },
      {
        contextValue: createContext({
          municipality: db.municipality,
          services: options.services ?? db.services,
          viewer: viewer && 'staffId' in viewer ? viewer : null,
          platform: viewer && 'platformUserId' in viewer ? viewer : null,
          clientAddress,
        }),
      },
    );
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return response.body.singleResult as GqlResult;
  };
}

export function errorCode(result: GqlResult): unknown {
  return result.errors?.[0]?.extensions?.code;
}
