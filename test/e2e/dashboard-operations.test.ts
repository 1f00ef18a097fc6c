// Every GraphQL document the dashboard sends validates against the schema the server builds now, so a
// renamed field breaks this test instead of a page. (No browser needed; it runs with the e2e suite.)
import { spawnSync } from 'node:child_process';
import { buildSchema, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import * as basemap from '../../dashboard/src/api/basemap.operations.js';
import * as citizen from '../../dashboard/src/api/citizen.operations.js';
import * as contractor from '../../dashboard/src/api/contractor.operations.js';
import * as planning from '../../dashboard/src/api/planning.operations.js';
import * as staff from '../../dashboard/src/api/staff.operations.js';
import * as ticket from '../../dashboard/src/api/ticket.operations.js';

function documents(mod: Record<string, unknown>): [string, DocumentNode][] {
  return Object.entries(mod).filter(
    (e): e is [string, DocumentNode] =>
      typeof e[1] === 'object' && e[1] !== null && (e[1] as DocumentNode).kind === 'Document',
  );
}

const ALL: [string, DocumentNode][] = [
  ...documents(basemap),
  ...documents(citizen),
  ...documents(ticket),
  ...documents(staff),
  ...documents(planning),
  ...documents(contractor),
  ...(
    ['acknowledgeTicket', 'startWork', 'resolveTicket', 'rejectTicket', 'reopenTicket'] as const
  ).map((a): [string, DocumentNode] => [a, parse(staff.phaseMutation(a))]),
];

describe('dashboard operations', () => {
  let schema: GraphQLSchema;
  beforeAll(() => {
    // The schema as the server code builds it now, printed by a child process: in vitest, type-graphql
    // (CJS graphql) and this file (ESM graphql) would hold two copies of graphql that cannot mix.
    const code =
      "const m = await import('./server/graphql/build-schema.ts'); process.stdout.write(m.printSegnalaSchema(await m.buildSegnalaSchema()));";
    const out = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', code],
      { encoding: 'utf8' },
    );
    if (out.status !== 0) throw new Error(out.stderr);
    schema = buildSchema(out.stdout);
  });

  it.each(ALL)('%s is valid against the schema', (_name, doc) => {
    expect(validate(schema, doc).map((e) => e.message)).toEqual([]);
  });
});
