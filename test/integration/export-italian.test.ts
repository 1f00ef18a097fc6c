// The exports an Italian office opens in Excel or LibreOffice as they are (GET /export/segnalazioni.*
// and /export/interventi.*), read back byte by byte: the UTF-8 BOM, `;` between cells, Italian headers
// and labels, category and office names, Rome time of known UTC instants in summer and in winter, an
// accented name, a cell holding ; quotes and a newline, the euro with a decimal comma; the GeoJSON
// beside them; the integrator files unchanged; no reporter e-mail; operators see their offices only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../server/domain/viewer.js';
import { csvRecords, parseCsv } from '../helpers/csv.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { createStaff, insertTicket, officeId } from '../helpers/staff-fixtures.js';

let db: TestDatabase;
let app: TestApp;
let planner: Viewer;
let tokens: Record<'planner' | 'operatorLavori' | 'operatorVerde', string>;
let summer: { id: number; code: string };
let winter: { id: number; code: string };
let third: { id: number; code: string };
let interventionId = 0;
let otherInterventionId = 0;

// 16:30 UTC is 18:30 in Rome in July (CEST, +2); 17:30 UTC is 18:30 in Rome in December (CET, +1).
const SUMMER_UTC = '2026-07-15T16:30:00Z';
const WINTER_UTC = '2026-12-04T17:30:00Z';
const TRICKY = 'Buca; "profonda"\nvicino al portone';
const OFFICE_NAME = 'Ufficio Viabilità e Mobilità';

interface Download {
  status: number;
  type: string | null;
  bytes: Uint8Array;
  text: string;
}

async function get(path: string, token?: string): Promise<Download> {
  const response = await fetch(`${app.url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  // ignoreBOM: keep the BOM in the text too, so that nothing here hides whether it was sent.
  const text = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(bytes);
  return { status: response.status, type: response.headers.get('content-type'), bytes, text };
}

/** What Intl (not the server's code) says the Rome wall clock reads: "04/12/2026 18:30". */
function romeOracle(date: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Rome',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((x) => [x.type, x.value]),
  );
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db.services);
  const m = db.municipality.id;
  planner = await createStaff(db, 'pianificatrice@example.org', 'planner');
  const lavori = await createStaff(db, 'op-lavori@example.org', 'operator', ['lavori_pubblici']);
  const verde = await createStaff(db, 'op-verde@example.org', 'operator', ['verde_pubblico']);
  const token = async (v: Viewer, scopes: string[]) =>
    (await db.services.apiTokens.create(v, 'export it', scopes, '127.0.0.1')).token;
  tokens = {
    planner: await token(planner, ['analytics:read', 'tickets:read']),
    operatorLavori: await token(lavori, ['tickets:read']),
    operatorVerde: await token(verde, ['tickets:read']),
  };
  const lavoriId = await officeId(db, 'lavori_pubblici');
  await db.pool.query('update office set name = $3 where municipality_id = $1 and id = $2', [
    m,
    lavoriId,
    OFFICE_NAME,
  ]);
  summer = await insertTicket(db, {
    title: TRICKY,
    reporter: { email: 'segreta.estate@example.org' },
  });
  winter = await insertTicket(db, {
    title: 'Lampione spento',
    reporter: { email: 'segreta.inverno@example.org' },
  });
  await db.pool.query(
    `update ticket set created_at = $3, updated_at = $3, house_number = '12/A',
       description = 'Chiamate Mario al 333 1234567 o scrivete a mario.rossi@example.org'
     where municipality_id = $1 and id = $2`,
    [m, summer.id, SUMMER_UTC],
  );
  await db.pool.query(
    `update ticket set created_at = $3, updated_at = $3, status = 'acknowledged', acknowledged_at = $3
     where municipality_id = $1 and id = $2`,
    [m, winter.id, WINTER_UTC],
  );
  third = await insertTicket(db, { title: 'Altra buca', lon: 10.2279, lat: 43.9928 });
  const made = await db.services.interventions.create(planner, {
    title: 'Rifacimento; "asfalto" di Città',
    description: 'Prima riga\nseconda riga',
    officeId: lavoriId,
    ticketIds: [summer.id, third.id],
    estimatedCost: 1234.5,
    plannedStart: '2027-03-15',
    plannedEnd: '2027-03-19',
  });
  interventionId = made.id;
  const other = await insertTicket(db, { category: 'verde_pubblico', title: 'Siepe alta' });
  otherInterventionId = (
    await db.services.interventions.create(planner, {
      title: 'Potatura siepi',
      officeId: other.officeId,
      ticketIds: [other.id],
      estimatedCost: 90,
      plannedStart: '2027-01-10',
      plannedEnd: '2027-01-10',
    })
  ).id;
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

function expectBom(d: Download) {
  expect([...d.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
}

describe('GET /export/segnalazioni.csv (Italian office)', () => {
  it('is UTF-8 with BOM, ; separated, Italian headers, names, labels and Rome time', async () => {
    const res = await get('/export/segnalazioni.csv', tokens.planner);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/csv; charset=utf-8');
    expectBom(res);
    const firstLine = res.text.slice(1, res.text.indexOf('\r\n'));
    expect(firstLine.split(';').slice(0, 6)).toEqual([
      'Codice',
      'Categoria',
      'Ufficio',
      'Stato',
      'Priorità',
      'Titolo',
    ]);
    expect(firstLine).not.toContain(',');
    const rows = csvRecords(res.text, ';');
    const s = rows.find((r) => r.Codice === summer.code)!;
    const w = rows.find((r) => r.Codice === winter.code)!;
    expect(s).toMatchObject({
      Categoria: 'Buca stradale',
      Ufficio: OFFICE_NAME,
      // Linked to the intervention: in progress.
      Stato: 'in lavorazione',
      Priorità: 'normale',
      Titolo: TRICKY,
      Civico: '12/A',
      'Ricevuta il': '15/07/2026 18:30',
    });
    expect(w).toMatchObject({
      Stato: 'presa in carico',
      'Ricevuta il': '04/12/2026 18:30',
      'Presa in carico il': '04/12/2026 18:30',
    });
    expect([romeOracle(new Date(SUMMER_UTC)), romeOracle(new Date(WINTER_UTC))]).toEqual([
      s['Ricevuta il'],
      w['Ricevuta il'],
    ]);
    // Coordinates with a decimal comma (a point would turn them into text or a date in Excel).
    expect(s.Longitudine).toMatch(/^10,\d+$/);
    expect(Number(s.Latitudine.replace(',', '.'))).toBeCloseTo(43.9925, 6);
    // The cell with ; " and a newline is quoted once, the quotes doubled, as RFC 4180 says.
    expect(res.text).toContain('"Buca; ""profonda""\nvicino al portone"');
  });

  it('shows no reporter e-mail, and masks personal data in the text as every staff export does', async () => {
    const res = await get('/export/segnalazioni.csv', tokens.planner);
    expect(res.text).not.toContain('@example.org');
    expect(res.text).not.toContain('333 1234567');
    expect(parseCsv(res.text, ';')[0]).not.toContain('E-mail del segnalante');
  });

  it('keeps the filter and the rules of the integrators’ export', async () => {
    const res = await get(`/export/segnalazioni.csv?statuses=ACKNOWLEDGED`, tokens.planner);
    expect(csvRecords(res.text, ';').map((r) => r.Codice)).toEqual([winter.code]);
    expect((await get('/export/segnalazioni.csv')).status).toBe(401);
    expect((await get('/export/segnalazioni.csv', tokens.operatorLavori)).status).toBe(403);
    const bad = await get('/export/segnalazioni.csv?statuses=APERTA', tokens.planner);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({
      error: { code: 'BAD_USER_INPUT', field: 'statuses' },
    });
  });

  it('leaves the integrators’ CSV as it was: comma, codes, ISO 8601 UTC', async () => {
    const res = await get('/export/tickets.csv', tokens.planner);
    expectBom(res);
    const header = parseCsv(res.text)[0];
    expect(header.slice(0, 4)).toEqual(['code', 'category', 'office', 'status']);
    const s = csvRecords(res.text).find((r) => r.code === summer.code)!;
    expect(s).toMatchObject({
      category: 'buca_stradale',
      office: 'lavori_pubblici',
      status: 'in_progress',
      created_at: '2026-07-15T16:30:00.000Z',
    });
    expect(header).not.toContain('house_number');
  });
});

describe('GET /export/segnalazioni.geojson', () => {
  it('is a FeatureCollection of points with Italian properties', async () => {
    const res = await get('/export/segnalazioni.geojson', tokens.planner);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/geo+json; charset=utf-8');
    const body = JSON.parse(res.text) as {
      type: string;
      features: {
        type: string;
        geometry: { type: string; coordinates: number[] };
        properties: Record<string, unknown>;
      }[];
    };
    expect(body.type).toBe('FeatureCollection');
    const f = body.features.find((x) => x.properties.Codice === summer.code)!;
    expect(f.type).toBe('Feature');
    expect(f.geometry.type).toBe('Point');
    expect(f.geometry.coordinates[0]).toBeCloseTo(10.2275, 6);
    expect(f.geometry.coordinates[1]).toBeCloseTo(43.9925, 6);
    expect(f.properties).toMatchObject({
      Categoria: 'Buca stradale',
      Ufficio: OFFICE_NAME,
      Stato: 'in lavorazione',
      Titolo: TRICKY,
      'Ricevuta il': '15/07/2026 18:30',
    });
    expect(f.properties).not.toHaveProperty('Longitudine');
    expect(res.text).not.toContain('@example.org');
  });
});

describe('GET /export/interventi.csv (the programme)', () => {
  it('lists the programme with Italian labels, the euro with a decimal comma and Rome dates', async () => {
    const res = await get('/export/interventi.csv', tokens.planner);
    expect(res.status).toBe(200);
    expectBom(res);
    expect(res.text.slice(1, res.text.indexOf('\r\n'))).toBe(
      'Numero;Titolo;Descrizione;Ufficio;Ditta;Stato;Costo stimato (€);Inizio previsto;Fine prevista;Area;Via;Segnalazioni;Codici delle segnalazioni;Nota di chiusura;Creato il;Iniziato il;Concluso il;Annullato il',
    );
    const rows = csvRecords(res.text, ';');
    // By planned start: the hedge trimming in January first.
    expect(rows.map((r) => Number(r.Numero))).toEqual([otherInterventionId, interventionId]);
    const { rows: created } = await db.pool.query<{ created_at: Date }>(
      'select created_at from intervention where municipality_id = $1 and id = $2',
      [db.municipality.id, interventionId],
    );
    expect(rows[1]).toEqual({
      Numero: String(interventionId),
      Titolo: 'Rifacimento; "asfalto" di Città',
      Descrizione: 'Prima riga\nseconda riga',
      Ufficio: OFFICE_NAME,
      Ditta: '',
      Stato: 'pianificato',
      'Costo stimato (€)': '1234,50',
      'Inizio previsto': '15/03/2027',
      'Fine prevista': '19/03/2027',
      Area: 'attorno alle segnalazioni',
      Via: '',
      Segnalazioni: '2',
      'Codici delle segnalazioni': [summer, third]
        .sort((a, b) => a.id - b.id)
        .map((t) => t.code)
        .join(', '),
      'Nota di chiusura': '',
      'Creato il': romeOracle(created[0].created_at),
      'Iniziato il': '',
      'Concluso il': '',
      'Annullato il': '',
    });
    expect(rows[0]['Costo stimato (€)']).toBe('90,00');
    // The accented names arrive as UTF-8, not as Latin-1 mojibake.
    expect(res.text).toContain('Città');
    expect(res.text).not.toContain('Ã');
  });

  it('gives operators the interventions of their offices only, and refuses anonymous callers', async () => {
    const lavori = csvRecords(
      (await get('/export/interventi.csv', tokens.operatorLavori)).text,
      ';',
    );
    expect(lavori.map((r) => Number(r.Numero))).toEqual([interventionId]);
    const verde = csvRecords((await get('/export/interventi.csv', tokens.operatorVerde)).text, ';');
    expect(verde.map((r) => Number(r.Numero))).toEqual([otherInterventionId]);
    expect((await get('/export/interventi.csv')).status).toBe(401);
    const filtered = csvRecords(
      (await get('/export/interventi.csv?statuses=COMPLETED', tokens.planner)).text,
      ';',
    );
    expect(filtered).toEqual([]);
    const bad = await get('/export/interventi.csv?stato=x', tokens.planner);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({
      error: { code: 'BAD_USER_INPUT', field: 'stato' },
    });
  });

  it('has an integrator twin: comma, point, raw status, ISO 8601 UTC', async () => {
    const res = await get('/export/interventions.csv', tokens.planner);
    const row = csvRecords(res.text).find((r) => Number(r.id) === interventionId)!;
    expect(row).toMatchObject({
      status: 'planned',
      estimated_cost_eur: '1234.50',
      planned_start: '2027-03-15',
      area_kind: 'tickets',
    });
    expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

describe('GET /export/interventi.geojson', () => {
  it('is a FeatureCollection of the covered areas with Italian properties', async () => {
    const res = await get('/export/interventi.geojson', tokens.planner);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as {
      type: string;
      features: {
        type: string;
        geometry: { type: string; coordinates: number[][][] };
        properties: Record<string, unknown>;
      }[];
    };
    expect(body.type).toBe('FeatureCollection');
    const f = body.features.find((x) => x.properties.Numero === interventionId)!;
    expect(f.geometry.type).toBe('Polygon');
    const ring = f.geometry.coordinates[0];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    // The area covers its tickets (the hull of the tickets plus 30 m).
    const lons = ring.map((p) => p[0]);
    const lats = ring.map((p) => p[1]);
    expect(Math.min(...lons)).toBeLessThan(10.2275);
    expect(Math.max(...lons)).toBeGreaterThan(10.2275);
    expect(Math.min(...lats)).toBeLessThan(43.9925);
    expect(Math.max(...lats)).toBeGreaterThan(43.9925);
    expect(f.properties).toMatchObject({
      Titolo: 'Rifacimento; "asfalto" di Città',
      Stato: 'pianificato',
      'Costo stimato (€)': 1234.5,
      'Inizio previsto': '15/03/2027',
      Segnalazioni: 2,
    });
  });
});
