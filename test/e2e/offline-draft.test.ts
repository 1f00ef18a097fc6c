/// <reference lib="dom" />
// Offline drafts and the public list on a phone (issue 14, items 9 and 10), in Chromium against the real
// server: a report filled without network is kept on the device (IndexedDB), said so plainly, sent when
// the connection returns under its idempotency key, filed once even when sent twice, and its receipt
// shows the code; the list keeps its filters in the address, shows cards at 390 px and a map legend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { checkPage } from './axe.js';
import { getHarness, launchBrowser, screenshot, type Harness } from './harness.js';

const PHONE = { width: 390, height: 844 };
const STREET = 'Federigi';
const SAVED_IT =
  'Sei offline: la segnalazione è salvata su questo dispositivo e verrà inviata appena torna la connessione.';
const SAVED_EN =
  'You are offline: the report is saved on this device and will be sent as soon as the connection returns.';
let h: Harness;
const contexts: BrowserContext[] = [];

async function phone(lang: 'it-IT' | 'en-US'): Promise<Page> {
  const context = await launchBrowser(lang, PHONE);
  contexts.push(context);
  return context.newPage();
}

/** The public API's count of reports whose title or description has these words. */
async function countMatching(text: string): Promise<number> {
  const r = await fetch(`${h.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query($f: TicketFilterInput) { tickets(filter: $f, first: 5) { totalCount } }',
      variables: { f: { text } },
    }),
  });
  const body = (await r.json()) as { data: { tickets: { totalCount: number } } };
  return body.data.tickets.totalCount;
}

async function placePin(page: Page, pinText: RegExp): Promise<void> {
  await page.locator('#street-search').fill(STREET);
  await page.locator('.street-results button').first().click();
  await expect
    .poll(() => page.getByTestId('pin-status').textContent(), { timeout: 15_000 })
    .toMatch(pinText);
}

/** The drafts kept in this page's IndexedDB. */
function queuedDrafts(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ key: string; input: Record<string, unknown> }[]>((resolve, reject) => {
        const open = indexedDB.open('segnala', 1);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('report-drafts')) return resolve([]);
          const all = db.transaction('report-drafts').objectStore('report-drafts').getAll();
          all.onsuccess = () => {
            resolve(all.result as { key: string; input: Record<string, unknown> }[]);
            db.close();
          };
        };
      }),
  );
}

describe('offline drafts and the public list on a phone', () => {
  beforeAll(async () => {
    h = await getHarness();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  it('keeps a report filled offline, says so, sends it once when back online and shows the code', async () => {
    const page = await phone('it-IT');
    const context = page.context();
    await page.goto(`${h.baseUrl}/segnala`);
    await page.getByRole('heading', { name: 'Segnala un problema' }).waitFor();
    // The citizen page installs the service worker, scoped to the comune's pages.
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).scope), {
        timeout: 15_000,
      })
      .toBe(`${h.baseUrl}/`);
    // It keeps the page it was installed from, loaded before it ran, for a reload without network.
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const hit = await caches.match('/segnala');
            return hit ? hit.status : 0;
          }),
        { timeout: 15_000 },
      )
      .toBe(200);
    await placePin(page, /^Punto scelto: .*Federigi/);

    // The signal goes: the page says what will happen, and the form still works.
    await context.setOffline(true);
    await page.getByTestId('offline-banner').waitFor();
    const word = `fuorilinea${Date.now()}`;
    await page.locator('#f-category').selectOption({ index: 1 });
    await page.locator('#f-title').fill(`Lampione spento ${word}`);
    await page
      .locator('#f-description')
      .fill('Il lampione davanti al civico 3 è spento da giorni.');
    await page.locator('#f-email').fill(`offline.${Date.now()}@example.org`);
    await page.locator('#f-privacyConsent').check();
    await page.getByRole('button', { name: 'Invia la segnalazione' }).click();
    expect(await page.getByTestId('offline-saved').textContent({ timeout: 10_000 })).toBe(SAVED_IT);
    await page.getByTestId('queued-draft').waitFor();
    expect(await page.getByTestId('queued-draft').textContent()).toContain(
      `Lampione spento ${word}`,
    );
    await checkPage(page, 'it', 'offline-saved-it', '[data-testid=offline-saved]');
    const [draft] = await queuedDrafts(page);
    expect(draft.input.idempotencyKey).toBe(draft.key);
    expect(await countMatching(word)).toBe(0);

    // Offline, a reload still opens the page (the service worker's copy) with the draft waiting.
    await page.reload();
    await page.getByTestId('queued-draft').waitFor({ timeout: 15_000 });
    await screenshot(page, 'offline-reloaded-it');
    // The comune's categories were kept on the device: a new report can still be filled offline.
    expect(await page.locator('#f-category option').count()).toBeGreaterThan(1);
    // …and its comune: the header names it and the privacy notice is there before the consent box.
    expect(await page.locator('header').textContent()).toContain('Seravezza');
    expect(await page.locator('#privacy-notice').textContent()).toContain('Seravezza');
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys())
        for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
      return urls;
    });
    expect(cached.some((u) => u.includes('/assets/'))).toBe(true);
    expect(cached.some((u) => u.endsWith('/segnala'))).toBe(true);
    // API answers (they can carry personal data) are never cached.
    expect(cached.filter((u) => /graphql|attachments|export/.test(u))).toEqual([]);

    // The connection returns: the draft is sent by itself and the receipt shows the code.
    await context.setOffline(false);
    const code =
      (await page.getByTestId('tracking-code').textContent({ timeout: 30_000 }))?.trim() ?? '';
    expect(code).toMatch(/^[A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await screenshot(page, 'offline-sent-it');
    expect(await queuedDrafts(page)).toEqual([]);

    // Sent again (a retry whose answer was lost): the same key files nothing new.
    const again = await page.evaluate(async (input) => {
      const r = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            'mutation($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code } } }',
          variables: { input },
        }),
      });
      return (await r.json()) as { data?: { submitReport: { ticket: { code: string } } } };
    }, draft.input);
    expect(again.data?.submitReport.ticket.code).toBe(code);
    expect(await countMatching(word)).toBe(1);
  });

  it('says it in English too, and axe finds nothing serious', async () => {
    const page = await phone('en-US');
    await page.goto(`${h.baseUrl}/segnala`);
    await page.getByRole('heading', { name: 'Report a problem' }).waitFor();
    await placePin(page, /^Chosen place: .*Federigi/);
    await page.context().setOffline(true);
    await page.getByTestId('offline-banner').waitFor();
    await checkPage(page, 'en', 'offline-form-en', '[data-testid=offline-banner]');
    await page.locator('#f-category').selectOption({ index: 1 });
    await page.locator('#f-title').fill('Broken street light');
    await page.locator('#f-description').fill('The light in front of number 3 is off.');
    await page.locator('#f-email').fill(`offline.en.${Date.now()}@example.org`);
    // A photo chosen offline is kept on the device (a Blob in IndexedDB) and uploaded with the report.
    const png = await sharp({
      create: { width: 64, height: 48, channels: 3, background: '#c33' },
    })
      .png()
      .toBuffer();
    await page
      .locator('#photos')
      .setInputFiles({ name: 'lampione.png', mimeType: 'image/png', buffer: png });
    await page.getByText('the photo “lampione.png” is saved on this device').waitFor();
    await page.locator('#f-privacyConsent').check();
    await page.getByRole('button', { name: 'Send the report' }).click();
    expect(await page.getByTestId('offline-saved').textContent({ timeout: 10_000 })).toBe(SAVED_EN);
    expect(await page.getByTestId('queued-draft').textContent()).toContain(
      'Photos saved with the report: 1',
    );
    await checkPage(page, 'en', 'offline-saved-en', '[data-testid=queued-draft]');
    const uploads: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/attachments') && r.request().method() === 'POST')
        uploads.push(r.status());
    });
    await page.context().setOffline(false);
    await page.getByTestId('tracking-code').waitFor({ timeout: 30_000 });
    expect(uploads).toEqual([201]);
  });

  it('the public list keeps its filters in the address, shows cards at 390 px and a legend', async () => {
    const page = await phone('it-IT');
    await page.goto(`${h.baseUrl}/segnalazioni`);
    await page.getByRole('heading', { name: 'Tutte le segnalazioni' }).waitFor();
    await page.getByTestId('ticket-card').first().waitFor({ timeout: 15_000 });
    await page.getByLabel('conclusa', { exact: true }).check();
    await page.locator('#filter-street').fill(STREET);
    await page.locator('.street-results button').first().click();
    await page.getByTestId('street-chosen').waitFor();
    await page.getByRole('button', { name: 'Applica' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('via')).toMatch(/^\d+$/);
    expect(new URL(page.url()).searchParams.get('stato')).toBe(
      'RECEIVED,ACKNOWLEDGED,IN_PROGRESS,RESOLVED',
    );

    await page.reload();
    await expect
      .poll(() => page.getByTestId('street-chosen').textContent(), { timeout: 15_000 })
      .toContain(STREET);
    expect(await page.getByLabel('conclusa', { exact: true }).isChecked()).toBe(true);
    const cards = page.getByTestId('ticket-card');
    await cards.first().waitFor({ timeout: 15_000 });
    expect(await page.locator('table').count()).toBe(0);
    // Every card names the street filtered on; nothing is wider than the phone; the status is on screen.
    for (const text of await cards.allTextContents()) expect(text).toContain(STREET);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    const badge = await cards.first().locator('.badge').boundingBox();
    expect(badge && badge.x >= 0 && badge.x + badge.width <= PHONE.width).toBe(true);
    const legend = page.getByTestId('map-legend');
    expect(await legend.isVisible()).toBe(true);
    expect(await legend.textContent()).toContain('conclusa');
    await checkPage(page, 'it', 'list-phone-it', '[data-testid=ticket-card]');

    // Back: the address before the filters, and the form follows it.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await expect.poll(() => page.getByLabel('conclusa', { exact: true }).isChecked()).toBe(false);
    await page.goForward();
    await page.getByTestId('street-chosen').waitFor();

    // The street page: the length with a decimal comma, a legend, cards.
    await cards
      .first()
      .getByRole('link', { name: new RegExp(STREET) })
      .click();
    await page.getByText(/^Lunghezza: \d+,\d\d km$/).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('map-legend').isVisible()).toBe(true);
    await checkPage(page, 'it', 'street-phone-it', '[data-testid=map-legend]');
  });

  it('the list in English on a phone: cards, legend, numbers with a point, axe clean', async () => {
    const page = await phone('en-US');
    await page.goto(`${h.baseUrl}/segnalazioni?stato=RECEIVED,RESOLVED&pagina=2`);
    await page.getByRole('heading', { name: 'All reports' }).waitFor();
    await page.getByTestId('ticket-card').first().waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('resolved', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('in progress').isChecked()).toBe(false);
    await checkPage(page, 'en', 'list-phone-en', '[data-testid=map-legend]', { fullPage: false });
  });
});
