// Child process of the analytics bench: the real Segnala app on the bench database, so that its memory
// (peak RSS during a 1M-row export) is measured apart from the load generator.
//   tsx test/bench/analytics-server.ts <databaseUrl>
import 'reflect-metadata';
import { loadConfig } from '../../server/config.js';
import { findMunicipalityByIstat } from '../../server/db/municipality.queries.js';
import { createPool } from '../../server/db/pool.js';
import { buildSegnalaSchema } from '../../server/graphql/build-schema.js';
import { buildApp } from '../../server/http/app.js';
import { createServices } from '../../server/services/services.js';

const [databaseUrl] = process.argv.slice(2);
const config = loadConfig({
  ...process.env,
  DATABASE_URL: databaseUrl,
  SMTP_URL: '',
  PUBLIC_URL: 'http://bench.invalid',
});
const pool = createPool(databaseUrl, 10);
const municipality = await findMunicipalityByIstat(pool, config.municipalityIstat);
if (!municipality) throw new Error('bench database has no municipality');
const app = await buildApp({
  schema: await buildSegnalaSchema(),
  services: createServices({ pool, config, municipality }),
  logger: false,
});
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(
  `READY ${JSON.stringify({ url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`, pid: process.pid })}`,
);
process.on(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
