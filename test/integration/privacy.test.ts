// Privacy: walk every query and mutation an anonymous client can call (found by introspection, not by
// a list kept by hand) on a database with known reporters and supporters: no e-mail address and no
// reporter name may appear in any response, data or error; every staff mutation refuses with
// UNAUTHENTICATED and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import {
  categoryId,
  JOIN_REPORT,
  reportInput,
  rowCounts,
  streetPoint,
  submit,
} from '../helpers/citizen.js';
import { latestConfirmationToken } from '../helpers/confirmation.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { staffOperations } from '../helpers/staff-operations.js';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface InputValue {
  name: string;
  type: TypeRef;
}
interface FieldDef {
  name: string;
  args: InputValue[];
  type: TypeRef;
}
interface FullType {
  kind: string;
  name: string;
  fields: FieldDef[] | null;
  inputFields: InputValue[] | null;
  enumValues: { name: string }[] | null;
  possibleTypes: { name: string }[] | null;
}

const INTROSPECTION = `{ __schema { queryType { name } mutationType { name } types { kind name
  fields { name args { name type { ...T } } type { ...T } }
  inputFields { name type { ...T } } enumValues { name } possibleTypes { name } } } }
  fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;
const MAX_DEPTH = 5;

function named(t: TypeRef): TypeRef {
  return t.ofType ? named(t.ofType) : t;
}

/** An anonymous caller's own address: it may be sent, but no answer may contain it (or any other). */
const CALLER_EMAIL = 'segreto.chiamante@privato.example';

/** Builds queries over the introspected types: argument literals and the full selection of a type. */
function queryBuilder(types: Map<string, FullType>, known: Record<string, string>) {
  const literal = (t: TypeRef, argName: string): string => {
    if (t.kind === 'NON_NULL') return literal(t.ofType!, argName);
    if (t.kind === 'LIST') return `[${literal(t.ofType!, argName)}]`;
    const type = types.get(t.name!)!;
    if (type.kind === 'ENUM') return type.enumValues![0].name;
    if (type.kind === 'INPUT_OBJECT') {
      if (t.name === 'PointInput') return `{ lat: ${known.lat}, lon: ${known.lon} }`;
      const required = type.inputFields!.filter((f) => f.type.kind === 'NON_NULL');
      return `{ ${required.map((f) => `${f.name}: ${literal(f.type, f.name)}`).join(', ')} }`;
    }
    if (argName === 'code') return JSON.stringify(known.code);
    if (argName === 'id' || argName === 'streetId') return JSON.stringify(known.streetId);
    if (argName === 'originalId') return JSON.stringify(known.ticketId);
    if (argName === 'categoryId') return JSON.stringify(known.categoryId);
    if (argName === 'email') return JSON.stringify(CALLER_EMAIL);
    if (argName === 'password') return '"password-sbagliata-1"';
    if (argName === 'version') return '1';
    switch (t.name) {
      case 'Int':
        return argName === 'priority' ? '1' : '5';
      case 'Float':
        return '100';
      case 'Boolean':
        return 'true';
      default:
        return '"1"';
    }
  };

  const selection = (typeName: string, depth: number, path: string[]): string => {
    const type = types.get(typeName)!;
    if (type.kind === 'UNION' || type.kind === 'INTERFACE') {
      return `{ __typename ${type.possibleTypes!.map((p) => `... on ${p.name} ${selection(p.name, depth, path)}`).join(' ')} }`;
    }
    const parts: string[] = [];
    for (const field of type.fields ?? []) {
      const target = named(field.type);
      const kind = types.get(target.name!)!.kind;
      const args = field.args
        .filter((a) => a.type.kind === 'NON_NULL')
        .map((a) => `${a.name}: ${literal(a.type, a.name)}`);
      const head = `${field.name}${args.length ? `(${args.join(', ')})` : ''}`;
      if (kind === 'SCALAR' || kind === 'ENUM') parts.push(head);
      else if (depth < MAX_DEPTH && !path.includes(target.name!))
        parts.push(`${head} ${selection(target.name!, depth + 1, [...path, target.name!])}`);
    }
    return `{ ${parts.length ? parts.join(' ') : '__typename'} }`;
  };

  /** The operation calling one root field with its required arguments and everything it returns. */
  return (root: FieldDef, overrides: Record<string, string> = {}): string => {
    const target = named(root.type);
    const kind = types.get(target.name!)!.kind;
    const args = root.args
      .filter((a) => a.type.kind === 'NON_NULL')
      .map((a) => `${a.name}: ${overrides[a.name] ?? literal(a.type, a.name)}`);
    const head = `${root.name}${args.length ? `(${args.join(', ')})` : ''}`;
    return `{ ${kind === 'SCALAR' || kind === 'ENUM' ? head : `${head} ${selection(target.name!, 2, [target.name!])}`} }`;
  };
}

describe('privacy of anonymous queries and mutations', () => {
  let db: TestDatabase;
  let app: TestApp;
  let types: Map<string, FullType>;
  let rootNames: { query: string; mutation: string };
  let build: ReturnType<typeof queryBuilder>;
  const known: Record<string, string> = {};

  /** One anonymous call: never refused by validation (that would prove nothing), never an e-mail or a name. */
  async function call(name: string, operation: string) {
    const result = await app.gql(operation);
    const text = JSON.stringify(result);
    expect(
      result.errors?.filter((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED') ?? [],
      `${name}: ${text.slice(0, 300)}`,
    ).toEqual([]);
    expect(text, name).not.toMatch(EMAIL);
    expect(text, name).not.toMatch(/Quaglia|segreto/i);
    return { result, text };
  }

  beforeAll(async () => {
    db = await createTestDatabase({
      RATE_REPORTS_PER_HOUR_ADDRESS: '0',
      RATE_JOINS_PER_HOUR_ADDRESS: '0',
    });
    app = await startTestApp(db.services);
    const point = await streetPoint(db, 4);
    known.lon = String(point.lon);
    known.lat = String(point.lat);
    known.streetId = String(point.streetId);
    known.categoryId = await categoryId(db, 'buca_stradale');
    for (let i = 0; i < 3; i++) {
      const r = await submit(
        app,
        reportInput(known.categoryId, point, {
          email: `segreto.reporter${i}@privato.example`,
          name: `Zebedeo Quaglia${i}`,
          address: 'Piazza Carducci',
        }),
      );
      known.code = r.data!.submitReport.ticket.code;
      await app.gql(JOIN_REPORT, {
        code: known.code,
        email: `segreto.supporter${i}@privato.example`,
      });
      await db.services.confirmations.confirm(
        await latestConfirmationToken(db, `segreto.supporter${i}@privato.example`),
        '192.0.2.1',
      );
    }
    const { rows } = await db.pool.query<{ id: string }>(
      'select id::text from ticket where municipality_id = $1 and code = $2',
      [db.municipality.id, known.code],
    );
    known.ticketId = rows[0].id;
    const intro = await app.gql<{
      __schema: { queryType: { name: string }; mutationType: { name: string }; types: FullType[] };
    }>(INTROSPECTION);
    types = new Map(intro.data!.__schema.types.map((t) => [t.name, t]));
    rootNames = {
      query: intro.data!.__schema.queryType.name,
      mutation: intro.data!.__schema.mutationType.name,
    };
    build = queryBuilder(types, known);
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('no field reachable without login returns an e-mail or a reporter name', async () => {
    const walked: string[] = [];
    const texts: Record<string, string> = {};
    for (const root of types.get(rootNames.query)!.fields!) {
      const { text } = await call(root.name, build(root));
      walked.push(root.name);
      texts[root.name] = text;
    }
    // The citizen fields are among those walked, and they did return the tickets.
    expect(walked).toEqual(
      expect.arrayContaining([
        'ticket',
        'tickets',
        'ticketMarkers',
        'nearbyTickets',
        'street',
        'streets',
        'categories',
      ]),
    );
    expect(texts.ticket).toContain(known.code);
    expect(texts.ticket).toContain('Piazza Carducci');
    expect(texts.ticket).toContain('"kind":"supported"');
    expect(texts.tickets).toContain(known.code);
    expect(texts.street).toContain(known.code); // street → activeTickets
    // Every report is in the public list (the mutation walk may have filed one more).
    const list = await app.gql<{ tickets: { totalCount: number } }>('{ tickets { totalCount } }');
    const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from ticket');
    expect(rows[0].n).toBeGreaterThanOrEqual(3);
    expect(list.data?.tickets.totalCount).toBe(rows[0].n);
  });

  it('every staff mutation refuses an anonymous caller and changes nothing', async () => {
    const staff = new Set(staffOperations(await buildSegnalaSchema()));
    const mutations = types.get(rootNames.mutation)!.fields!.filter((f) => staff.has(f.name));
    // The walk covers the ticket workflow and the administration, found in the schema.
    expect(mutations.map((m) => m.name)).toEqual(
      expect.arrayContaining(['resolveTicket', 'markDuplicate', 'saveStaffUser', 'createApiToken']),
    );
    const before = await rowCounts(db);
    const refusals: Record<string, unknown> = {};
    for (const root of mutations) {
      // Aimed at a real ticket, so that a missing check would act on it.
      const { result } = await call(
        root.name,
        `mutation ${build(root, { id: JSON.stringify(known.ticketId) })}`,
      );
      expect(result.data ?? null, root.name).toBeNull();
      refusals[root.name] = result.errors?.map((e) => e.extensions?.code);
    }
    expect(refusals).toEqual(
      Object.fromEntries(mutations.map((m) => [m.name, ['UNAUTHENTICATED']])),
    );
    expect(await rowCounts(db)).toEqual(before);
  });

  it('the mutations open to anonymous callers answer without an e-mail or a reporter name', async () => {
    const staff = new Set(staffOperations(await buildSegnalaSchema()));
    const open = types.get(rootNames.mutation)!.fields!.filter((f) => !staff.has(f.name));
    expect(open.map((m) => m.name).sort()).toEqual(
      expect.arrayContaining(['joinReport', 'login', 'submitReport']),
    );
    const report = reportInput(
      known.categoryId,
      { lon: +known.lon, lat: +known.lat },
      {
        email: CALLER_EMAIL,
        name: 'Zebedeo Quaglia',
      },
    );
    const literal = (v: unknown): string =>
      Array.isArray(v)
        ? `[${v.map(literal).join(', ')}]`
        : v !== null && typeof v === 'object'
          ? `{ ${Object.entries(v)
              .map(([k, x]) => `${k}: ${literal(x)}`)
              .join(', ')} }`
          : JSON.stringify(v);
    const texts: Record<string, { data: unknown; errors: unknown }> = {};
    for (const root of open) {
      // A real report, so that its payload is walked, not a validation error.
      const overrides: Record<string, string> =
        root.name === 'submitReport' ? { input: literal(report) } : {};
      const { result } = await call(root.name, `mutation ${build(root, overrides)}`);
      texts[root.name] = {
        data: result.data,
        errors: result.errors?.map((e) => e.extensions?.code),
      };
    }
    // Each did its work (or refused a bad password) rather than failing on the way.
    expect(texts.submitReport.errors).toBeUndefined();
    expect(texts.joinReport.errors).toBeUndefined();
    expect(texts.login.errors).toEqual(['UNAUTHENTICATED']);
  });
});
