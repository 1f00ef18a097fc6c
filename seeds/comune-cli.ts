// npm run comune:add -- ISTAT [--demo-tickets N] [--admin EMAIL] [--template FILE]
// npm run comune:list | comune:disable -- ISTAT | comune:enable -- ISTAT
// Works on the configured database (DATABASE_URL, or the embedded one under SEGNALA_DATA_DIR). The
// embedded database is one process at a time: stop Segnala (npm start) before running these on it.
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import { embeddedDirFor, openDatabase } from '../server/db/database.js';
import {
  addComune,
  ComuneCommandError,
  formatComuni,
  listComuni,
  setComuneEnabled,
} from './comune.js';

const USAGE = `Uso:
  npm run comune:add -- <codice ISTAT> [--demo-tickets N] [--admin <e-mail>] [--template <file.json>]
  npm run comune:list
  npm run comune:disable -- <codice ISTAT>
  npm run comune:enable -- <codice ISTAT>`;

const [command, ...rest] = process.argv.slice(2);
let parsed;
try {
  parsed = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      'demo-tickets': { type: 'string', default: '0' },
      admin: { type: 'string' },
      template: { type: 'string' },
    },
  });
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
const demoTickets = Number(values['demo-tickets']);
const needsCode = command === 'add' || command === 'disable' || command === 'enable';
if (
  !['add', 'list', 'disable', 'enable'].includes(command ?? '') ||
  (needsCode && positionals.length !== 1) ||
  (!needsCode && positionals.length > 0) ||
  !Number.isInteger(demoTickets) ||
  demoTickets < 0
) {
  console.error(USAGE);
  process.exit(2);
}

const config = loadConfig();
let db;
try {
  db = await openDatabase({
    databaseUrl: config.databaseUrl,
    embeddedDir: embeddedDirFor(config.dataDir),
    citus: config.citus,
    poolSize: 2,
  });
} catch (error) {
  console.error(
    config.databaseUrl
      ? `Database non raggiungibile: ${error instanceof Error ? error.message : String(error)}`
      : `Il database incorporato (${embeddedDirFor(config.dataDir)}) non si apre: se Segnala è avviato, fermalo prima (un solo processo alla volta). ${error instanceof Error ? error.message : ''}`,
  );
  process.exit(1);
}
try {
  const log = (m: string) => console.log(m);
  if (command === 'add') {
    const r = await addComune(db.pool, {
      istat: positionals[0],
      config,
      adminEmail: values.admin,
      templateFile: values.template,
      demoTickets,
      log,
    });
    if (r.created)
      console.log(
        `Fatto. Pagine pubbliche: ${config.publicUrl}/${r.slug}/ (o /c/${positionals[0]}/). ` +
          `Amministratore: ${r.adminEmail ? 'invitato per e-mail' : '—'}; la posta parte con il server o con npm run mail:worker.`,
      );
  } else if (command === 'list') {
    console.log(formatComuni(await listComuni(db.pool)));
  } else {
    const enabled = command === 'enable';
    const r = await setComuneEnabled(db.pool, positionals[0], enabled);
    console.log(
      `Comune di ${r.name}: ${enabled ? 'pagine pubbliche aperte' : 'pagine pubbliche chiuse, dati conservati'}${r.changed ? '.' : ' (lo era già).'}`,
    );
  }
} catch (error) {
  if (error instanceof ComuneCommandError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
