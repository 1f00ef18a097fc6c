/// <reference lib="dom" />
// axe-core on every page in Italian and English (zero serious or critical violations, on the page in
// the language asked for, with the rules that apply to every page seen passing), with a screenshot of
// each page as a test artefact; and a page with planted faults, to show that the audit does find them.
import { beforeAll, describe, expect, it } from 'vitest';
import { axeAudit, checkPage as check } from './axe.js';
import { getHarness, screenshot, type Harness } from './harness.js';
import { DEMO_PASSWORD, login } from './staff-steps.js';

let h: Harness;

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

describe('accessibility and screenshots of every page', () => {
  beforeAll(async () => {
    h = await getHarness();
  });

  for (const locale of ['it', 'en'] as const) {
    it(`public pages in ${locale}`, async () => {
      const { code, streetId } = await anyTicket();
      const page = await h.newPage(locale);
      await page.goto(`${h.baseUrl}/segnala`);
      await check(page, locale, `segnala-${locale}`, '#f-category option:nth-child(2)');
      await page.goto(`${h.baseUrl}/segnalazioni`);
      await check(page, locale, `segnalazioni-${locale}`, 'table tbody tr');
      await page.goto(`${h.baseUrl}/segnalazioni/${code}`);
      await check(page, locale, `segnalazione-${locale}`, '.status-line');
      await page.goto(`${h.baseUrl}/vie/${streetId}`);
      await check(page, locale, `via-${locale}`, '#street-title');
      await page.goto(`${h.baseUrl}/ufficio`);
      await check(page, locale, `ufficio-login-${locale}`, '#login-email');
      await page.close();
    });

    it(`staff and planning pages in ${locale}`, { timeout: 300_000 }, async () => {
      const page = await h.newPage(locale);
      await login(page, h.baseUrl, 'planner@seravezza.demo');
      await page.goto(`${h.baseUrl}/pianificazione`);
      await check(page, locale, `pianificazione-${locale}`, '.kpi-cards li', {
        timeout: 120_000,
      });
      await page.goto(`${h.baseUrl}/ufficio`);
      await page.locator('.staff-bar').waitFor();
      await page.getByRole('button', { name: locale === 'it' ? 'Esci' : 'Sign out' }).click();
      await page.locator('#login-email').fill('tecnico@seravezza.demo');
      await page.locator('#login-password').fill(DEMO_PASSWORD);
      await page.locator('form button[type=submit]').click();
      await check(page, locale, `ufficio-inbox-${locale}`, 'table tbody tr');
      // The ticket page, with the public reply chosen (recipients shown).
      await page.locator('table tbody tr a').first().click();
      await page.locator('#action-note').waitFor({ timeout: 20_000 });
      await page.getByLabel(locale === 'it' ? /Risposta pubblica/ : /Public reply/).check();
      await check(page, locale, `ufficio-ticket-${locale}`, '#note-kind-hint');
      await page.close();
    });
  }

  it('finds the faults planted in a page, so that zero violations means something', async () => {
    const page = await h.newPage('it');
    await page.goto(`${h.baseUrl}/segnala`);
    await page.locator('#f-category option:nth-child(2)').first().waitFor({ state: 'attached' });
    await page.evaluate(() => {
      const main = document.querySelector('main') ?? document.body;
      const img = document.createElement('img');
      img.src = '/favicon.svg';
      const button = document.createElement('button');
      const input = document.createElement('input');
      input.type = 'text';
      main.append(img, button, input);
    });
    const audit = await axeAudit(page);
    expect(audit.serious.map((v) => v.id)).toEqual(
      expect.arrayContaining(['image-alt', 'button-name', 'label']),
    );
    await page.close();
  });

  it('GraphiQL is served locally and passes axe', async () => {
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
    // Like every other page: no serious or critical axe violation, as it opens, with a response
    // shown, and with the documentation explorer open.
    await check(page, 'en', 'graphiql-en', '.graphiql-query-editor .CodeMirror textarea');
    await page.locator('.graphiql-execute-button').click();
    await check(page, 'en', 'graphiql-response-en', '.graphiql-response .CodeMirror-line');
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await check(page, 'en', 'graphiql-docs-en', '.graphiql-doc-explorer-type-name');
    expect(external).toEqual([]);
    await page.close();
  });
});
