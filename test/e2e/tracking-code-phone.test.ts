/// <reference lib="dom" />
// On a phone (390×844) the tracking code is one word on one line, on the receipt and in the tracking
// page's heading: a code broken at its hyphens is copied and typed wrong.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { getHarness, screenshot, type Harness } from './harness.js';

const PHONE = { width: 390, height: 844 };
let h: Harness;

/** How many line boxes the element's text takes, and whether it overflows its box. */
function layout(locator: Locator) {
  return locator.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
    const box = el.getBoundingClientRect();
    const text = range.getBoundingClientRect();
    return {
      lines: lines.size,
      inside: text.right <= Math.max(box.right, window.innerWidth) + 0.5,
      pageWidth: document.documentElement.scrollWidth,
    };
  });
}

describe('tracking code on a phone', () => {
  beforeAll(async () => {
    h = await getHarness();
  });

  it('stays on one line on the receipt and on the tracking page', async () => {
    const page = await h.newPage('it');
    await page.setViewportSize(PHONE);
    await page.goto(`${h.baseUrl}/segnala`);
    await page.getByRole('heading', { name: 'Segnala un problema' }).waitFor();
    await page.locator('#street-search').fill('Federigi');
    await page.locator('.street-results button').first().click();
    await page.getByTestId('pin-status').waitFor();
    await page.locator('#f-category').selectOption({ index: 1 });
    await page.locator('#f-title').fill('Buca davanti al civico 12');
    await page.locator('#f-description').fill('Buca profonda sul lato della strada, pericolosa.');
    await page.locator('#f-email').fill(`codice.${Date.now()}@example.org`);
    await page.locator('#f-privacyConsent').check();
    await page.getByRole('button', { name: 'Invia la segnalazione' }).click();
    const receipt = page.getByTestId('tracking-code');
    const code = (await receipt.textContent({ timeout: 30_000 }))?.trim() ?? '';
    expect(code).toMatch(/^[A-Z]{3}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await layout(receipt)).toEqual({ lines: 1, inside: true, pageWidth: PHONE.width });
    await screenshot(page, 'phone-receipt-code-it', { fullPage: false });

    await page.goto(`${h.baseUrl}/segnalazioni/${code}`);
    const heading = page.getByTestId('title-code');
    expect(await heading.textContent({ timeout: 15_000 })).toBe(code);
    expect(await layout(heading)).toEqual({ lines: 1, inside: true, pageWidth: PHONE.width });
    await screenshot(page, 'phone-tracking-code-it', { fullPage: false });
    await page.close();
  });
});
