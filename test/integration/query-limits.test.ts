// The alias and cost limits count every field a query selects, __typename included, and still leave room
// for every document the dashboard sends (as urql sends it, with __typename added to each selection).
import { formatDocument } from '@urql/core';
import {
  parse,
  print,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as basemap from '../../dashboard/src/api/basemap.operations.js';
import * as citizen from '../../dashboard/src/api/citizen.operations.js';
import * as planning from '../../dashboard/src/api/planning.operations.js';
import * as staff from '../../dashboard/src/api/staff.operations.js';
import * as ticket from '../../dashboard/src/api/ticket.operations.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { queryLimits } from '../../server/graphql/query-limits.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { errorCode, startTestApp, type TestApp } from '../helpers/graphql.js';

let db: TestDatabase;
let app: TestApp;
let schema: GraphQLSchema;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db.services);
  schema = await buildSegnalaSchema();
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

describe('aliases count whatever field they name', () => {
  it.each([
    ['500 __typename aliases', aliases(500, '__typename')],
    ['16 __typename aliases', aliases(16, '__typename')],
    ['16 categories aliases', aliases(16, 'categories { id }')],
  ])('%s are refused before anything runs', async (_name, query) => {
    const result = await app.gql(query);
    expect(errorCode(result)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0].message).toMatch(/aliases limit/i);
    expect(result.data).toBeUndefined();
  });

  it('15 aliases are within the limit', async () => {
    const result = await app.gql(aliases(15, '__typename'));
    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data ?? {})).toHaveLength(15);
  });
});

function documents(mod: Record<string, unknown>): [string, DocumentNode][] {
  return Object.entries(mod).filter(
    (e): e is [string, DocumentNode] =>
      typeof e[1] === 'object' && e[1] !== null && (e[1] as DocumentNode).kind === 'Document',
  );
}

const DASHBOARD: [string, DocumentNode][] = [
  ...[basemap, citizen, ticket, staff, planning].flatMap((mod) => documents(mod)),
  ...(
    ['acknowledgeTicket', 'startWork', 'resolveTicket', 'rejectTicket', 'reopenTicket'] as const
  ).map((a): [string, DocumentNode] => [a, parse(staff.phaseMutation(a))]),
];

describe('the dashboard stays within the limits', () => {
  it('finds the dashboard documents', () => {
    expect(DASHBOARD.length).toBeGreaterThan(20);
  });

  it.each(DASHBOARD)('%s passes every validation rule, the limits included', (_name, doc) => {
    // Printed and parsed again by the server's graphql, with __typename added as urql sends it.
    const sent = parse(print(formatDocument(doc)));
    const rules = [...specifiedRules, ...queryLimits().validationRules];
    expect(validate(schema, sent, rules).map((e) => e.message)).toEqual([]);
  });
});
