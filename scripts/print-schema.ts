// `npm run schema`: writes schema/schema.graphql from the code (sorted, stamped as generated).
import { writeFile } from 'node:fs/promises';
import { buildSegnalaSchema, printSegnalaSchema } from '../server/graphql/build-schema.js';

const target = new URL('../schema/schema.graphql', import.meta.url);
await writeFile(target, printSegnalaSchema(await buildSegnalaSchema()));
console.log(`Wrote ${target.pathname}`);
