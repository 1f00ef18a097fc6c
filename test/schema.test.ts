import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildSegnalaSchema, printSegnalaSchema } from '../server/graphql/build-schema.js';

describe('schema/schema.graphql', () => {
  it('is what the code generates (run `npm run schema` to update it)', async () => {
    const committed = await readFile(new URL('../schema/schema.graphql', import.meta.url), 'utf8');
    const generated = printSegnalaSchema(await buildSegnalaSchema());
    expect(
      committed,
      'schema/schema.graphql is out of date: run `npm run schema` and commit the diff',
    ).toBe(generated);
  });
});
