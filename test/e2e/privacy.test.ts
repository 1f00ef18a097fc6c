/// <reference lib="dom" />
// The privacy pages in the browser, with axe: /privacy (notice and rights) in both languages, the data
// copy reached through the link mailed to the test SMTP server (/conferma/:token, its button, the
// copy), "mi associo" telling the citizen to check the e-mail, and the admins' /ufficio/privacy with its
// pages of requests. The alert form of a street page ("Ricevi avvisi"), its /conferma pages (question,
// result, a used link) and /avvisi/disiscrizione/:token in Italian and English: axe, screenshots, and no
// word of the other language on the page.
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

/** Words that only the other language's version of these pages uses. */
const OTHER_LANGUAGE: Record<'it' | 'en', RegExp> = {
  it: /\b(the|your|you|Press|Nothing|changed|alerts|Stop|Link not|report)\b/,
  en: /\b(il|la|le|gli|Premi|Non è|cambiato|avvisi|segnalazion[ei]|Conferma|iscrizione)\b/,
};

async function expectOnlyLanguage(page: Page, locale: 'it' | 'en', name: string): Promise<void> {
  const text = (await page.locator('main').innerText()).replace(/https?:\S+/g, '');
  expect(text, `${name}: ${text}`).not.toMatch(OTHER_LANGUAGE[locale]);
}

/** Each line of the page's main text fits its box (no text cut off on the right). */
async function expectNothingCut(page: Page, name: string): Promise<void> {
  const cut = await page.evaluate(() =>
    Array.from(document.querySelectorAll('main *'))
      .filter(
        (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible',
      )
      .map((el) => el.tagName),
  );
  expect(cut, name).toEqual([]);
}

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await fetch(`${h.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return ((await r.json()) as { data: T }).data;
}

/** The admin's requests as the page's session sees them (its cookie). */
async function adminRequests(page: Page): Promise<{ privacyRequests: { totalCount: number } }> {
  return page.evaluate(async () => {
    const r = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ privacyRequests(first: 1) { totalCount } }' }),
    });
    return ((await r.json()) as { data: { privacyRequests: { totalCount: number } } }).data;
  });
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

  for (const locale of ['it', 'en'] as const) {
    it(`the street page's alert form, its /conferma pages and /avvisi/disiscrizione in ${locale}`, async () => {
      const street = await graphql<{
        streets: { edges: { node: { id: string; name: string } }[] };
      }>('{ streets(first: 1) { edges { node { id name } } } }');
      const { id } = street.streets.edges[0].node;
      const email = `avvisi.${locale}.${Date.now()}@example.org`;
      const page = await h.newPage(locale);
      await page.goto(`${h.baseUrl}/vie/${id}`);
      await check(page, locale, `avvisi-modulo-${locale}`, '#alerts-email');
      await page.locator('#alerts-email').fill(email);
      await page.locator('#alerts-title ~ form button[type=submit]').click();
      await page.locator('#alerts-title ~ .success-text').waitFor({ timeout: 20_000 });
      await check(page, locale, `avvisi-inviato-${locale}`, '#alerts-title ~ .success-text');
      expect(await page.locator('#alerts-title ~ .success-text').textContent()).toMatch(
        locale === 'it' ? /Controlla la tua e-mail/ : /Check your e-mail/,
      );

      const [mail] = await h.smtp.waitFor(
        1,
        (m) => m.to.includes(email) && m.decoded.includes('/conferma/'),
        30_000,
      );
      const token = /\/conferma\/([\w-]{32})/.exec(mail.decoded)![1];
      // The stored language wins: the browser of the other language still gets the person's pages.
      await page.goto(`${h.baseUrl}/conferma/${token}?lang=${locale === 'it' ? 'en' : 'it'}`);
      await check(page, locale, `conferma-avvisi-${locale}`, 'main form button');
      await expectOnlyLanguage(page, locale, `conferma-avvisi-${locale}`);
      await expectNothingCut(page, `conferma-avvisi-${locale}`);
      await page.locator('main form button').click();
      await page.locator('h1').waitFor();
      await check(page, locale, `conferma-avvisi-fatto-${locale}`, 'h1');
      expect(await page.locator('h1').textContent()).toBe(
        locale === 'it' ? 'Avvisi attivati' : 'Alerts on',
      );
      await expectOnlyLanguage(page, locale, `conferma-avvisi-fatto-${locale}`);
      // The same link again: the page of a used link, in the same language, and nothing changes.
      await page.goto(`${h.baseUrl}/conferma/${token}`);
      await check(page, locale, `conferma-usato-${locale}`, 'h1');
      expect(await page.locator('main form').count()).toBe(0);
      expect(await page.locator('main').textContent()).toContain(
        locale === 'it' ? 'Il link è già stato usato' : 'This link was already used',
      );
      await expectOnlyLanguage(page, locale, `conferma-usato-${locale}`);

      // An unsubscribe link that no longer works (its token only ever travels in a digest): the page
      // in the browser's language (Accept-Language), as every such page.
      await page.setExtraHTTPHeaders({
        'accept-language': locale === 'it' ? 'it-IT,it;q=0.9' : 'en-GB,en;q=0.9',
      });
      await page.goto(`${h.baseUrl}/avvisi/disiscrizione/${'x'.repeat(43)}`);
      await check(page, locale, `disiscrizione-${locale}`, 'h1');
      expect(await page.locator('h1').textContent()).toBe(
        locale === 'it' ? 'Link non utilizzabile' : 'Link not usable',
      );
      await expectOnlyLanguage(page, locale, `disiscrizione-${locale}`);
      // A tampered confirmation link, in the browser's language too.
      await page.goto(`${h.baseUrl}/conferma/${'A'.repeat(32)}`);
      await check(page, locale, `conferma-non-valido-${locale}`, 'h1');
      await expectOnlyLanguage(page, locale, `conferma-non-valido-${locale}`);
      await page.close();
    });
  }

  it('admins keep the notice versions and see the requests on /ufficio/privacy', async () => {
    const page = await h.newPage('it');
    await page.goto(`${h.baseUrl}/ufficio`);
    await page.locator('#login-email').fill('admin@seravezza.demo');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('.staff-bar').waitFor({ timeout: 20_000 });
    await page.goto(`${h.baseUrl}/ufficio/privacy`);
    await check(page, 'it', 'ufficio-privacy-it', '#notice-it');
    // The requests come in pages of 20 with their total: enough requests for two pages.
    const { privacyRequests: before } = await adminRequests(page);
    for (let i = before.totalCount; i < 22; i++)
      await graphql('mutation($e: String!) { requestMyData(email: $e, locale: "it") { status } }', {
        e: `pagine.${i}.${Date.now()}@example.org`,
      });
    await page.reload();
    const total = Math.max(before.totalCount, 22);
    await page.getByText(`Richieste 1–20 di ${total}`).waitFor({ timeout: 20_000 });
    expect(await page.locator('#privacy-requests-title ~ .table-wrap tbody tr').count()).toBe(20);
    await page.getByRole('button', { name: 'Pagina successiva' }).click();
    const to = Math.min(total, 40);
    await page.getByText(`Richieste 21–${to} di ${total}`).waitFor({ timeout: 20_000 });
    expect(await page.locator('#privacy-requests-title ~ .table-wrap tbody tr').count()).toBe(
      to - 20,
    );
    expect(await page.getByRole('button', { name: 'Pagina successiva' }).isDisabled()).toBe(
      total <= 40,
    );
    await check(page, 'it', 'ufficio-privacy-pagina-2-it', '#privacy-requests-title');
    await page.getByRole('button', { name: 'Pagina precedente' }).click();
    await page.getByText(`Richieste 1–20 di ${total}`).waitFor({ timeout: 20_000 });
    await page.locator('#notice-it').fill('Informativa di prova, versione nuova.');
    await page.locator('#notice-en').fill('Test notice, new version.');
    await page.getByRole('button', { name: 'Pubblica come nuova versione' }).click();
    await page.getByText(/Versione in vigore: \d+/).waitFor({ timeout: 20_000 });
    await page.goto(`${h.baseUrl}/privacy`);
    await page.getByText('Informativa di prova, versione nuova.').waitFor({ timeout: 20_000 });
    await page.close();
  });
});
