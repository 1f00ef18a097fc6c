/// <reference lib="dom" />
// Citizen journeys in Chromium against the real server: report by keyboard only, report by clicking
// the map, duplicate hint and "mi associo", e-mails through a real SMTP server, tracking page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage } from './axe.js';
import { getHarness, launchBrowser, screenshot, type Harness } from './harness.js';
import { focusIsVisible, tabTo } from './keyboard.js';
import { colouredPixels } from './pixels.js';

const STREET = 'Federigi';
/** A mid-range phone's viewport. */
const PHONE = { width: 390, height: 844 };
let h: Harness;
let firstCode = '';
const reporter = `cittadina.${Date.now()}@example.org`;
const supporter = `vicino.${Date.now()}@example.org`;

async function supportersOn(page: Page, code: string): Promise<number> {
  await page.goto(`${h.baseUrl}/segnalazioni/${code}`);
  const text = await page.getByTestId('supporters-count').textContent({ timeout: 15_000 });
  return Number(text);
}

describe('citizen', () => {
  beforeAll(async () => {
    h = await getHarness();
  });
  afterAll(async () => {
    // the harness is shared with the other e2e files
  });

  it('files a report with the keyboard only, gets the code, the e-mail and the tracking page', async () => {
    const page = await h.newPage('it');
    await page.goto(`${h.baseUrl}/segnala`);
    await page.getByRole('heading', { name: 'Segnala un problema' }).waitFor();
    await tabTo(page, '#street-search');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.type(STREET, { delay: 20 });
    await page.locator('.street-results button').first().waitFor();
    await tabTo(page, '.street-results button');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('pin-status').textContent())
      .toMatch(/Punto scelto: .*Federigi/);

    await tabTo(page, '#f-category');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#f-category').inputValue()).not.toBe('');
    await tabTo(page, '#f-title');
    await page.keyboard.type('Buca profonda in carreggiata');
    await tabTo(page, '#f-description');
    await page.keyboard.type(
      'Buca di circa mezzo metro davanti al civico 12, pericolosa per i motorini.',
    );
    await tabTo(page, '#f-email');
    await page.keyboard.type(reporter);
    await tabTo(page, '#f-privacyConsent');
    await page.keyboard.press('Space');
    await tabTo(page, 'button[type=submit]');
    await screenshot(page, 'segnala-filled-it');
    await page.keyboard.press('Enter');

    const code =
      (await page.getByTestId('tracking-code').textContent({ timeout: 30_000 }))?.trim() ?? '';
    expect(code).toMatch(/^[A-Z]{3}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    firstCode = code;
    await screenshot(page, 'segnala-success-it');

    const [mail] = await h.smtp.waitFor(
      1,
      (m) => m.to.includes(reporter) && m.decoded.includes(code),
      30_000,
    );
    expect(mail.decoded).toContain(`/segnalazioni/${code}`);

    await tabTo(page, `a[href="/segnalazioni/${code}"]`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(code) }).waitFor();
    expect(await page.locator('.status-line').textContent()).toContain('ricevuta');
    await screenshot(page, 'tracking-it');
    await page.close();
  });

  it('shows the first report to a second citizen nearby, who joins it; the count grows', async () => {
    expect(firstCode).not.toBe('');
    const page = await h.newPage('it');
    const before = await supportersOn(page, firstCode);
    await page.goto(`${h.baseUrl}/segnala`);
    await page.locator('#street-search').fill(STREET);
    await page.locator('.street-results button').first().click();
    await expect.poll(() => page.getByTestId('pin-status').textContent()).toMatch(/Punto scelto/);
    // Click the map a few metres from the pin (the street search centred the map on it at zoom 17).
    const map = page.locator('.map-report .map-canvas');
    await map.scrollIntoViewIfNeeded();
    const box = await map.boundingBox();
    if (!box) throw new Error('no map');
    const pinBefore = await page.getByTestId('pin-status').textContent();
    // Move the pointer there first, as a real mouse does (deck.gl ignores a click with no prior move).
    const target = { x: box.x + box.width / 2 + 26, y: box.y + box.height / 2 };
    await page.mouse.move(target.x - 10, target.y - 10);
    await page.mouse.move(target.x, target.y, { steps: 5 });
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.getByTestId('pin-status').textContent()).not.toBe(pinBefore);
    await page.locator('#f-category').selectOption({ index: 1 });

    const item = page.locator('.nearby-item', { hasText: 'Buca profonda in carreggiata' }).first();
    await item.waitFor({ timeout: 20_000 });
    await screenshot(page, 'segnala-nearby-it');
    await item.getByRole('button', { name: 'Mi associo' }).click();
    await item.locator('input[type=email]').fill(supporter);
    await item.getByRole('button', { name: 'Conferma' }).click();
    // Double opt-in: nothing counts until the link in the mail is used (GET shows a button, POST confirms).
    await item.getByText(/Controlla la tua e-mail per confermare/).waitFor();
    const [mail] = await h.smtp.waitFor(
      1,
      (m) => m.to.includes(supporter) && m.decoded.includes('/conferma/'),
      30_000,
    );
    expect(await supportersOn(page, firstCode)).toBe(before);
    const token = /\/conferma\/([A-Za-z0-9_-]{32})/.exec(mail.decoded)![1];
    await page.goto(`${h.baseUrl}/conferma/${token}`);
    await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().includes('/conferma/'),
      ),
      page.getByRole('button', { name: 'Mi associo', exact: true }).click(),
    ]);
    expect(await supportersOn(page, firstCode)).toBe(before + 1);
    await page.close();
  });

  it('the public map shows every matching report, not only the 50 rows of the list page', async () => {
    const page = await h.newPage('it');
    // urql sends queries as GET when they fit in the URL, else as POST: look in both.
    const markers = page.waitForResponse((r) =>
      `${r.url()} ${r.request().postData() ?? ''}`.includes('PublicTicketMarkers'),
    );
    await page.goto(`${h.baseUrl}/segnalazioni`);
    const body = (await (await markers).json()) as {
      data: { ticketMarkers: { totalCount: number; truncated: boolean; markers: unknown[] } };
    };
    const { totalCount, truncated, markers: sent } = body.data.ticketMarkers;
    expect(totalCount).toBeGreaterThan(50);
    expect(sent).toHaveLength(Math.min(totalCount, 2000));
    expect(truncated).toBe(totalCount > 2000);
    await expect.poll(() => page.locator('table tbody tr').count(), { timeout: 15_000 }).toBe(50);
    const map = page.locator('.map-canvas').first();
    await expect.poll(() => colouredPixels(map), { timeout: 15_000 }).toBeGreaterThan(500);
    await page.close();
  });

  it('shows server errors next to the field they name', async () => {
    const page = await h.newPage('en');
    await page.goto(`${h.baseUrl}/segnala`);
    await page.getByRole('heading', { name: 'Report a problem' }).waitFor();
    await page.locator('#street-search').fill(STREET);
    await page.locator('.street-results button').first().click();
    await page.locator('#f-category').selectOption({ index: 1 });
    await page.locator('#f-title').fill('Lampione spento');
    await page.locator('#f-description').fill('Spento da una settimana.');
    await page.locator('#f-email').fill('not-an-address@');
    await page.locator('#f-privacyConsent').check();
    await page.getByRole('button', { name: 'Send the report' }).click();
    await page.locator('#f-email-error').waitFor({ timeout: 15_000 });
    expect(await page.locator('#f-email').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'segnala-error-en');
    await page.close();
  });

  it('on a phone (390×844): an address, not coordinates; house number; counters; the pin kept inside the comune', async () => {
    const page = await h.newPage('it');
    await page.setViewportSize(PHONE);
    await page.goto(`${h.baseUrl}/segnala`);
    await page.getByRole('heading', { name: 'Segnala un problema' }).waitFor();
    await page.locator('#street-search').fill(STREET);
    await page.locator('.street-results button').first().click();
    const status = page.getByTestId('pin-status');
    await expect
      .poll(() => status.textContent(), { timeout: 15_000 })
      .toMatch(/^Punto scelto: .*Federigi/);
    expect(await status.textContent()).not.toMatch(/\d+\.\d{4}/);
    // The open reports nearby are on the map before any type is chosen.
    expect(await page.locator('#f-category').inputValue()).toBe('');
    await page.getByTestId('nearby-on-map').waitFor({ timeout: 15_000 });
    await page.locator('#f-houseNumber').fill('12');
    await expect.poll(() => status.textContent()).toMatch(/Federigi, vicino al civico 12$/);
    await screenshot(page, 'phone-place-it');

    // Small arrow steps keep the crosshair near; zoomed out, long Shift steps leave the comune, and the
    // pin placed there is refused at once, where it was.
    const placed = await status.textContent();
    await page.locator('.map-report .map-canvas').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await expect.poll(() => status.textContent()).not.toBe(placed);
    expect(await page.getByTestId('pin-outside').count()).toBe(0);
    const inside = await status.textContent();
    for (let i = 0; i < 5; i++) await page.keyboard.press('-');
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('Enter');
    await page.getByTestId('pin-outside').waitFor();
    expect(await page.getByTestId('pin-outside').textContent()).toContain(
      'fuori dal territorio del Comune di Seravezza',
    );
    expect(await status.textContent()).toBe(inside);
    await screenshot(page, 'phone-outside-it');

    // Required fields name themselves; no bare "Campo obbligatorio."
    await page.getByRole('button', { name: 'Invia la segnalazione' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    const errors = (await summary.textContent()) ?? '';
    expect(errors).toContain('Scegli il tipo di problema');
    expect(errors).toContain('Scrivi il titolo');
    expect(errors).toContain('Scrivi la descrizione');
    expect(errors).not.toContain('Campo obbligatorio');
    await screenshot(page, 'phone-errors-it');

    // Live counters at the server's limits; the title stops at 120 and says so.
    await page.locator('#f-category').selectOption({ index: 1 });
    await page.locator('#f-title').fill('Buca larga '.repeat(15));
    expect(await page.locator('#f-title').inputValue()).toHaveLength(120);
    expect(await page.locator('#f-title-counter').textContent()).toBe('120 caratteri su 120');
    await page.getByText('Hai raggiunto il massimo di 120 caratteri').waitFor();
    await page.locator('#f-title').fill('Buca davanti al civico 12');
    await page.locator('#f-description').fill('Buca profonda sul lato della strada, pericolosa.');
    expect(await page.locator('#f-description-counter').textContent()).toBe('48 caratteri su 4000');
    await page.locator('#f-email').fill(`telefono.${Date.now()}@example.org`);
    await page.locator('#f-privacyConsent').check();
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await screenshot(page, 'phone-filled-it');
    await page.getByRole('button', { name: 'Invia la segnalazione' }).click();
    const code =
      (await page.getByTestId('tracking-code').textContent({ timeout: 30_000 }))?.trim() ?? '';
    expect(code).toMatch(/^[A-Z]{3}-/);
    await page.goto(`${h.baseUrl}/segnalazioni/${code}`);
    await page.getByTestId('house-number').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('house-number').textContent()).toBe(', vicino al civico 12');
    await checkPage(page, 'it', 'phone-tracking-it', '[data-testid=house-number]');
    await page.close();
  });

  it('an English browser (390×844) opens the pages in English, with the address in English', async () => {
    const browser = await launchBrowser('en-US', PHONE);
    try {
      const page = await browser.newPage();
      await page.goto(`${h.baseUrl}/segnala`);
      await page.getByRole('heading', { name: 'Report a problem' }).waitFor();
      await page.locator('#street-search').fill(STREET);
      await page.locator('.street-results button').first().click();
      await expect
        .poll(() => page.getByTestId('pin-status').textContent(), { timeout: 15_000 })
        .toMatch(/^Chosen place: .*Federigi/);
      await page.locator('#f-houseNumber').fill('12A');
      await expect
        .poll(() => page.getByTestId('pin-status').textContent())
        .toMatch(/Federigi, near number 12A$/);
      await page.locator('#f-description').fill('Pothole');
      expect(await page.locator('#f-description-counter').textContent()).toBe(
        '7 of 4000 characters',
      );
      await checkPage(page, 'en', 'phone-report-en', '[data-testid=pin-status]');
      // The person's choice wins over the browser's language, and is kept.
      await page.goto(`${h.baseUrl}/segnala?lang=it`);
      await page.getByRole('heading', { name: 'Segnala un problema' }).waitFor();
      await page.goto(`${h.baseUrl}/segnala`);
      await page.getByRole('heading', { name: 'Segnala un problema' }).waitFor();
      await page.close();
    } finally {
      await browser.close();
    }
  });
});

export function firstReportCode(): string {
  return firstCode;
}
