/// <reference lib="dom" />
// The staff inbox as a work list in Chromium at 1366×768: at least 15 rows in view, a column sorted
// both ways with aria-sort, the order kept in the URL across a reload, a bulk action with its summary,
// and the map of the same list. ("Carica altre" up to the last ticket: operator-journey.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getHarness, screenshot, type Harness } from './harness.js';
import { login } from './staff-steps.js';

let h: Harness;

/** Rows of the inbox table wholly inside the viewport. */
function visibleRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const height = window.innerHeight;
    return Array.from(document.querySelectorAll('.inbox-table tbody tr')).filter((tr) => {
      const r = tr.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= height;
    }).length;
  });
}

describe('staff inbox', () => {
  beforeAll(async () => {
    h = await getHarness();
  });

  it('is a dense, sortable, paged work list with bulk actions and a map', async () => {
    const page = await h.newPage('it');
    await page.setViewportSize({ width: 1366, height: 768 });
    await login(page, h.baseUrl, 'tecnico@seravezza.demo');
    await page.locator('.inbox-table tbody tr').first().waitFor({ timeout: 20_000 });
    await page.screenshot({
      path: 'test-results/screenshots/ufficio-inbox-1366-viewport-it.png',
      fullPage: false,
    });
    await screenshot(page, 'ufficio-inbox-1366-it');
    // Fifteen rows or more on the first screen, filters and all; more once the table is scrolled up.
    expect(await visibleRows(page)).toBeGreaterThanOrEqual(15);
    await page.locator('.inbox-table thead').evaluate((el) => el.scrollIntoView());
    expect(await visibleRows(page)).toBeGreaterThanOrEqual(25);

    // "Data" (created): first click ascending, second descending; the URL keeps it over a reload.
    const created = page.locator('th', { hasText: 'Data' }).first();
    await created.locator('button').click();
    await expect.poll(() => created.getAttribute('aria-sort')).toBe('ascending');
    await created.locator('button').click();
    await expect.poll(() => created.getAttribute('aria-sort')).toBe('descending');
    expect(page.url()).toContain('ordine=CREATED_AT');
    expect(page.url()).toContain('verso=desc');
    await page.reload();
    await page.locator('.inbox-table tbody tr').first().waitFor({ timeout: 20_000 });
    expect(await page.locator('th', { hasText: 'Data' }).first().getAttribute('aria-sort')).toBe(
      'descending',
    );

    // Two tickets at once: a new priority for both, then taking them in hand, refused for those
    // already in hand, each with its reason.
    await page.getByRole('button', { name: 'Aperte' }).click();
    await page.locator('.inbox-table tbody tr').first().waitFor();
    const boxes = page.locator('.inbox-table tbody tr input[type=checkbox]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.locator('#bulk-action').selectOption('SET_PRIORITY');
    await page.locator('#bulk-value').selectOption('2');
    await page.getByRole('button', { name: 'Applica' }).last().click();
    await expect
      .poll(() => page.locator('.bulk-summary').innerText())
      .toMatch(/2 riuscite, 0 rifiutate/);
    // The checkbox follows the URL, which the router updates a moment after the click.
    const received = page.locator('.status-chip', { hasText: 'ricevuta' }).locator('input');
    await received.click();
    await expect.poll(() => received.isChecked()).toBe(false);
    await page.locator('.inbox-table tbody tr').first().waitFor();
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.locator('#bulk-action').selectOption('ACKNOWLEDGE');
    await page.getByRole('button', { name: 'Applica' }).last().click();
    await expect
      .poll(() => page.locator('.bulk-summary').innerText())
      .toMatch(/0 riuscite, 2 rifiutate/);
    expect(await page.locator('.bulk-summary li').first().innerText()).toContain(
      'non possibile in questo stato',
    );
    await screenshot(page, 'ufficio-inbox-bulk-it');

    // The map of the same list: every ticket of the filter, not only the page loaded (50 rows).
    await page.getByRole('button', { name: /^Tutti( \(\d+\))?$/ }).click();
    const total = async () =>
      Number(/di (\d+)/.exec(await page.locator('.inbox-total').innerText())?.[1] ?? 0);
    await expect.poll(total).toBeGreaterThan(50);
    const listed = await total();
    await page.getByRole('button', { name: 'Mappa' }).click();
    await page.locator('.inbox-map canvas').first().waitFor({ timeout: 20_000 });
    expect(page.url()).toContain('vista=mappa');
    // The points of the whole list come from their own query (inboxPoints), after the canvas: on the
    // embedded database's one connection that can take longer than poll's default second.
    await expect
      .poll(() => page.getByTestId('inbox-map-note').innerText(), { timeout: 15_000 })
      .toBe(`Sulla mappa tutte le ${listed} segnalazioni dell’elenco, non solo quelle caricate.`);
    await page.waitForTimeout(1500);
    await screenshot(page, 'ufficio-inbox-map-it');
    await page.close();
  });
});
