/// <reference lib="dom" />
// Two comuni on one deployment (issue 16): a citizen on Seravezza's form puts the pin in Pietrasanta, is
// refused with OTHER_MUNICIPALITY and the offer to continue there, follows it, finds what was typed on
// Pietrasanta's form and files the report there. Then both comuni's forms side by side in one PNG
// (docs/screenshots/comuni-seravezza-pietrasanta-it.png).
// This file starts a server of its own with Pietrasanta (046024) onboarded by `comune:add` before the
// first start: the shared harness server keeps its single comune (its `/` is the app, not the list).
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { axeAudit } from './axe.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';
import {
  launchBrowser,
  screenshot,
  SCREENSHOT_DIR,
  startServer,
  type E2eServer,
} from './harness.js';

const SERAVEZZA = '046028';
const PIETRASANTA = '046024';
/** Pietrasanta's old town, by the Duomo: 1.3 km inside its boundary (the same ISTAT file as territory). */
const IN_PIETRASANTA = { latitude: 43.9594, longitude: 10.2276 };
const TITLE = 'Lampione spento in piazza';
const DESCRIPTION =
  'Il lampione accanto alla fontana è spento da tre sere: la piazza resta al buio.';
const EMAIL = `cittadino.comuni.${Date.now()}@example.org`;
const NAME = 'Giulia Bianchi';
const DOCS_SHOTS = path.resolve('docs', 'screenshots');

let browser: BrowserContext;
let smtp: TestSmtp;
let server: E2eServer;

async function openPage(locale: 'it' | 'en' = 'it'): Promise<Page> {
  await browser.clearCookies();
  const page = await browser.newPage();
  await page.goto(`${server.baseUrl}/favicon.svg`);
  await page.evaluate((l) => localStorage.setItem('segnala.locale', l), locale);
  return page;
}

async function expectNoSeriousAxe(page: Page): Promise<void> {
  const audit = await axeAudit(page);
  expect(audit.passed.length).toBeGreaterThan(10);
  expect(audit.serious, JSON.stringify(audit.serious, null, 2)).toEqual([]);
}

describe('two comuni on one deployment', () => {
  beforeAll(async () => {
    smtp = await startTestSmtp();
    // Its own server and browser: the shared harness server (one comune) need not start for this file.
    server = await startServer(smtp, { comuni: [PIETRASANTA], healthTimeoutMs: 300_000 });
    browser = await launchBrowser('it-IT');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // "Usa la mia posizione" of a citizen standing in Pietrasanta.
    await browser.grantPermissions(['geolocation'], { origin: server.baseUrl });
    await browser.setGeolocation(IN_PIETRASANTA);
  }, 420_000); // comune:add and the first start with the demo data on the embedded database, on a busy machine
  afterAll(async () => {
    await browser?.close();
    server?.stop();
    await smtp?.close();
  });

  it("a pin in Pietrasanta on Seravezza's form is refused at once with the offer to continue there, with what was typed", async () => {
    const page = await openPage('it');
    await page.goto(`${server.baseUrl}/c/${SERAVEZZA}/segnala`);
    await page.getByRole('heading', { name: 'Segnala un problema' }).waitFor();
    await page.locator('#f-category').selectOption({ index: 1 });
    await page.locator('#f-title').fill(TITLE);
    await page.locator('#f-description').fill(DESCRIPTION);
    await page.locator('#f-email').fill(EMAIL);
    await page.locator('#f-name').fill(NAME);
    await page.locator('#f-privacyConsent').check();
    // The pin is refused as it is placed (issue 14: not at submit), and the form names the comune the
    // point is in, with the offer to continue there.
    await page.getByRole('button', { name: 'Usa la mia posizione' }).click();
    const offer = page.getByRole('button', { name: 'Continua sul sito del Comune di Pietrasanta' });
    await offer.waitFor({ timeout: 30_000 });
    const alert = page.getByTestId('pin-outside');
    await expect.poll(() => alert.textContent()).toContain('nel Comune di Pietrasanta');
    expect(await page.getByTestId('pin-status').textContent()).toMatch(/^Nessun punto scelto/);
    await screenshot(page, 'comuni-other-municipality-it');
    await expectNoSeriousAxe(page);
    // Nothing was filed in Seravezza.
    expect(await page.getByTestId('tracking-code').count()).toBe(0);

    await offer.focus(); // a button next to the message: Enter follows it, as a click does
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.baseUrl}/c/${PIETRASANTA}/segnala`);
    await page.getByRole('heading', { name: 'Segnala un problema' }).waitFor();
    await page.getByText('Abbiamo ripreso il punto e il testo che avevi scritto').waitFor();
    expect(await page.locator('#f-title').inputValue()).toBe(TITLE);
    expect(await page.locator('#f-description').inputValue()).toBe(DESCRIPTION);
    expect(await page.locator('#f-email').inputValue()).toBe(EMAIL);
    expect(await page.locator('#f-name').inputValue()).toBe(NAME);
    // The point came along, read as an address of Pietrasanta (addressAt), never as coordinates.
    await expect
      .poll(() => page.getByTestId('pin-status').textContent(), { timeout: 15_000 })
      .toMatch(/^Punto scelto: (?!ricerca)\D/);
    // Category and consent stay behind: the citizen picks Pietrasanta's category and agrees again.
    expect(await page.locator('#f-category').inputValue()).toBe('');
    expect(await page.locator('#f-privacyConsent').isChecked()).toBe(false);
    await screenshot(page, 'comuni-draft-carried-it');
    await expectNoSeriousAxe(page);
    // The e-mail travelled in this tab's sessionStorage only, never in a URL; the draft is used up.
    expect(page.url()).not.toContain('example.org');
    expect(await page.evaluate(() => sessionStorage.getItem('segnala.report-draft'))).toBeNull();

    await page.locator('#f-category').selectOption({ index: 1 });
    await page.locator('#f-privacyConsent').check();
    await page.getByRole('button', { name: 'Invia la segnalazione' }).click();
    const code =
      (await page.getByTestId('tracking-code').textContent({ timeout: 30_000 }))?.trim() ?? '';
    expect(code).toMatch(/^PTR-[0-9A-Z]{4}-[0-9A-Z]{4}$/); // Pietrasanta's ticket-code prefix
    await screenshot(page, 'comuni-filed-in-pietrasanta-it');

    // The ticket is Pietrasanta's: its public page answers under Pietrasanta's prefix, not Seravezza's.
    const track = `query ($code: String!) { ticket(code: $code) { code title } }`;
    const ask = async (istat: string) =>
      (await (
        await fetch(`${server.baseUrl}/c/${istat}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: track, variables: { code } }),
        })
      ).json()) as { data?: { ticket: { code: string; title: string } | null } };
    expect((await ask(PIETRASANTA)).data?.ticket).toEqual({ code, title: TITLE });
    expect((await ask(SERAVEZZA)).data?.ticket ?? null).toBeNull();
    await page.close();
  });

  it("shows Seravezza's and Pietrasanta's forms side by side", async () => {
    // Each form captured at 683 px (half of a 1366 px screen), then both drawn side by side in one page
    // and captured again: the app's pages refuse to be framed, so no iframes.
    const shots: string[] = [];
    for (const istat of [SERAVEZZA, PIETRASANTA]) {
      const page = await openPage('it');
      await page.setViewportSize({ width: 683, height: 900 });
      await page.goto(`${server.baseUrl}/c/${istat}/segnala`);
      await page.getByRole('heading', { name: 'Segnala un problema' }).waitFor();
      await expect.poll(() => page.locator('#f-category option').count()).toBeGreaterThan(1);
      await expect.poll(() => page.locator('.brand-sub').textContent()).toMatch(/^Comune di /);
      await page.locator('.map-canvas canvas').first().waitFor();
      await page.waitForTimeout(1500); // the base map draws its streets
      const png = await page.screenshot({ fullPage: true });
      shots.push(`data:image/png;base64,${png.toString('base64')}`);
      await page.close();
    }
    const page = await blankPage();
    await page.setContent(
      `<!doctype html><html lang="it"><head><style>
         html, body { margin: 0; background: #fff; }
         .pair { display: flex; align-items: flex-start; }
         img { width: 683px; display: block; }
         img + img { box-shadow: -1px 0 0 #888; }
       </style></head><body><div class="pair">${shots.map((src, i) => `<img alt="${i}" src="${src}">`).join('')}</div></body></html>`,
    );
    await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
    const file = await screenshot(page, 'comuni-seravezza-pietrasanta-it');
    mkdirSync(DOCS_SHOTS, { recursive: true });
    copyFileSync(file, path.join(DOCS_SHOTS, 'comuni-seravezza-pietrasanta-it.png'));
    await page.close();
  });
});

async function blankPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1366, height: 900 });
  return page;
}
