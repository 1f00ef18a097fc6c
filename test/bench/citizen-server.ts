// Child process of the citizen bench: the real Segnala app (Fastify + Apollo + services) and the raw
// baseline handler on the bench database, each with its own pool of the same size. The load
// generator runs in the parent, so the servers do not share an event loop with it.
//   tsx test/bench/citizen-server.ts <databaseUrl> <poolSize>
import 'reflect-metadata';
import { loadConfig } from '../../server/config.js';
import { findMunicipalityByIstat } from '../../server/db/municipality.queries.js';
import { createPool } from '../../server/db/pool.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { buildApp } from '../../server/http/app.js';
import { createServices } from '../../server/services/services.js';
import { startRawNearby } from './raw-nearby.js';

const [databaseUrl, poolSize = '10'] = process.argv.slice(2);
// Rate limits as configured (on by default): every report writes its address and e-mail counters. The
// load generator plays many citizens behind a reverse proxy on 127.0.0.1, each with its own address in
// X-Forwarded-For, so TRUST_PROXY trusts that proxy. No SMTP (mail stays in the outbox).
const config = loadConfig({
  ...process.env,
  DATABASE_URL: databaseUrl,
  SMTP_URL: '',
  PUBLIC_URL: 'http://bench.invalid',
  TRUST_PROXY: '127.0.0.1',
});
const municipality = await findMunicipalityByIstat(
  createPool(databaseUrl, 1),
  config.municipalityIstat,
);
if (!municipality) throw new Error('bench database has no municipality');
const appPool = createPool(databaseUrl, Number(poolSize));
const rawPool = createPool(databaseUrl, Number(poolSize));
const app = await buildApp({
  schema: await buildSegnalaSchema(),
  services: createServices({ pool: appPool, config, municipality }),
  logger: false,
});
await app.listen({ port: 0, host: '127.0.0.1' });
const raw = await startRawNearby(rawPool, municipality.id);
const port = (s: { address(): unknown }) => (s.address() as { port: number }).port;
console.log(
  `READY ${JSON.stringify({ graphqlUrl: `http://127.0.0.1:${port(app.server)}`, rawUrl: `http://127.0.0.1:${port(raw)}`, municipalityId: municipality.id })}`,
);
process.on('SIGTERM', () => {
  void Promise.all([app.close(), new Promise((r) => raw.close(r))]).then(() => process.exit(0));
});
