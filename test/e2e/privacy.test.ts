/// <reference lib="dom" />
// The privacy pages in the browser, with axe: /privacy (notice and rights) in both languages, the data
// copy reached through the link mailed to the test SMTP server (/conferma/:token, its button, the
// copy), "mi associo" telling the citizen to check the e-mail, and the admins' /ufficio/privacy.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeAudit } from './axe.js';
import { getHarness, saveText, screenshot, type Harness } from './harness.js';

let h: Harness;
const PASSWORD = process.env.SEGNALA_DEMO_PASSWORD ?? 'segnala-demo';

async function check(page: Page, locale: 'it' | 'en', name: string, ready: string): Promise<void> {
  await page.locator(ready).first().waitFor({ state: 'attached', timeout: 30_000 });
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => document.documentElement.lang), name).toBe(locale);
  await screenshot(page, name);
  const audit = await axeAudit(page);
  if (audit.serious.length) saveText(`${name}.axe.json`, JSON.stringify(audit.serious, null, 2));
  expect(audit.serious, `${name}: ${JSON.stringify(audit.serious)}`).toEqual([]);
}

async function openTicket(): Promise<string> {
  const r = await fetch(`${h.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: '{ tickets(first: 1, filter: { statuses: [RECEIVED] }) { edges { node { code } } } }',
    }),
  });
  const body = (await r.json()) as { data: { tickets: { edges: { node: { code: string } }[] } } };
  return body.data.tickets.edges[0].node.code;
}

describe('privacy pages', () => {
  beforeAll(async () => {
    h = await getHarness();
  });

  for (const locale of ['it', 'en'] as const) {
    it(`/privacy in ${locale}: the notice and the rights form`, async () => {
      const page = await h.newPage(locale);
      await page.goto(`${h.baseUrl}/segnala`);
      // The footer links the page.
      await page.locator('footer a[href="/privacy"]').click();
      await check(page, locale, `privacy-${locale}`, '#rights-email');
      await page.close();
    });
  }

  it('a data copy asked on /privacy arrives by mail; its link asks, then shows the copy', async () => {
    const email = `copia.${Date.now()}@example.org`;
    const page = await h.newPage('it');
    await page.goto(`${h.baseUrl}/privacy`);
    await page.locator('#rights-email').fill(email);
    await page.getByRole('button', { name: 'Chiedi una copia dei miei dati' }).click();
    await page.locator('.success-text').waitFor({ timeout: 20_000 });
    const [mail] = await h.smtp.waitFor(
      1,
      (m) => m.to.includes(email) && m.decoded.includes('/conferma/'),
      30_000,
    );
    const token = /\/conferma\/([\w-]{32})/.exec(mail.decoded)![1];
    await page.goto(`${h.baseUrl}/conferma/${token}`);
    await check(page, 'it', 'conferma-dati-it', 'form button');
    await page.locator('form button').click();
    await check(page, 'it', 'dati-copia-it', 'h2');
    expect(await page.locator('main').textContent()).toContain(email);
    await page.close();
  });

  it('"mi associo" on the tracking page says to check the e-mail', async () => {
    const code = await openTicket();
    const page = await h.newPage('en');
    await page.goto(`${h.baseUrl}/segnalazioni/${code}`);
    await page.locator('#join-email').fill(`vicino.${Date.now()}@example.org`);
    await page.locator('.join-form button[type=submit]').click();
    await page.locator('.success-text').waitFor({ timeout: 20_000 });
    expect(await page.locator('.success-text').textContent()).toContain('Check your e-mail');
    await page.close();
  });

  it('admins keep the notice versions and see the requests on /ufficio/privacy', async () => {
    const page = await h.newPage('it');
    await page.goto(`${h.baseUrl}/ufficio`);
    await page.locator('#login-email').fill('admin@seravezza.demo');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('.staff-bar').waitFor({ timeout: 20_000 });
    await page.goto(`${h.baseUrl}/ufficio/privacy`);
    await check(page, 'it', 'ufficio-privacy-it', '#notice-it');
    await page.locator('#notice-it').fill('Informativa di prova, versione nuova.');
    await page.locator('#notice-en').fill('Test notice, new version.');
    await page.getByRole('button', { name: 'Pubblica come nuova versione' }).click();
    await page.getByText(/Versione in vigore: \d+/).waitFor({ timeout: 20_000 });
    await page.goto(`${h.baseUrl}/privacy`);
    await page.getByText('Informativa di prova, versione nuova.').waitFor({ timeout: 20_000 });
    await page.close();
  });
});
