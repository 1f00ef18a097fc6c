// How a request finds its comune: /c/{istat}/, the alias /{slug}/, the Host header, the default
// comune otherwise; unknown and disabled comuni; a comune added while running; the root page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/graphql.js';
import { getAt, gqlAt, gqlWithHost } from '../helpers/comune-http.js';
import { addSecondComune } from '../helpers/second-comune.js';
import { testComune } from '../helpers/test-comune.js';

const WHICH = '{ municipality { istatCode name } }';
type Which = { municipality: { istatCode: string; name: string } };

let db: TestDatabase;
let app: TestApp;
// The default comune is Seravezza, and Stazzema is added closed; with SEGNALA_TEST_COMUNE the default is
// that comune, and Seravezza is there closed already (test-comune.ts).
const HOME = testComune() ?? '046028';
const CLOSED = testComune()
  ? { istat: '046028', alias: 'seravezza', name: 'Seravezza' }
  : { istat: '046030', alias: 'stazzema', name: 'Stazzema' };
/** `{home}` and `{alias}` in a path: the default comune's ISTAT code and alias. */
const homePath = (path: string) =>
  path.replace('{home}', db.municipality.istat_code).replace('{alias}', db.municipality.slug);

beforeAll(async () => {
  db = await createTestDatabase();
  await addSecondComune(db, { host: 'segnala.pietrasanta.test' });
  if (!testComune())
    await addSecondComune(db, { istat: '046030', codePrefix: 'STZ', enabled: false });
  app = await startTestApp(db.services);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('the comune of a request', () => {
  it.each([
    ['/graphql', HOME],
    ['/c/{home}/graphql', HOME],
    ['/c/046024/graphql', '046024'],
    ['/{alias}/graphql', HOME],
    ['/pietrasanta/graphql', '046024'],
    ['/c/046024/graphql?x=1', '046024'],
  ])('%s answers for %s', async (path, istat) => {
    const r = await gqlAt<Which>(app, homePath(path), WHICH);
    expect(r.status).toBe(200);
    expect(r.data?.municipality.istatCode).toBe(istat);
  });

  it('the Host header of a comune picks it; another host gets the default', async () => {
    const there = await gqlWithHost<Which>(app, 'segnala.pietrasanta.test', WHICH);
    expect(there.data?.municipality.name).toBe('Pietrasanta');
    const port = await gqlWithHost<Which>(app, 'SEGNALA.pietrasanta.test:8080', WHICH);
    expect(port.data?.municipality.istatCode).toBe('046024');
    const other = await gqlWithHost<Which>(app, 'segnala.example.org', WHICH);
    expect(other.data?.municipality.istatCode).toBe(HOME);
  });

  it('an unknown ISTAT code or alias: coded NOT_FOUND on API paths, an HTML 404 for pages', async () => {
    for (const path of ['/c/999999/graphql', '/c/abc/graphql', '/nessuno/graphql']) {
      const r = await gqlAt(app, path, WHICH);
      expect(r.status).toBe(404);
      expect(r.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    for (const path of ['/c/999999/segnala', '/nessuno/segnala', '/nessuno']) {
      const page = await getAt(app, path);
      expect(page.status).toBe(404);
      expect(page.type).toMatch(/^text\/html/);
      expect(page.body).toContain('Comune non trovato');
    }
  });

  it('a disabled comune: its pages and API are closed, with a clear page or code', async () => {
    const api = await gqlAt(app, `/c/${CLOSED.istat}/graphql`, WHICH);
    expect(api.status).toBe(403);
    expect(api.errors?.[0].extensions?.code).toBe('MUNICIPALITY_DISABLED');
    const page = await getAt(app, `/${CLOSED.alias}/segnala`);
    expect(page.status).toBe(403);
    expect(page.body).toContain(`Comune di ${CLOSED.name} non è attivo`);
    // Its data is kept: the row is still there.
    const { rows } = await db.pool.query('select 1 from municipality where istat_code = $1', [
      CLOSED.istat,
    ]);
    expect(rows).toHaveLength(1);
  });

  it('pages of a comune are the app under its prefix (not a 404)', async () => {
    for (const path of ['/c/046024/segnala', '/pietrasanta/segnalazioni', '/c/046024/ufficio/x']) {
      const page = await getAt(app, path);
      expect(page.status).not.toBe(404);
      expect(page.type).toMatch(/^text\/html/);
    }
  });

  it('a comune added to the database is served without a restart', async () => {
    expect((await gqlAt(app, '/c/046005/graphql', WHICH)).status).toBe(404);
    await addSecondComune(db, { istat: '046005', codePrefix: 'CMR' });
    let r = await gqlAt<Which>(app, '/camaiore/graphql', WHICH);
    for (let i = 0; i < 20 && r.status !== 200; i++) {
      await new Promise((done) => setTimeout(done, 250));
      r = await gqlAt<Which>(app, '/camaiore/graphql', WHICH);
    }
    expect(r.data?.municipality.name).toBe('Camaiore');
  });
});

describe('the root of a deployment with several comuni', () => {
  it('lists the served comuni with links, and not the closed one', async () => {
    const page = await getAt(app, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain(`href="/c/${HOME}/"`);
    expect(page.body).toContain('Comune di Pietrasanta');
    expect(page.body).toContain('Dove si trova questo posto?');
    expect(page.body).not.toContain(CLOSED.name);
  });

  it('finds a place by the name of a comune, a street or coordinates', async () => {
    const forte = await getAt(app, '/?luogo=forte%20dei');
    expect(forte.body).toContain('Comune di Forte dei Marmi: non usa questo servizio');
    const street = await getAt(app, '/?luogo=via%20di%20prova%202');
    expect(street.body).toContain(
      '<a href="http://segnala.pietrasanta.test/">Via di Prova 2 – Comune di Pietrasanta',
    );
    const point = await getAt(app, `/?luogo=${encodeURIComponent('43.9590, 10.2276')}`);
    expect(point.body).toContain(
      '<a href="http://segnala.pietrasanta.test/">Comune di Pietrasanta',
    );
    const camaiore = await getAt(app, '/?luogo=camaiore');
    expect(camaiore.body).toContain('<a href="/c/046005/">Comune di Camaiore');
  });

  it("a comune's own root and host stay its app", async () => {
    for (const [path, headers] of [
      [`/c/${HOME}/`, {}],
      ['/pietrasanta', {}],
      ['/', { host: 'segnala.pietrasanta.test' }],
    ] as const) {
      const page = await getAt(app, path, headers);
      expect(page.body).not.toContain('Dove si trova questo posto?');
    }
  });
});
