// npm run comune:add -- ISTAT [--demo-tickets N] [--admin EMAIL] [--template FILE]
// npm run comune:list | comune:disable -- ISTAT | comune:enable -- ISTAT
// npm run comune:settings -- ISTAT [--mail-from …] [--coat-of-arms …] [--privacy-it … --privacy-en …] …
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
  updateComuneSettings,
  type ComuneSettingsPatch,
} from './comune.js';

const USAGE = `Uso:
  npm run comune:add -- <codice ISTAT> [--demo-tickets N] [--admin <e-mail>] [--template <file.json>]
  npm run comune:list
  npm run comune:disable -- <codice ISTAT>
  npm run comune:enable -- <codice ISTAT>
  npm run comune:settings -- <codice ISTAT> [--mail-from "Nome <indirizzo>"|default]
      [--coat-of-arms <URL o /percorso>|none] [--privacy-it <testo> --privacy-en <testo>|--privacy-default]
      [--dpo <recapito del DPO>|none] [--retention-months N|none]
      [--on-time-share 0.9] [--first-response-hours 48]      (senza opzioni: mostra le impostazioni)`;

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
      'mail-from': { type: 'string' },
      'coat-of-arms': { type: 'string' },
      'privacy-it': { type: 'string' },
      'privacy-en': { type: 'string' },
      'privacy-default': { type: 'boolean' },
      dpo: { type: 'string' },
      'retention-months': { type: 'string' },
      'on-time-share': { type: 'string' },
      'first-response-hours': { type: 'string' },
    },
  });
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
const demoTickets = Number(values['demo-tickets']);
const needsCode = ['add', 'disable', 'enable', 'settings'].includes(command ?? '');
const oneNotice = (values['privacy-it'] === undefined) !== (values['privacy-en'] === undefined);
if (
  !['add', 'list', 'disable', 'enable', 'settings'].includes(command ?? '') ||
  oneNotice ||
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
  } else if (command === 'settings') {
    const patch: ComuneSettingsPatch = {};
    const mailFrom = values['mail-from'];
    if (mailFrom !== undefined) patch.mailFrom = mailFrom === 'default' ? null : mailFrom;
    const arms = values['coat-of-arms'];
    if (arms !== undefined) patch.coatOfArms = arms === 'none' ? null : arms;
    if (values['privacy-default']) patch.privacyNotice = null;
    else if (values['privacy-it'] !== undefined && values['privacy-en'] !== undefined)
      patch.privacyNotice = { it: values['privacy-it'], en: values['privacy-en'] };
    if (values.dpo !== undefined) patch.dpoContact = values.dpo === 'none' ? null : values.dpo;
    const months = values['retention-months'];
    if (months !== undefined) patch.retentionMonths = months === 'none' ? null : Number(months);
    const share = values['on-time-share'];
    const hours = values['first-response-hours'];
    if (share !== undefined || hours !== undefined)
      patch.slaTargets = {
        ...(share !== undefined ? { onTimeShare: Number(share) } : {}),
        ...(hours !== undefined ? { firstResponseHours: Number(hours) } : {}),
      };
    const s = await updateComuneSettings(db.pool, positionals[0], patch, config);
    console.log(
      [
        `Comune di ${s.name} (${s.istatCode}):`,
        `  mittente: ${s.mailFrom}`,
        `  indirizzo: ${s.baseUrl}/`,
        `  stemma: ${s.coatOfArms ?? '—'}`,
        `  informativa: ${s.privacyNotice ? 'propria (it/en)' : 'testo predefinito'}`,
        `  DPO: ${s.dpoContact ?? '—'}; conservazione dei recapiti dopo la chiusura: segnalante ${s.retention.reporterContactMonths} mesi, chi segue ${s.retention.supporterContactMonths} mesi`,
        `  obiettivi: ${Math.round(s.slaTargets.onTimeShare * 100)}% entro i tempi, presa in carico entro ${s.slaTargets.firstResponseHours} ore`,
        Object.keys(patch).length ? 'Salvato: il server lo applica entro 30 secondi.' : '',
      ]
        .filter(Boolean)
        .join('\n'),
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
