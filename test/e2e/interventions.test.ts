/// <reference lib="dom" />
// The programme of interventions in Chromium (issue 13): a planner turns the top candidate into an
// intervention, schedules it and finds it on the calendar; the operator of its office completes it; the
// reporters' tracking pages then say "conclusa", and every person heard of each change once. Also the
// budget plan (0 € is an empty plan; a deselected plan made into interventions in one action), the
// inbox selection as a new intervention, the planning map's interventions layer; axe in Italian and
// English, screenshots at 1280×800 and the list at 390×844.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage } from './axe.js';
import { getHarness, screenshot, type Harness } from './harness.js';
import { gql as gqlAt, login as loginAt, staffToken } from './staff-steps.js';

let h: Harness;
const gql = <T>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
  gqlAt<T>(h.baseUrl, query, variables, token);
const login = (page: Page, email: string) => loginAt(page, h.baseUrl, email);
const DESKTOP = { width: 1280, height: 800 };

declare global {
  interface Window {
    // the same shape as staff-planning.test.ts declares (one global, one type)
    __segnalaPlanning?: {
      firstDrawMs?: number;
      pointsCount?: number;
      draws: number;
      drawnAtMs?: number;
      drawnFilter?: string;
    };
  }
}
const PHONE = { width: 390, height: 844 };

const romeToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The mails of one kind (either language) about the intervention titled `title`, once they stop arriving. */
async function settledMails(kind: RegExp, title: string, atLeast: number) {
  const match = () => h.smtp.mails.filter((m) => kind.test(m.subject) && m.subject.includes(title));
  await h.smtp.waitFor(atLeast, (m) => kind.test(m.subject) && m.subject.includes(title), 60_000);
  let last = -1;
  while (match().length !== last) {
    last = match().length;
    await new Promise((r) => setTimeout(r, 3000));
  }
  return match();
}

describe('the programme of interventions', () => {
  let title = '';
  let interventionPath = '';
  let codes: string[] = [];
  const start = romeToday();
  const end = addDays(start, 4);

  beforeAll(async () => {
    h = await getHarness();
  });

  it('a planner turns the top candidate into an intervention, schedules it and sees it on the calendar', async () => {
    const plannerToken = await staffToken(h.baseUrl, 'planner@seravezza.demo');
    const [top] = (
      await gql<{ interventionCandidates: { key: string; ticketCount: number }[] }>(
        '{ interventionCandidates(first: 1) { key ticketCount } }',
        {},
        plannerToken,
      )
    ).interventionCandidates;
    expect(top.ticketCount).toBeGreaterThan(0);

    const page = await h.newPage('it');
    await page.setViewportSize(DESKTOP);
    await login(page, 'planner@seravezza.demo');
    await page.getByRole('link', { name: 'Programma degli interventi' }).click();
    await page.getByRole('heading', { name: 'Programma degli interventi', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Candidati e piano di spesa' }).click();
    await checkPage(page, 'it', 'interventions-candidates-it', '[data-testid=plan-table]');
    // The first row is the top candidate: its "Crea intervento" opens the form prefilled from it.
    const firstRow = page.locator('[data-testid=candidates-table] tbody tr').first();
    const rowText = await firstRow.textContent();
    expect(rowText).toMatch(/€/);
    expect(rowText).toContain(String(top.ticketCount));
    await firstRow.getByRole('link', { name: /Crea intervento/ }).click();
    await page.getByTestId('form-source').waitFor();
    expect(page.url()).toContain(encodeURIComponent(top.key));
    expect(await page.getByTestId('form-tickets').locator('li').count()).toBe(top.ticketCount);
    const prefilled = await page.locator('#new-title').inputValue();
    expect(prefilled).toMatch(/^Intervento: /);
    expect(await page.locator('#new-cost').inputValue()).toMatch(/^\d[\d.]*,\d\d$/);
    expect(await page.locator('#new-office').inputValue()).not.toBe('');
    // A planned end before the start is refused in words, nothing created.
    await page.locator('#new-start').fill(start);
    await page.locator('#new-end').fill(addDays(start, -1));
    await page.getByRole('button', { name: "Crea l'intervento" }).click();
    await page.locator('#new-plannedEnd-error').waitFor();
    title = `${prefilled} ${Date.now() % 100000}`;
    await page.locator('#new-title').fill(title);
    await page.locator('#new-end').fill(end);
    await screenshot(page, 'interventions-form-it');
    await page.getByRole('button', { name: "Crea l'intervento" }).click();
    await page.getByRole('heading', { name: new RegExp(title) }).waitFor({ timeout: 30_000 });
    interventionPath = new URL(page.url()).pathname;
    expect(await page.locator('#intervention-title .badge').textContent()).toBe('pianificato');
    codes = await page.getByTestId('intervention-tickets').locator('a').allTextContents();
    expect(codes).toHaveLength(top.ticketCount);
    expect(await page.getByTestId('intervention-tickets').textContent()).toContain(
      'in lavorazione',
    );

    await page.getByRole('button', { name: 'Programma', exact: true }).click();
    await page.getByText('Intervento programmato.').waitFor({ timeout: 15_000 });
    await page
      .locator('#intervention-title .badge', { hasText: 'programmato' })
      .waitFor({ timeout: 15_000 });
    await checkPage(page, 'it', 'interventions-detail-it', '#intervention-title');

    await page.goto(`${h.baseUrl}/ufficio/interventi/calendario?giorno=${start}`);
    const day = page.locator(`.calendar-week li[data-day="${start}"]`);
    await day.getByRole('link', { name: title }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('calendar-heading').textContent()).toMatch(/^Settimana dal /);
    expect(await page.locator('.calendar-week h4').first().textContent()).toMatch(/^lunedì /);
    await checkPage(page, 'it', 'interventions-calendar-week-it', '.calendar-week');
    await page.getByRole('button', { name: 'Mese' }).click();
    await page
      .locator(`.calendar-month td[data-day="${end}"]`)
      .getByRole('link', { name: title })
      .waitFor();
    expect(await page.locator('.calendar-month th').first().textContent()).toBe('lunedì');
    await checkPage(page, 'it', 'interventions-calendar-month-it', '.calendar-month');

    await page.goto(`${h.baseUrl}/ufficio/interventi`);
    await page.getByTestId('programme-table').getByRole('link', { name: title }).waitFor();
    await checkPage(page, 'it', 'interventions-list-it', '[data-testid=programme-kpis]');
    await page.setViewportSize(PHONE);
    await checkPage(page, 'it', 'interventions-list-phone-it', '[data-testid=programme-table]');
    await page.close();
  });

  it('the operator of its office completes it; the tracking pages say conclusa; each person had one mail per change', async () => {
    expect(interventionPath).not.toBe('');
    const admin = await staffToken(h.baseUrl, 'admin@seravezza.demo');
    const { offices } = await gql<{ offices: { id: string; name: string }[] }>(
      '{ offices { id name } }',
      {},
      admin,
    );
    const { intervention } = await gql<{
      intervention: { officeId: string; tickets: { id: string }[] };
    }>(
      'query($id: ID!) { intervention(id: $id) { officeId tickets { id } } }',
      { id: interventionPath.split('/').pop() },
      admin,
    );
    const office = offices.find((o) => o.id === intervention.officeId)!.name;
    const operator = /polizia/i.test(office) ? 'polizia@seravezza.demo' : 'tecnico@seravezza.demo';
    const reporters = new Set<string>();
    for (const t of intervention.tickets) {
      const r = await gql<{ staffTicket: { reporter: { email: string | null } | null } }>(
        'query($id: ID!) { staffTicket(id: $id) { reporter { email } } }',
        { id: t.id },
        admin,
      );
      if (r.staffTicket.reporter?.email) reporters.add(r.staffTicket.reporter.email.toLowerCase());
    }

    const page = await h.newPage('it');
    await page.setViewportSize(DESKTOP);
    await login(page, operator);
    await page.getByRole('link', { name: 'Programma degli interventi' }).click();
    await page.getByTestId('programme-table').getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: new RegExp(title) }).waitFor();
    // An operator may only complete: no schedule, start, cancel or reschedule.
    expect(await page.getByRole('button', { name: 'Avvia' }).count()).toBe(0);
    expect(await page.locator('[data-action=cancel], [data-action=reschedule]').count()).toBe(0);
    await page.locator('#complete-note').fill('Asfalto rifatto su tutto il tratto.');
    await page.locator('button[data-action=complete]').click();
    await page.getByText('Intervento concluso: le segnalazioni collegate sono chiuse.').waitFor({
      timeout: 30_000,
    });
    expect(await page.locator('#intervention-title .badge').textContent()).toBe('concluso');
    expect(await page.getByTestId('closing-note').textContent()).toBe(
      'Asfalto rifatto su tutto il tratto.',
    );
    await screenshot(page, 'interventions-completed-it');

    for (const code of codes.slice(0, 5)) {
      await page.goto(`${h.baseUrl}/segnalazioni/${code}`);
      await page.locator('.status-line').waitFor();
      expect(await page.locator('.status-line').textContent(), code).toContain('conclusa');
    }
    await screenshot(page, 'interventions-tracking-it');
    await page.close();

    // One mail per person per change: no address twice, every reporter among them, and the same
    // people told of the completion as of the planning.
    const planned = await settledMails(
      /Intervento programmato|Work planned/,
      title,
      reporters.size,
    );
    const completed = await settledMails(
      /Intervento concluso|Work completed/,
      title,
      reporters.size,
    );
    const to = (mails: typeof planned) => mails.flatMap((m) => m.to.map((a) => a.toLowerCase()));
    expect(new Set(to(planned)).size).toBe(to(planned).length);
    expect(new Set(to(completed)).size).toBe(to(completed).length);
    for (const r of reporters) expect(to(planned)).toContain(r);
    expect(new Set(to(completed))).toEqual(new Set(to(planned)));
    expect(completed.find((m) => /Intervento concluso/.test(m.subject))?.decoded ?? '').toContain(
      'Asfalto rifatto su tutto il tratto.',
    );
  });

  it('plans a budget (0 € is an empty plan), lets the planner deselect, and makes the plan in one action', async () => {
    const page = await h.newPage('it');
    await page.setViewportSize(DESKTOP);
    await login(page, 'planner@seravezza.demo');
    await page.goto(`${h.baseUrl}/ufficio/interventi/candidati`);
    await page.getByTestId('plan-table').waitFor({ timeout: 30_000 });
    expect(await page.locator('#plan-budget').inputValue()).toBe('50000');
    const summary = await page.getByTestId('plan-summary').textContent();
    expect(summary).toMatch(/budget 50\.000\s€/);
    await page.locator('#plan-budget').fill('0');
    await page.getByRole('button', { name: 'Calcola il piano' }).click();
    await page.getByTestId('plan-empty').waitFor();
    expect(await page.getByTestId('plan-summary').textContent()).toContain('0,00\u00a0€');
    await screenshot(page, 'interventions-plan-empty-it');

    await page.locator('#plan-budget').fill('2.000');
    await page.getByRole('button', { name: 'Calcola il piano' }).click();
    await page.getByTestId('plan-table').waitFor();
    const boxes = page.locator('[data-testid=plan-table] tbody input[type=checkbox]');
    const n = await boxes.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 1; i < n; i++) await boxes.nth(i).uncheck();
    await page.getByRole('button', { name: /Crea l'intervento \(1\)/ }).click();
    await page.getByText('Creato 1 intervento.').waitFor({ timeout: 30_000 });
    await page.close();
  });

  it('says in Italian that a colleague changed the intervention (CONFLICT), reloads it, and the move then goes through', async () => {
    const token = await staffToken(h.baseUrl, 'planner@seravezza.demo');
    const { offices } = await gql<{ offices: { id: string }[] }>('{ offices { id } }', {}, token);
    const { streets } = await gql<{ streets: { edges: { node: { id: string } }[] } }>(
      '{ streets(first: 1) { edges { node { id } } } }',
    );
    const created = await gql<{ createIntervention: { intervention: { id: string } } }>(
      `mutation($o: ID!, $s: ID!) { createIntervention(input: { title: "Segnaletica orizzontale", officeId: $o,
        ticketIds: [], estimatedCost: 1234.5, plannedStart: "${start}", plannedEnd: "${end}", streetId: $s }) { intervention { id } } }`,
      { o: offices[0].id, s: streets.edges[0].node.id },
      token,
    );
    const id = created.createIntervention.intervention.id;
    const page = await h.newPage('it');
    await page.setViewportSize(DESKTOP);
    await login(page, 'planner@seravezza.demo');
    await page.goto(`${h.baseUrl}/ufficio/interventi/${id}`);
    await page.getByRole('heading', { name: /Segnaletica orizzontale/ }).waitFor();
    expect(await page.locator('.details').textContent()).toContain('1.234,50\u00a0€');
    // A colleague schedules it meanwhile: this page still holds version 1.
    await gql(
      `mutation { scheduleIntervention(id: "${id}", version: 1) { intervention { id } } }`,
      {},
      token,
    );
    await page.getByRole('button', { name: 'Avvia' }).click();
    await page
      .getByText("Un collega ha modificato l'intervento nel frattempo")
      .waitFor({ timeout: 15_000 });
    await page
      .locator('#intervention-title .badge', { hasText: 'programmato' })
      .waitFor({ timeout: 15_000 });
    await screenshot(page, 'interventions-conflict-it');
    await page.getByRole('button', { name: 'Avvia' }).click();
    await page.getByText('Intervento avviato.').waitFor({ timeout: 15_000 });
    await page.locator('#intervention-title .badge', { hasText: 'in corso' }).waitFor();
    await page.close();
  });

  it('turns reports selected in the inbox into a prefilled new intervention', async () => {
    const page = await h.newPage('it');
    await page.setViewportSize(DESKTOP);
    await login(page, 'admin@seravezza.demo');
    await page.locator('.inbox-table tbody tr').first().waitFor({ timeout: 20_000 });
    const boxes = page.locator('.inbox-table tbody input[type=checkbox]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('link', { name: 'Crea un intervento con queste 2 segnalazioni' }).click();
    await page.getByTestId('form-tickets').waitFor();
    expect(await page.getByTestId('form-tickets').locator('li').count()).toBe(2);
    await page.close();
  });

  it('shows the interventions layer with its legend on the planning map', async () => {
    const page = await h.newPage('it');
    await page.setViewportSize(DESKTOP);
    await login(page, 'planner@seravezza.demo');
    await page.goto(`${h.baseUrl}/pianificazione?layers=streets`);
    await page.getByTestId('planning-interventions').waitFor({ timeout: 30_000 });
    // The map draws first (software WebGL keeps the main thread busy for seconds).
    await page.waitForFunction(() => window.__segnalaPlanning?.firstDrawMs !== undefined, null, {
      timeout: 60_000,
    });
    await page.getByLabel('Interventi sulla mappa').check({ timeout: 60_000 });
    await page.getByRole('list', { name: 'Legenda degli interventi' }).waitFor();
    expect(
      await page.getByRole('list', { name: 'Legenda degli interventi' }).textContent(),
    ).toContain('programmato');
    await page.waitForTimeout(1500);
    await screenshot(page, 'interventions-planning-layer-it');
    await page.close();
  });

  it('has no serious accessibility violation in English either', async () => {
    const page = await h.newPage('en');
    await page.setViewportSize(DESKTOP);
    await login(page, 'planner@seravezza.demo');
    await page.goto(`${h.baseUrl}/ufficio/interventi`);
    await checkPage(page, 'en', 'interventions-list-en', '[data-testid=programme-table]');
    expect(await page.getByTestId('programme-kpis').textContent()).toContain(
      'reports closed through interventions',
    );
    await page.goto(`${h.baseUrl}/ufficio/interventi/candidati`);
    await checkPage(page, 'en', 'interventions-candidates-en', '[data-testid=plan-table]');
    await page.goto(`${h.baseUrl}${interventionPath}`);
    await checkPage(page, 'en', 'interventions-detail-en', '#intervention-title');
    expect(await page.locator('#intervention-title .badge').textContent()).toBe('completed');
    await page.goto(`${h.baseUrl}/ufficio/interventi/calendario?giorno=${start}&vista=mese`);
    await checkPage(page, 'en', 'interventions-calendar-month-en', '.calendar-month');
    expect(await page.locator('.calendar-month th').first().textContent()).toBe('Monday');
    await page.close();
  });
});
