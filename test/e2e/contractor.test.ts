/// <reference lib="dom" />
// Issue 12, parts 5 and 6 in Chromium: an operator files a phone report without an e-mail from the
// office form (the tracking code to read to the citizen; no citizen mail); an admin adds a contractor;
// the operator forwards the ticket; the contractor opens the link of the real SMTP mail, posts a note
// and marks the work done; the office sees it. Screenshots of the contractor's page in both languages.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getHarness, screenshot, type Harness } from './harness.js';

let h: Harness;
const PASSWORD = process.env.SEGNALA_DEMO_PASSWORD ?? 'segnala-demo';
const CONTRACTOR = 'Asfalti Versilia Srl';
const CONTRACTOR_EMAIL = `cantiere.${Date.now()}@asfalti.example`;

async function login(page: Page, email: string): Promise<void> {
  await page.goto(`${h.baseUrl}/ufficio`);
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.locator('.staff-bar').waitFor({ timeout: 20_000 });
}

describe('reports taken by staff and external contractors', () => {
  beforeAll(async () => {
    h = await getHarness();
  });

  it('a phone report without e-mail, forwarded to a contractor who marks the work done from the mailed link', async () => {
    // The admin adds the contractor.
    const admin = await h.newPage('it');
    await login(admin, 'admin@seravezza.demo');
    await admin.getByRole('link', { name: 'Ditte esterne' }).click();
    await admin.getByRole('heading', { name: 'Ditte esterne' }).waitFor();
    await admin.locator('#f-contractor-name').fill(CONTRACTOR);
    await admin.locator('#f-contractor-email').fill(CONTRACTOR_EMAIL);
    await admin.getByRole('button', { name: 'Salva' }).click();
    await admin.locator('td', { hasText: CONTRACTOR }).waitFor({ timeout: 15_000 });
    await admin.close();

    // The operator files a phone report without the citizen's e-mail.
    const page = await h.newPage('it');
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    await login(page, 'tecnico@seravezza.demo');
    await page.getByRole('link', { name: 'Nuova segnalazione (telefono, sportello…)' }).click();
    await page.getByRole('heading', { name: 'Nuova segnalazione raccolta dall’ufficio' }).waitFor();
    await page.locator('#f-channel').selectOption('PHONE');
    await page.locator('#street-search').fill('Federigi');
    await page.locator('.street-results button').first().click();
    await page.locator('#f-category').selectOption({ index: 1 });
    await page.locator('#f-title').fill('Buca segnalata al telefono');
    await page
      .locator('#f-description')
      .fill('Una cittadina ha telefonato: buca profonda sulla carreggiata.');
    await page.getByRole('button', { name: 'Registra la segnalazione' }).click();
    const codeText = await page.getByTestId('staff-report-code').textContent({ timeout: 20_000 });
    const code = codeText!.trim();
    expect(code).toMatch(/^SRV-/);
    await screenshot(page, 'ufficio-nuova-segnalazione-it');
    const mailsForCode = () => h.smtp.mails.filter((m) => m.subject.includes(code));
    // Only the office is told (no citizen e-mail was given).
    await h.smtp.waitFor(1, (m) => m.subject.includes(code), 30_000);

    // Forward it to the contractor from the ticket page.
    await page.getByRole('link', { name: 'Apri la segnalazione' }).click();
    await page
      .getByTestId('ticket-channel')
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        await screenshot(page, 'ufficio-ticket-ditta-failed');
        throw new Error(`${String(error)}\n${problems.join('\n')}`);
      });
    expect(await page.getByTestId('ticket-channel').textContent()).toContain('telefono');
    // The list of contractors arrives on its own (the machine may be slow): wait for the option.
    await page
      .locator('#f-contractor option', { hasText: CONTRACTOR })
      .waitFor({ state: 'attached', timeout: 60_000 });
    await page.locator('#f-contractor').selectOption({ label: CONTRACTOR });
    await page
      .locator('#f-instructions')
      .fill('Transennare subito e chiudere la buca entro venerdì.');
    await page.getByRole('button', { name: 'Affida alla ditta' }).click();
    await page.getByTestId('ticket-contractor').waitFor({ timeout: 60_000 });
    const [mail] = await h.smtp.waitFor(1, (m) => m.to.includes(CONTRACTOR_EMAIL), 30_000);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/ditta\/[A-Za-z0-9_-]{43})/.exec(mail.decoded)![1];
    expect(mailsForCode().every((m) => !m.to.some((to) => to.includes('@example.org')))).toBe(true);

    // The contractor, without an account, from the link in the mail.
    const ditta = await h.newPage('it');
    await ditta.goto(link);
    await ditta.getByRole('heading', { name: /Buca segnalata al telefono/ }).waitFor();
    expect(await ditta.content()).toContain('Transennare subito');
    await screenshot(ditta, 'ditta-it');
    await ditta.goto(`${link}?lang=en`);
    await ditta.getByRole('button', { name: 'Mark the work as done' }).waitFor();
    await screenshot(ditta, 'ditta-en');
    await ditta.goto(link);
    await ditta.locator('#note-text').fill('Transenne posate, asfalto domani mattina.');
    await ditta.getByRole('button', { name: 'Invia la nota' }).click();
    await ditta.getByText('Nota inviata.').waitFor({ timeout: 15_000 });
    await ditta.locator('#done-text').fill('Buca chiusa con asfalto a freddo.');
    await ditta.getByRole('button', { name: 'Segna il lavoro come concluso' }).click();
    await ditta
      .getByText("Lavoro segnato come concluso: l'ufficio è stato avvisato.")
      .waitFor({ timeout: 15_000 });
    await screenshot(ditta, 'ditta-done-it');
    await h.smtp.waitFor(
      1,
      (m) => m.subject.includes('Lavoro concluso dalla ditta') && m.subject.includes(code),
      30_000,
    );
    await ditta.close();

    // Back at the office (signed in again: a new page starts anonymous): the work is done, the office
    // confirms the resolution.
    const ticketUrl = page.url();
    await login(page, 'tecnico@seravezza.demo');
    await page.goto(ticketUrl);
    await page.getByTestId('ticket-contractor').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('ticket-contractor').textContent()).toContain(
      'conferma la risoluzione',
    );
    await screenshot(page, 'ufficio-ticket-ditta-it');
    await page.close();
  });
});
