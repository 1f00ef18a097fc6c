// Onboarding a comune (npm run comune:add): from its ISTAT code to a served comune, in one transaction:
// the municipality row with its boundary (seeds/data/<region>/comuni.geojson), its official street names
// (ANNCSU, with GENERATED geometries until `npm run import:streets` brings a real network), offices,
// categories and their questions from the operator's template, its settings, and a first admin invited
// by mail to set a password. Adding a comune that is there already changes nothing. Also list, disable and enable.
import { insertPrivacyNotice } from '../server/db/privacy-notice.queries.js';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { centroid } from '@turf/turf';
import type pg from 'pg';
import type { Config } from '../server/config.js';
import { insertStaffUser } from '../server/db/admin.queries.js';
import { withTransaction, type Queryable } from '../server/db/pool.js';
import { validateEmail } from '../server/domain/email.js';

const isValidEmail = (value: string): boolean => {
  try {
    validateEmail(value);
    return true;
  } catch {
    return false;
  }
};
import { projectPath } from '../server/project-root.js';
import { createInvite, NO_PASSWORD_HASH } from '../server/services/invite.service.js';
import { insertCatalog, insertQuestions } from './catalog-insert.js';
import { fillTemplate, readTemplate } from './comune-template.js';
import { insertDemoTickets } from './demo-tickets.js';
import { SERAVEZZA } from './seravezza.catalog.js';
import { generateStreets } from './street-generator.js';
import { genericKernels } from './street-shapes.js';
import { loadStreets } from './streets.js';
import {
  comuneSettings,
  mailAddressOf,
  MailFromSchema,
  parseComuneSettings,
} from '../server/services/comune-settings.js';
import {
  BOUNDARIES_FILE_NAME,
  findTerritory,
  readTerritoryStreets,
  SEED_DATA_ROOT,
  TOSCANA_DATA_DIR,
} from './toscana.js';

/** A refusal the command prints as it is (bad code, comune not in the data, unknown comune). */
export class ComuneCommandError extends Error {
  override name = 'ComuneCommandError';
}

// ISTAT province codes of Toscana: a 6-digit code starting otherwise is a comune of another region.
const TOSCANA_PROVINCES = ['045', '046', '047', '048', '049', '050', '051', '052', '053', '100'];

const rel = (file: string) => path.relative(projectPath(), file);

export interface AddComuneOptions {
  istat: string;
  config: Pick<Config, 'publicUrl' | 'mailFrom' | 'municipalityIstat'>;
  /** E-mail of the first admin; default admin@{slug}.demo (a reserved domain: change it for real use). */
  adminEmail?: string;
  /** Template file; default seeds/templates/comune.default.json. */
  templateFile?: string;
  demoTickets?: number;
  log?: (message: string) => void;
}

export interface AddComuneResult {
  created: boolean;
  id: number;
  name: string;
  slug: string;
  codePrefix: string;
  offices: number;
  categories: number;
  streets: number;
  tickets: number;
  adminEmail?: string;
  /** The one-time link mailed to the admin (shown only to tests, never logged). */
  inviteUrl?: string;
}

/** Checks the code's shape and finds its boundary, or says what is wrong and where data goes. */
export async function resolveTerritory(istat: string) {
  if (!/^[0-9]{6}$/.test(istat))
    throw new ComuneCommandError(
      `Codice ISTAT "${istat}" non valido: servono 6 cifre, per esempio 046024 (Pietrasanta).`,
    );
  const territory = await findTerritory(istat);
  if (territory) return territory;
  if (TOSCANA_PROVINCES.includes(istat.slice(0, 3)))
    throw new ComuneCommandError(
      `Nessun comune con codice ISTAT ${istat} in ${rel(path.join(TOSCANA_DATA_DIR, BOUNDARIES_FILE_NAME))}: controlla il codice (elenco ISTAT dei comuni toscani).`,
    );
  throw new ComuneCommandError(
    `Il comune ${istat} non è nei dati della Toscana. Metti il suo confine in ` +
      `${rel(SEED_DATA_ROOT)}/<regione>/${BOUNDARIES_FILE_NAME}: una FeatureCollection GeoJSON (EPSG:4326) ` +
      `con una Feature Polygon/MultiPolygon per comune e le proprietà name, com_istat_code, com_catasto_code, ` +
      `prov_acr, reg_name (come ${rel(path.join(TOSCANA_DATA_DIR, BOUNDARIES_FILE_NAME))}); ` +
      `i nomi delle vie ANNCSU vanno accanto, in odonimi.csv.gz. Vedi docs/many-comuni.md.`,
  );
}

/** The first free 3-letter ticket prefix from the name: consonants first (Seravezza → SRV). */
export function codePrefixCandidates(name: string): string[] {
  const letters = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  const consonants = letters[0] + letters.slice(1).replace(/[AEIOU]/g, '');
  const out: string[] = [];
  for (const pool of [consonants, letters])
    for (let i = 1; i < pool.length; i++)
      for (let j = i + 1; j < pool.length; j++) out.push(letters[0] + pool[i] + pool[j]);
  for (const a of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
    for (const b of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') out.push(letters[0] + a + b);
  return [...new Set(out)];
}

/** UTM zone (WGS 84, north) of the territory's centroid: 32632 for Toscana. */
export function localSridFor(lon: number): number {
  return 32600 + Math.floor((lon + 180) / 6) + 1;
}

export async function addComune(
  pool: pg.Pool,
  options: AddComuneOptions,
): Promise<AddComuneResult> {
  const log = options.log ?? (() => undefined);
  const territory = await resolveTerritory(options.istat);
  const existing = await pool.query<AddComuneResult>(
    `select m.id, m.name, m.slug, m.code_prefix as "codePrefix",
       (select count(*)::int from office where municipality_id = m.id) as offices,
       (select count(*)::int from category where municipality_id = m.id) as categories,
       (select count(*)::int from street where municipality_id = m.id) as streets,
       (select count(*)::int from ticket where municipality_id = m.id) as tickets
     from municipality m where m.istat_code = $1`,
    [territory.istatCode],
  );
  if (existing.rows[0]) {
    log(
      `Il Comune di ${existing.rows[0].name} (${territory.istatCode}) c'è già: nulla è cambiato.`,
    );
    return { ...existing.rows[0], created: false };
  }
  const template = readTemplate(options.templateFile);
  if (options.adminEmail !== undefined && !isValidEmail(options.adminEmail))
    throw new ComuneCommandError(
      `--admin: "${options.adminEmail}" non è un indirizzo e-mail valido.`,
    );
  const register = (await access(territory.streetsFile).then(
    () => true,
    () => false,
  ))
    ? await readTerritoryStreets(territory.catastoCode, territory.streetsFile)
    : [];
  const [lon] = centroid(territory.boundary).geometry.coordinates;
  const streetFeatures = generateStreets(
    register,
    territory.boundary,
    Number(territory.istatCode),
    genericKernels(territory.boundary),
  );
  const demoTickets = options.demoTickets ?? 0;

  const result = await withTransaction(pool, async (tx) => {
    // One onboarding at a time: the new id and prefix are picked from what is there.
    await tx.query('lock table municipality in exclusive mode');
    const again = await tx.query('select 1 from municipality where istat_code = $1', [
      territory.istatCode,
    ]);
    if (again.rows.length) return undefined;
    const taken = await tx.query<{ id: number; code_prefix: string }>(
      'select id, code_prefix from municipality',
    );
    // Seravezza's id and prefix stay free even before its first-start seed (npm start after
    // comune:add on an empty database still loads it).
    const used = new Set([SERAVEZZA.codePrefix, ...taken.rows.map((r) => r.code_prefix)]);
    const codePrefix = codePrefixCandidates(territory.name).find((c) => !used.has(c))!;
    const id = Math.max(SERAVEZZA.id, ...taken.rows.map((r) => r.id)) + 1;
    const inserted = await tx.query<{ slug: string }>(
      `insert into municipality (id, name, istat_code, code_prefix, local_srid, boundary, demo, mail_from, settings)
       values ($1, $2, $3, $4, $5, st_multi(st_setsrid(st_geomfromgeojson($6), 4326)), $7, $8, $9)
       returning slug`,
      [
        id,
        territory.name,
        territory.istatCode,
        codePrefix,
        localSridFor(lon),
        JSON.stringify(territory.boundary.geometry),
        demoTickets > 0,
        null,
        '{}',
      ],
    );
    const slug = inserted.rows[0].slug;
    const values = {
      name: territory.name,
      slug,
      istat: territory.istatCode,
      mailAddress: mailAddressOf(options.config.mailFrom),
    };
    const s = template.settings;
    // The same checks as every other path that writes a comune's settings (comune-settings.ts).
    const mailFrom = MailFromSchema.safeParse(fillTemplate(s.mailFrom, values));
    if (!mailFrom.success)
      throw new ComuneCommandError(
        `Template: settings.mailFrom "${fillTemplate(s.mailFrom, values)}": ${mailFrom.error.issues[0].message}.`,
      );
    let settings;
    try {
      settings = parseComuneSettings({
        coatOfArms: s.coatOfArms,
        privacyNotice: {
          it: fillTemplate(s.privacyNotice.it, values),
          en: fillTemplate(s.privacyNotice.en, values),
        },
        slaTargets: s.slaTargets,
        region: territory.regionName,
        province: territory.provinceCode,
        catastoCode: territory.catastoCode,
      });
    } catch (error) {
      throw new ComuneCommandError(`Template: ${(error as Error).message}`);
    }
    await tx.query('update municipality set mail_from = $2, settings = $3 where id = $1', [
      id,
      mailFrom.data,
      JSON.stringify(settings),
    ]);
    // Its notice is the first published version (sql/056): reports and joins store which they accepted.
    if (settings.privacyNotice) await insertPrivacyNotice(tx, id, settings.privacyNotice, null);
    const offices = template.offices.map((o) => ({
      code: o.code,
      name: o.name,
      email: validateEmail(fillTemplate(o.emailPattern, values)),
    }));
    await insertCatalog(tx, id, offices, template.categories);
    await insertQuestions(tx, id, template.questions);
    const streets = await loadStreets(tx, id, streetFeatures, 'generated');
    const adminEmail = validateEmail(options.adminEmail ?? `admin@${slug}.demo`, 'admin');
    const admin = await insertStaffUser(
      tx,
      id,
      adminEmail,
      `Amministratore – ${territory.name}`,
      'admin',
      NO_PASSWORD_HASH,
    );
    const inviteUrl = await createInvite(tx, {
      municipalityId: id,
      municipalityName: territory.name,
      staffId: admin!.id,
      email: adminEmail,
      role: 'admin',
      // The link opens the comune's own pages (/c/{istat}/ or PUBLIC_URL for the default comune).
      publicUrl: comuneSettings(options.config, {
        name: territory.name,
        istat_code: territory.istatCode,
        host: null,
      }).baseUrl,
    });
    return { id, slug, codePrefix, streets, adminEmail, inviteUrl };
  });
  if (!result) return addComune(pool, options); // added meanwhile by another run: report it as there

  log(
    `Comune di ${territory.name} (${territory.istatCode}, /${result.slug}/, codici ${result.codePrefix}-…): ` +
      `${template.offices.length} uffici, ${template.categories.length} categorie ` +
      `(${template.questions.length} domande del modulo), ${result.streets} vie ANNCSU ` +
      `con geometrie GENERATE (non rilevate: importa quelle reali con npm run import:streets).`,
  );
  log(
    `Invito per scegliere la password inviato all'amministratore (in coda nella posta in uscita).`,
  );
  let tickets = 0;
  if (demoTickets > 0) {
    tickets = (
      await insertDemoTickets(pool, result.id, {
        count: demoTickets,
        seed: Number(territory.istatCode),
      })
    ).inserted;
    log(`${tickets} segnalazioni dimostrative.`);
  }
  return {
    created: true,
    id: result.id,
    name: territory.name,
    slug: result.slug,
    codePrefix: result.codePrefix,
    offices: template.offices.length,
    categories: template.categories.length,
    streets: result.streets,
    tickets,
    adminEmail: result.adminEmail,
    inviteUrl: result.inviteUrl,
  };
}

export interface ComuneListRow {
  istat: string;
  name: string;
  alias: string;
  enabled: boolean;
  offices: number;
  streets: number;
  tickets: number;
}

export async function listComuni(db: Queryable): Promise<ComuneListRow[]> {
  const { rows } = await db.query<ComuneListRow>(
    `select m.istat_code as istat, m.name, m.slug as alias, m.enabled,
       (select count(*)::int from office where municipality_id = m.id) as offices,
       (select count(*)::int from street where municipality_id = m.id) as streets,
       (select count(*)::int from ticket where municipality_id = m.id) as tickets
     from municipality m order by m.istat_code`,
  );
  return rows;
}

/** Plain-text table of listComuni for the terminal. */
export function formatComuni(rows: readonly ComuneListRow[]): string {
  const header = ['ISTAT', 'Comune', 'Alias', 'Attivo', 'Uffici', 'Vie', 'Segnalazioni'];
  const cells = rows.map((r) => [
    r.istat,
    r.name,
    r.alias,
    r.enabled ? 'sì' : 'no',
    String(r.offices),
    String(r.streets),
    String(r.tickets),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  return [header, ...cells]
    .map((row) =>
      row.map((c, i) => (i >= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  '),
    )
    .join('\n');
}

/** Closes (or opens again) the public pages of a comune; its data stays. */
export async function setComuneEnabled(
  db: Queryable,
  istat: string,
  enabled: boolean,
): Promise<{ name: string; changed: boolean }> {
  const { rows } = await db.query<{ name: string; was: boolean }>(
    `update municipality m set enabled = $2 from municipality old
     where m.id = old.id and m.istat_code = $1 returning m.name, old.enabled as was`,
    [istat, enabled],
  );
  if (!rows[0])
    throw new ComuneCommandError(
      `Nessun comune ${istat} in questo database: npm run comune:list mostra quelli presenti.`,
    );
  return { name: rows[0].name, changed: rows[0].was !== enabled };
}

export interface ComuneSettingsPatch {
  /** The comune's own sender; null: the deployment's (MAIL_FROM). */
  mailFrom?: string | null;
  /** An image URL or /path; null: none. */
  coatOfArms?: string | null;
  /** Both languages; null: the app's default text, naming the comune. */
  privacyNotice?: { it: string; en: string } | null;
  /** For the notice's {dpo}; null: removed. */
  dpoContact?: string | null;
  /** retention.reporterContactMonths under its older name (the notice's {retention}, the retention job); null: removed. */
  retentionMonths?: number | null;
  slaTargets?: { onTimeShare?: number; firstResponseHours?: number };
}

/**
 * npm run comune:settings: changes a comune's own sender and settings, checked by the same schema as
 * comune:add's template (server/services/comune-settings.ts); a bad value changes nothing. The server
 * applies them within 30 s. Returns the comune's effective settings after the change.
 */
export async function updateComuneSettings(
  pool: pg.Pool,
  istat: string,
  patch: ComuneSettingsPatch,
  config: Pick<Config, 'publicUrl' | 'mailFrom' | 'municipalityIstat'>,
) {
  return withTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{
      id: number;
      name: string;
      istat_code: string;
      host: string | null;
      mail_from: string | null;
      settings: Record<string, unknown>;
    }>(
      'select id, name, istat_code, host, mail_from, settings from municipality where istat_code = $1 for update',
      [istat],
    );
    const row = rows[0];
    if (!row)
      throw new ComuneCommandError(
        `Nessun comune ${istat} in questo database: npm run comune:list mostra quelli presenti.`,
      );
    let mailFrom = row.mail_from;
    if (patch.mailFrom !== undefined) {
      if (patch.mailFrom === null) mailFrom = null;
      else {
        const parsed = MailFromSchema.safeParse(patch.mailFrom);
        if (!parsed.success)
          throw new ComuneCommandError(
            `--mail-from "${patch.mailFrom}": ${parsed.error.issues[0].message}.`,
          );
        mailFrom = parsed.data;
      }
    }
    const current = comuneSettings(config, row);
    const next: Record<string, unknown> = { ...row.settings };
    if (patch.coatOfArms !== undefined) next.coatOfArms = patch.coatOfArms;
    if (patch.privacyNotice !== undefined) next.privacyNotice = patch.privacyNotice;
    if (patch.dpoContact !== undefined) next.dpoContact = patch.dpoContact;
    if (patch.retentionMonths !== undefined) next.retentionMonths = patch.retentionMonths;
    if (patch.slaTargets) next.slaTargets = { ...current.slaTargets, ...patch.slaTargets };
    let settings;
    try {
      settings = parseComuneSettings(next);
    } catch (error) {
      throw new ComuneCommandError((error as Error).message);
    }
    await tx.query('update municipality set mail_from = $2, settings = $3 where id = $1', [
      row.id,
      mailFrom,
      JSON.stringify(settings),
    ]);
    if (patch.privacyNotice) await insertPrivacyNotice(tx, row.id, patch.privacyNotice, null);
    return comuneSettings(config, { ...row, mail_from: mailFrom, settings });
  });
}
