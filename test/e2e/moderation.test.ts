/// <reference lib="dom" />
// Issue 15 in Chromium: a citizen's report with two photos and a phone number in its text. The public
// page shows the number masked and no photo (awaiting approval); an operator approves one photo, hides
// the other and rewrites the description with a reason; the public page then shows the approved photo
// and the new text, and the reporter's mail says why. axe on the ticket page with the form open.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeAudit } from './axe.js';
import { getHarness, screenshot, type Harness } from './harness.js';

let h: Harness;
const PASSWORD = process.env.SEGNALA_DEMO_PASSWORD ?? 'segnala-demo';

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${h.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function uploadPhoto(background: string): Promise<string> {
  const png = await sharp({ create: { width: 320, height: 240, channels: 3, background } })
    .png()
    .toBuffer();
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'foto.png');
  const r = await fetch(`${h.baseUrl}/attachments`, { method: 'POST', body });
  return ((await r.json()) as { id: string }).id;
}

async function publicTicket(code: string) {
  return gql<{ ticket: { description: string; photos: { id: string }[] } }>(
    'query($c: String!) { ticket(code: $c) { description photos { id } } }',
    { c: code },
  );
}

async function staffId(page: Page, code: string): Promise<string> {
  return page.evaluate(async (c) => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'query($t: String!) { inbox(filter: { text: $t }, first: 1) { edges { node { id } } } }',
        variables: { t: c },
      }),
    });
    const body = (await response.json()) as {
      data: { inbox: { edges: { node: { id: string } }[] } };
    };
    return body.data.inbox.edges[0].node.id;
  }, code);
}

describe('moderation', () => {
  beforeAll(async () => {
    h = await getHarness();
  });

  it('an operator approves one photo, hides another and edits the description; the public page and the reporter’s mail show it', async () => {
    const email = `moderata.${Date.now()}@example.org`;
    const cats = await gql<{ categories: { id: string; code: string }[] }>(
      '{ categories { id code } }',
    );
    const pothole = cats.categories.find((c) => c.code.includes('buca')) ?? cats.categories[0];
    const photos = [await uploadPhoto('#6a7a55'), await uploadPhoto('#556a7a')];
    const submitted = await gql<{ submitReport: { ticket: { code: string } } }>(
      'mutation($input: SubmitReportInput!) { submitReport(input: $input) { ticket { code } } }',
      {
        input: {
          categoryId: pothole.id,
          location: { lat: 43.9877, lon: 10.2138 },
          title: 'Buca davanti al cancello',
          description: 'Buca profonda, chiamatemi al 333 1234567 per vederla.',
          email,
          privacyConsent: true,
          attachmentIds: photos,
        },
      },
    );
    const code = submitted.submitReport.ticket.code;
    const before = await publicTicket(code);
    expect(before.ticket.description).toBe(
      'Buca profonda, chiamatemi al [telefono nascosto] per vederla.',
    );
    expect(before.ticket.photos).toEqual([]);

    const page = await h.newPage('it');
    await page.goto(`${h.baseUrl}/ufficio`);
    await page.locator('#login-email').fill('tecnico@seravezza.demo');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.locator('.staff-bar').waitFor({ timeout: 20_000 });
    await page.goto(`${h.baseUrl}/ufficio/${await staffId(page, code)}`);
    await page.getByRole('heading', { name: new RegExp(code) }).waitFor();
    expect(await page.getByTestId('public-description').textContent()).toContain(
      '[telefono nascosto]',
    );

    await page.getByRole('button', { name: 'Approva e pubblica' }).first().click();
    await page.getByText('Visibilità della foto aggiornata.').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Approva e pubblica' }).waitFor();
    await page
      .locator('.staff-photos li', { hasText: 'in attesa di approvazione' })
      .getByRole('button', { name: 'Nascondi ai cittadini' })
      .click();
    await page.locator('.staff-photos .badge', { hasText: 'nascosta ai cittadini' }).waitFor({
      timeout: 15_000,
    });

    await page.getByRole('button', { name: 'Modifica il testo pubblico' }).click();
    await page.locator('#moderation-description').fill('Buca profonda davanti al cancello.');
    await page.locator('#moderation-reason').selectOption('personal_data');
    const audit = await axeAudit(page);
    expect(audit.serious, JSON.stringify(audit.serious)).toEqual([]);
    await screenshot(page, 'ufficio-ticket-moderation-it');
    await page.getByRole('button', { name: 'Salva e avvisa il segnalante' }).click();
    await page
      .getByText('Testo pubblico aggiornato: il segnalante è stato avvisato.')
      .waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('public-description').textContent()).toBe(
      'Buca profonda davanti al cancello.',
    );

    const after = await publicTicket(code);
    expect(after.ticket.description).toBe('Buca profonda davanti al cancello.');
    expect(after.ticket.photos).toEqual([{ id: photos[0] }]);
    await page.goto(`${h.baseUrl}/segnalazioni/${code}`);
    await page.getByText('Buca profonda davanti al cancello.').waitFor({ timeout: 15_000 });
    expect(await page.locator('.photos img').count()).toBe(1);
    expect(await page.content()).not.toContain('333 1234567');
    const publicAudit = await axeAudit(page);
    expect(publicAudit.serious, JSON.stringify(publicAudit.serious)).toEqual([]);
    await screenshot(page, 'tracking-moderated-it');

    const [mail] = await h.smtp.waitFor(
      1,
      (m) =>
        m.to.includes(email) && m.decoded.includes('Testo pubblico della segnalazione modificato'),
      30_000,
    );
    expect(mail.decoded).toContain('conteneva dati personali');
    expect(mail.decoded).toContain('Buca profonda davanti al cancello.');
    await page.close();
  });
});
