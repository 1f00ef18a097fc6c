/// <reference lib="dom" />
// Issue 14 items 6 and 7 in Chromium on a phone (390×844), with an Italian and an English browser: "Le
// mie segnalazioni" asked on its page, the link from the mail and its list; from the resolution mail,
// "Non è risolto?" (comment and a photo through the report form's upload) and "Com'è andata?" (five
// labelled radio buttons); the office sees the request on the staff ticket page. Axe on every page,
// screenshots saved for looking at, and the page in the browser's language.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { checkPage } from './axe.js';
import { getHarness, launchBrowser, type Harness } from './harness.js';
import { gql, login, potholeCategory, staffToken, submitCitizenReport } from './staff-steps.js';

const PHONE = { width: 390, height: 844 };
const STAMP = Date.now();
let h: Harness;
let token: string;
const browsers: BrowserContext[] = [];

const TEXT = {
  it: {
    nav: 'Le mie segnalazioni',
    ask: 'Inviami il link',
    sent: 'Richiesta inviata',
    show: 'Mostra le mie segnalazioni',
    followed: 'Segnalazioni seguite',
    notFixed: 'Il problema non è risolto?',
    send: 'Invia all’ufficio',
    notFixedDone: 'Richiesta inviata',
    rate: 'Com’è andata?',
    score4: '4 – molto',
    rateSend: 'Invia il giudizio',
    rateDone: 'Il tuo giudizio è stato registrato.',
    already: 'Hai già risposto',
  },
  en: {
    nav: 'My reports',
    ask: 'Send me the link',
    sent: 'Request sent',
    show: 'Show my reports',
    followed: 'Reports followed',
    notFixed: 'Is the problem not fixed?',
    send: 'Send to the office',
    notFixedDone: 'Request sent',
    rate: 'How did it go?',
    score4: '4 – very',
    rateSend: 'Send',
    rateDone: 'Your answer has been recorded.',
    already: 'You already answered',
  },
} as const;

/** No word of the other language in the page's main text. */
const OTHER: Record<'it' | 'en', RegExp> = {
  it: /\b(the|your|you|Send|report|Nothing)\b/,
  en: /\b(il|la|le|segnalazion[ei]|Invia|Non è|cambiato)\b/,
};

async function onlyLanguage(page: Page, l: 'it' | 'en', name: string) {
  const text = (await page.locator('main').innerText()).replace(/https?:\S+/g, '');
  expect(text, `${name}: ${text}`).not.toMatch(OTHER[l]);
}

async function noWiderThanPhone(page: Page, name: string) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(
    PHONE.width,
  );
}

/** A report of this address, resolved by the office; the links of its resolution mail. */
async function resolvedReport(email: string, locale: 'it' | 'en') {
  const cat = await potholeCategory(h.baseUrl);
  const code = await submitCitizenReport(h.baseUrl, {
    categoryId: cat.id,
    lat: 43.9877,
    lon: 10.2138,
    title: locale === 'it' ? 'Buca davanti alla farmacia' : 'Pothole by the chemist',
    description:
      locale === 'it' ? 'Buca profonda sul lato destro.' : 'A deep pothole on the right.',
    email,
    locale,
  });
  const found = await gql<{ inbox: { edges: { node: { id: string; version: number } }[] } }>(
    h.baseUrl,
    'query($t: String!) { inbox(filter: { text: $t }, first: 1) { edges { node { id version } } } }',
    { t: code },
    token,
  );
  const { id, version } = found.inbox.edges[0].node;
  await gql(
    h.baseUrl,
    'mutation($id: ID!, $v: Int!) { resolveTicket(id: $id, version: $v, note: "Buca chiusa.") { ticket { id } } }',
    { id, v: version },
    token,
  );
  const [mail] = await h.smtp.waitFor(
    1,
    (m) => m.to.includes(email) && m.decoded.includes(`${code}/valuta`),
    30_000,
  );
  const link = (p: string) =>
    new RegExp(`https?://[^\\s"]*/segnalazioni/${code}/${p}\\?t=[\\w-]{32}(&amp;|&)?(lang=en)?`)
      .exec(mail.decoded)![0]
      .replace('&amp;', '&');
  // The mail names the server's PUBLIC_URL: the same paths on the test server.
  const local = (u: string) => `${h.baseUrl}${new URL(u).pathname}${new URL(u).search}`;
  return { id, code, notFixed: local(link('non-risolto')), rate: local(link('valuta')) };
}

describe('my reports, "non è risolto" and the rating on a phone', () => {
  beforeAll(async () => {
    h = await getHarness();
    token = await staffToken(h.baseUrl, 'tecnico@seravezza.demo');
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
  });

  for (const l of ['it', 'en'] as const) {
    it(`${l}: asks for "my reports", opens the mailed link and reads the list`, async () => {
      const email = `mie.${l}.${STAMP}@example.org`;
      const resolved = await resolvedReport(email, l);
      const browser = await launchBrowser(l === 'it' ? 'it-IT' : 'en-US', PHONE);
      browsers.push(browser);
      const page = await browser.newPage();
      await page.goto(`${h.baseUrl}/segnala`);
      await page.getByRole('link', { name: TEXT[l].nav }).click();
      await page.locator('#my-reports-email').fill(email);
      await checkPage(page, l, `my-reports-form-${l}`, '#my-reports-email');
      await page.getByRole('button', { name: TEXT[l].ask }).click();
      await page.getByText(TEXT[l].sent).waitFor({ timeout: 20_000 });
      await checkPage(page, l, `my-reports-sent-${l}`, '.success-text');
      await onlyLanguage(page, l, `my-reports-sent-${l}`);
      await noWiderThanPhone(page, 'my-reports-sent');

      const [mail] = await h.smtp.waitFor(
        1,
        (m) => m.to.includes(email) && m.decoded.includes('/conferma/'),
        30_000,
      );
      const link = /\/conferma\/([\w-]{32})/.exec(mail.decoded)![1];
      await page.goto(`${h.baseUrl}/conferma/${link}`);
      await page.getByRole('button', { name: TEXT[l].show }).click();
      await checkPage(page, l, `my-reports-list-${l}`, 'table');
      const main = await page.locator('main').innerText();
      expect(main).toContain(resolved.code);
      expect(main).toContain(TEXT[l].followed);
      expect(main).not.toContain(email);
      await onlyLanguage(page, l, `my-reports-list-${l}`);
      await noWiderThanPhone(page, 'my-reports-list');
    });

    it(`${l}: "non è risolto" with a photo and the rating, from the resolution mail`, async () => {
      const email = `chiusa.${l}.${STAMP}@example.org`;
      const r = await resolvedReport(email, l);
      const browser = await launchBrowser(l === 'it' ? 'it-IT' : 'en-US', PHONE);
      browsers.push(browser);
      const page = await browser.newPage();

      await page.goto(r.notFixed);
      await page.getByRole('heading', { name: TEXT[l].notFixed }).waitFor();
      await page
        .locator('#not-fixed-comment')
        .fill(
          l === 'it'
            ? 'La buca si è riaperta dopo la pioggia.'
            : 'The pothole opened again after the rain.',
        );
      const file = path.join(os.tmpdir(), `non-risolto-${l}-${STAMP}.png`);
      writeFileSync(
        file,
        await sharp({ create: { width: 320, height: 240, channels: 3, background: '#6b5d4f' } })
          .png()
          .toBuffer(),
      );
      await page.locator('#photos').setInputFiles(file);
      await page.locator('.photo-previews img').waitFor({ timeout: 20_000 });
      await checkPage(page, l, `not-fixed-form-${l}`, '.photo-previews img');
      await onlyLanguage(page, l, `not-fixed-form-${l}`);
      await noWiderThanPhone(page, 'not-fixed-form');
      await page.getByRole('button', { name: TEXT[l].send }).click();
      await page.getByRole('heading', { name: TEXT[l].notFixedDone }).waitFor({ timeout: 20_000 });
      await checkPage(page, l, `not-fixed-done-${l}`, '.success-text');

      // The office sees it on the staff ticket page, with its photo among the report's.
      const ticket = await gql<{
        staffTicket: { reopenRequests: { state: string; attachmentId: string | null }[] };
      }>(
        h.baseUrl,
        'query($id: ID!) { staffTicket(id: $id) { reopenRequests { state attachmentId } } }',
        { id: r.id },
        token,
      );
      expect(ticket.staffTicket.reopenRequests).toHaveLength(1);
      expect(ticket.staffTicket.reopenRequests[0].state).toBe('PENDING');
      expect(ticket.staffTicket.reopenRequests[0].attachmentId).toBeTruthy();

      await page.goto(r.rate);
      await page.getByRole('heading', { name: TEXT[l].rate }).waitFor();
      // The radio buttons are a named group; one is chosen by its label, from the keyboard too.
      const group = page.getByRole('group', {
        name: l === 'it' ? /Quanto ti soddisfa/ : /How satisfied/,
      });
      expect(await group.getByRole('radio').count()).toBe(5);
      await page.getByLabel(TEXT[l].score4).check();
      await page.keyboard.press('ArrowRight');
      expect(await page.getByRole('radio', { checked: true }).getAttribute('value')).toBe('5');
      await page.keyboard.press('ArrowLeft');
      await checkPage(page, l, `rate-form-${l}`, 'fieldset.rating');
      await onlyLanguage(page, l, `rate-form-${l}`);
      await noWiderThanPhone(page, 'rate-form');
      await page.getByRole('button', { name: TEXT[l].rateSend, exact: true }).click();
      await page.getByText(TEXT[l].rateDone).waitFor({ timeout: 20_000 });
      await checkPage(page, l, `rate-done-${l}`, '.success-text');
      const rated = await gql<{ staffTicket: { resolutionRating: { score: number } | null } }>(
        h.baseUrl,
        'query($id: ID!) { staffTicket(id: $id) { resolutionRating { score } } }',
        { id: r.id },
        token,
      );
      expect(rated.staffTicket.resolutionRating?.score).toBe(4);

      // A second rating is refused, said in the page's language.
      await page.goto(r.rate);
      await page.getByLabel(TEXT[l].score4).check();
      await page.getByRole('button', { name: TEXT[l].rateSend, exact: true }).click();
      await page.getByText(TEXT[l].already).waitFor({ timeout: 20_000 });
      await checkPage(page, l, `rate-again-${l}`, '[role=alert]');
    });
  }

  it('the office sees the request on the staff ticket page and accepts it: back to in lavorazione', async () => {
    const email = `ufficio.${STAMP}@example.org`;
    const r = await resolvedReport(email, 'it');
    const [, tokenQuery] = r.notFixed.split('?t=');
    await gql(
      h.baseUrl,
      'mutation($c: String!, $t: String!) { reportNotFixed(code: $c, token: $t, comment: "Ancora rotta") { state } }',
      { c: r.code, t: tokenQuery.slice(0, 32) },
    );
    const page = await h.newPage('it');
    await login(page, h.baseUrl, 'tecnico@seravezza.demo');
    await page.goto(`${h.baseUrl}/ufficio/${r.id}`);
    await page.getByTestId('reopen-request').waitFor({ timeout: 20_000 });
    await checkPage(page, 'it', 'staff-reopen-request-it', '[data-testid=reopen-request]');
    await page.getByRole('button', { name: 'Accogli e riapri' }).click();
    await page.getByText('Richiesta accolta').waitFor({ timeout: 20_000 });
    await checkPage(page, 'it', 'staff-reopen-accepted-it', '[data-testid=reopen-request]');
    await h.smtp.waitFor(
      1,
      (m) => m.to.includes(email) && m.subject.includes('Segnalazione riaperta'),
      30_000,
    );
    await page.close();
  });
});
