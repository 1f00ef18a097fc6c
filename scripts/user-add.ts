// `npm run user:add -- --email a@b.it --role operator|planner|admin [--office code]… [--name "…"] [--password …]`
// Creates a staff account, or updates role, offices and password of an existing one. Without
// --password it asks for it on the terminal without echoing. Stop the server first when the database
// is the embedded one (PGlite allows one process at a time).
import { parseArgs } from 'node:util';
import { isDevelopment, loadConfig } from '../server/config.js';
import { embeddedDirFor, openDatabase } from '../server/db/database.js';
import { exitOnStartupFailure } from '../server/startup-error.js';
import { findMunicipalityByIstat } from '../server/db/municipality.queries.js';
import type { StaffRole } from '../server/domain/viewer.js';
import { AuthService } from '../server/services/auth.service.js';
import { passwordOrAsk } from './ask-hidden.js';

const ROLES: readonly StaffRole[] = ['operator', 'planner', 'admin'];

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    role: { type: 'string' },
    office: { type: 'string', multiple: true },
    name: { type: 'string' },
    password: { type: 'string' },
  },
});

if (!values.email || !values.role || !ROLES.includes(values.role as StaffRole)) {
  console.error(
    'Uso: npm run user:add -- --email <e-mail> --role operator|planner|admin [--office <codice ufficio>]… [--name <nome>] [--password <password>]',
  );
  process.exit(2);
}

const password = await passwordOrAsk(values.password);

const config = loadConfig();
const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  embeddedDir: embeddedDirFor(config.dataDir),
  citus: config.citus,
  poolSize: 2,
}).catch((error: unknown) => exitOnStartupFailure('npm run user:add', error, isDevelopment()));
try {
  const municipality = await findMunicipalityByIstat(db.pool, config.municipalityIstat);
  if (!municipality)
    throw new Error(
      `Il comune ${config.municipalityIstat} non è nel database: avvia prima Segnala (npm start) o il seed.`,
    );
  const auth = new AuthService(db.pool, config, municipality.id);
  const id = await auth.upsertStaffUser({
    email: values.email,
    role: values.role as StaffRole,
    password,
    name: values.name,
    officeCodes: values.office ?? [],
  });
  console.log(
    `Account ${values.email} (${values.role}${values.office?.length ? `, ${values.office.join(', ')}` : ''}) salvato con id ${id}.`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
