// `npm run platform:add -- --email ops@example.org [--name "…"] [--password …]`
// Creates a platform operator (the deployment's, not staff of a comune: adds, configures and disables
// comuni, sees no citizen's data), or sets the name and password of an existing one and enables it.
// Without --password it asks on the terminal without echoing. It logs in with the GraphQL mutation
// platformLogin at any address of the deployment (docs/many-comuni.md). Stop the server first when the
// database is the embedded one (PGlite allows one process at a time).
import { parseArgs } from 'node:util';
import { isDevelopment, loadConfig } from '../server/config.js';
import { embeddedDirFor, openDatabase } from '../server/db/database.js';
import { PlatformService } from '../server/services/platform.service.js';
import { exitOnStartupFailure } from '../server/startup-error.js';
import { passwordOrAsk } from './ask-hidden.js';

const USAGE =
  'Uso: npm run platform:add -- --email <e-mail> [--name <nome>] [--password <password>]';
let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
    },
  });
} catch {
  console.error(USAGE);
  process.exit(2);
}
const { values, positionals } = parsed;
// `npm run platform:add -- ops@example.org` works too.
const email = values.email ?? (positionals.length === 1 ? positionals[0] : undefined);
if (!email || positionals.length > (values.email ? 0 : 1)) {
  console.error(USAGE);
  process.exit(2);
}

const password = await passwordOrAsk(values.password);

const config = loadConfig();
const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  embeddedDir: embeddedDirFor(config.dataDir),
  poolSize: 2,
}).catch((error: unknown) => exitOnStartupFailure('npm run platform:add', error, isDevelopment()));
try {
  const id = await new PlatformService(db.pool, config).upsertUser({
    email,
    password,
    name: values.name,
  });
  console.log(
    `Operatore della piattaforma ${email} salvato con id ${id}: accede con platformLogin (non è personale di un comune e non vede i dati dei cittadini).`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
