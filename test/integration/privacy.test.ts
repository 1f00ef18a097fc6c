// Privacy: walk every field an anonymous client can reach (found by introspection, not by a list kept
// by hand) on a database with known reporters and supporters: no e-mail address and no reporter name
// may appear in any response, data or error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, JOIN_REPORT, reportInput, streetPoint, submit } from '../helpers/citizen.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';

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

const INTROSPECTION = `{ __schema { queryType { name } types { kind name
  fields { name args { name type { ...T } } type { ...T } }
  inputFields { name type { ...T } } enumValues { name } possibleTypes { name } } } }
  fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;
const MAX_DEPTH = 5;

function named(t: TypeRef): TypeRef {
  return t.ofType ? named(t.ofType) : t;
}

describe('privacy of anonymous queries', () => {
  let db: TestDatabase;
  let app: TestApp;
  const known: Record<string, string> = {};

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
    }
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('no field reachable without login returns an e-mail or a reporter name', async () => {
    const intro = await app.gql<{ __schema: { queryType: { name: string }; types: FullType[] } }>(
      INTROSPECTION,
    );
    const types = new Map(intro.data!.__schema.types.map((t) => [t.name, t]));

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
      if (argName === 'categoryId') return JSON.stringify(known.categoryId);
      switch (t.name) {
        case 'Int':
          return '5';
        case 'Float':
          return '100';
        case 'Boolean':
          return 'true';
        case 'String':
        case 'ID':
          return '"1"';
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

    const queryType = types.get(intro.data!.__schema.queryType.name)!;
    const walked: string[] = [];
    const texts: Record<string, string> = {};
    for (const root of queryType.fields!) {
      const target = named(root.type);
      const kind = types.get(target.name!)!.kind;
      const args = root.args
        .filter((a) => a.type.kind === 'NON_NULL')
        .map((a) => `${a.name}: ${literal(a.type, a.name)}`);
      const head = `${root.name}${args.length ? `(${args.join(', ')})` : ''}`;
      const query = `{ ${kind === 'SCALAR' || kind === 'ENUM' ? head : `${head} ${selection(target.name!, 2, [target.name!])}`} }`;
      const result = await app.gql(query);
      const text = JSON.stringify(result);
      // The walk must really run: a query refused by validation would prove nothing.
      expect(
        result.errors?.filter((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED') ?? [],
        `${root.name}: ${text.slice(0, 300)}`,
      ).toEqual([]);
      expect(text, root.name).not.toMatch(EMAIL);
      expect(text, root.name).not.toMatch(/Quaglia|segreto/i);
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
    const list = await app.gql<{ tickets: { totalCount: number } }>('{ tickets { totalCount } }');
    expect(list.data?.tickets.totalCount).toBe(3);
  });
});
