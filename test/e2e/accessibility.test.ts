/// <reference lib="dom" />
// axe-core on every page in Italian and English (zero serious or critical violations), with a
// screenshot of each page as a test artefact.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './axe.js';
import { getHarness, screenshot, saveText, type Harness } from './harness.js';

let h: Harness;
const PASSWORD = process.env.SEGNALA_DEMO_PASSWORD ?? 'segnala-demo';

async function anyTicket(): Promise<{ code: string; streetId: string }> {
  const response = await fetch(`${h.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        '{ tickets(first: 20, filter: { statuses: [RECEIVED, IN_PROGRESS] }) { edges { node { code street { id } } } } }',
    }),
  });
  const body = (await response.json()) as {
    data: { tickets: { edges: { node: { code: string; street: { id: string } | null } }[] } };
  };
  const node =
    body.data.tickets.edges.map((e) => e.node).find((n) => n.street) ??
    body.data.tickets.edges[0].node;
  return { code: node.code, streetId: node.street?.id ?? '1' };
}

async function check(page: Page, name: string, ready: string, timeout = 30_000): Promise<void> {
  await page.locator(ready).first().waitFor({ state: 'attached', timeout });
  await page.waitForTimeout(800);
  await screenshot(page, name);
  const violations = await seriousViolations(page);
  if (violations.length) saveText(`${name}.axe.json`, JSON.stringify(violations, null, 2));
  expect(violations, `${name}: ${JSON.stringify(violations)}`).toEqual([]);
}

describe('accessibility and screenshots of every page', () => {
  beforeAll(async () => {
    h = await getHarness();
  });

  for (const locale of ['it', 'en'] as const) {
    it(`public pages in ${locale}`, async () => {
      const { code, streetId } = await anyTicket();
      const page = await h.newPage(locale);
      expect(await page.evaluate(() => 1)).toBe(1);
      await page.goto(`${h.baseUrl}/segnala`);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      await check(page, `segnala-${locale}`, '#f-category option:nth-child(2)');
      await page.goto(`${h.baseUrl}/segnalazioni`);
      await check(page, `segnalazioni-${locale}`, 'table tbody tr');
      await page.goto(`${h.baseUrl}/segnalazioni/${code}`);
      await check(page, `segnalazione-${locale}`, '.status-line');
      await page.goto(`${h.baseUrl}/vie/${streetId}`);
      await check(page, `via-${locale}`, '#street-title');
      await page.goto(`${h.baseUrl}/ufficio`);
      await check(page, `ufficio-login-${locale}`, '#login-email');
      await page.close();
    });

    it(`staff and planning pages in ${locale}`, { timeout: 300_000 }, async () => {
      const page = await h.newPage(locale);
      await page.goto(`${h.baseUrl}/ufficio`);
      await page.locator('#login-email').fill('planner@seravezza.demo');
      await page.locator('#login-password').fill(PASSWORD);
      await page.locator('form button[type=submit]').click();
      await page.locator('.staff-bar').waitFor({ timeout: 20_000 });
      await page.goto(`${h.baseUrl}/pianificazione`);
      await check(page, `pianificazione-${locale}`, '.kpi-cards li', 120_000);
      await page.goto(`${h.baseUrl}/ufficio`);
      await page.locator('.staff-bar').waitFor();
      await page.getByRole('button', { name: locale === 'it' ? 'Esci' : 'Sign out' }).click();
      await page.locator('#login-email').fill('tecnico@seravezza.demo');
      await page.locator('#login-password').fill(PASSWORD);
      await page.locator('form button[type=submit]').click();
      await check(page, `ufficio-inbox-${locale}`, 'table tbody tr');
      await page.close();
    });
  }

  it('GraphiQL is served locally', async () => {
    const page = await h.newPage('en');
    const external: string[] = [];
    page.on('request', (r) => {
      if (
        !r.url().startsWith(h.baseUrl) &&
        !r.url().startsWith('data:') &&
        !r.url().startsWith('blob:')
      )
        external.push(r.url());
    });
    await page.goto(`${h.baseUrl}/graphiql`);
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    await screenshot(page, 'graphiql');
    expect(external).toEqual([]);
    await page.close();
  });
});
