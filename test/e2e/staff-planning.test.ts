/// <reference lib="dom" />
// Operator and planner journeys in Chromium: an operator takes a citizen's report in hand and resolves
// it with a public note (mails to reporter and supporter, tracking shows "conclusa"); the planner
// dashboard draws every layer on the canvas, a filter changes the drawing, the CSV export matches; the
// planning page as a tool: one layer at first, a legend per layer on, the sortable street table that
// zooms the map, the cluster list, the from–to range (an end before the start refused in Italian), axe.
// (The inbox paged to the newest report, its photo, assignment and contractor: operator-journey.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkPage } from './axe.js';
import { getHarness, screenshot, saveText, type Harness } from './harness.js';
import { colouredPixels } from './pixels.js';
import {
  gql as gqlAt,
  login as loginAt,
  potholeCategory,
  staffToken,
  submitCitizenReport,
  ticketIdByCode as ticketId,
} from './staff-steps.js';

declare global {
  interface Window {
    __segnalaPlanning?: {
      firstDrawMs?: number;
      pointsCount?: number;
      draws: number;
      drawnAtMs?: number;
      drawnFilter?: string;
    };
  }
}

let h: Harness;
const gql = <T>(query: string, variables: Record<string, unknown> = {}, token?: string) =>
  gqlAt<T>(h.baseUrl, query, variables, token);
const login = (page: Page, email: string) => loginAt(page, h.baseUrl, email);

async function adminToken(): Promise<string> {
  return staffToken(h.baseUrl, 'admin@seravezza.demo');
}

describe('staff and planning', () => {
  beforeAll(async () => {
    h = await getHarness();
  });

  it('an operator acknowledges and resolves a report with a public reply from a canned one; citizens are told', async () => {
    const email = `rep.${Date.now()}@example.org`;
    const supporter = `sup.${Date.now()}@example.org`;
    const pothole = await potholeCategory(h.baseUrl);
    const code = await submitCitizenReport(h.baseUrl, {
      categoryId: pothole.id,
      lat: 43.9877,
      lon: 10.2138,
      title: 'Tombino divelto',
      description: 'Coperchio del tombino spostato.',
      email,
    });
    await gql('mutation($c: String!, $e: String!) { joinReport(code: $c, email: $e) { status } }', {
      c: code,
      e: supporter,
    });
    // Double opt-in: the supporter counts (and is mailed) once the link in its mail is used.
    const [confirmMail] = await h.smtp.waitFor(
      1,
      (m) => m.to.includes(supporter) && m.decoded.includes('/conferma/'),
      30_000,
    );
    const token = /\/conferma\/([A-Za-z0-9_-]{32})/.exec(confirmMail.decoded)![1];
    const confirmed = await fetch(`${h.baseUrl}/conferma/${token}`, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    // An admin keeps a canned reply for this category once it is in hand.
    await gql(
      `mutation($c: ID!) { createCannedReply(input: { categoryId: $c, phase: ACKNOWLEDGED, title: "Tombino sistemato",
        textIt: "Il tombino è stato rimesso in sede.", textEn: "The manhole cover was put back." }) { id } }`,
      { c: pothole.id },
      await adminToken(),
    );

    const page = await h.newPage('it');
    await login(page, 'tecnico@seravezza.demo');
    await page.locator('table').waitFor({ timeout: 20_000 });
    await screenshot(page, 'ufficio-inbox-it');
    const id = await ticketId(page, code);
    await page.goto(`${h.baseUrl}/ufficio/${id}`);
    await page.getByRole('heading', { name: new RegExp(code) }).waitFor();
    expect(await page.getByTestId('reporter').textContent()).toContain(email);
    // Only what can be done now: no reopen on an open ticket, the reason only when rejecting.
    expect(await page.getByRole('button', { name: 'Riapri' }).count()).toBe(0);
    expect(await page.locator('#reject-reason').count()).toBe(0);
    await page.getByRole('button', { name: 'Prendi in carico' }).click();
    await page.getByText('Segnalazione presa in carico.').waitFor({ timeout: 15_000 });
    await page.locator('.badge', { hasText: 'presa in carico' }).waitFor({ timeout: 15_000 });
    // A note with no choice yet: the choice is asked for, and resolving waits for a public reply.
    await page.locator('#action-note').fill('Sopralluogo fatto.');
    expect(await page.getByTestId('note-kind-hint').textContent()).toContain('Scegli');
    expect(await page.getByRole('button', { name: 'Concludi' }).isDisabled()).toBe(true);
    await page.locator('#action-note').fill('');
    await page.getByLabel(/Risposta pubblica/).check();
    expect(await page.getByTestId('note-kind-hint').textContent()).toContain(
      'segnalante e 1 sostenitore',
    );
    await page.locator('#canned-reply').selectOption({ label: 'Tombino sistemato' });
    await page.getByRole('button', { name: 'Inserisci' }).click();
    expect(await page.locator('#action-note').inputValue()).toBe(
      'Il tombino è stato rimesso in sede.',
    );
    await page.locator('#action-note').fill('Tombino rimesso in sede e fissato.');
    await screenshot(page, 'ufficio-ticket-reply-it');
    await page.getByRole('button', { name: 'Concludi' }).click();
    await page.getByRole('button', { name: 'Riapri' }).waitFor({ timeout: 15_000 });
    await page.getByText('Segnalazione conclusa').waitFor();
    // A resolved ticket offers neither reassignment nor duplicate marking.
    expect(await page.locator('#reassign').count()).toBe(0);
    expect(await page.locator('#original-code').count()).toBe(0);
    await screenshot(page, 'ufficio-ticket-it');

    await h.smtp.waitFor(
      1,
      (m) => m.to.includes(email) && m.decoded.includes('Tombino rimesso in sede'),
      30_000,
    );
    await h.smtp.waitFor(
      1,
      (m) => m.to.includes(supporter) && m.decoded.includes('Tombino rimesso in sede'),
      30_000,
    );
    await page.goto(`${h.baseUrl}/segnalazioni/${code}`);
    await page.locator('.status-line').waitFor();
    expect(await page.locator('.status-line').textContent()).toContain('conclusa');
    await page.close();
  });

  it('an admin sees and edits the canned replies', async () => {
    const page = await h.newPage('it');
    await login(page, 'admin@seravezza.demo');
    await page.getByRole('link', { name: 'Risposte predefinite' }).click();
    await page
      .getByRole('cell', { name: 'Tombino sistemato' })
      .first()
      .waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Modifica «Tombino sistemato»' }).first().click();
    await page.locator('#canned-en').fill('The manhole cover was put back and fixed.');
    await page.getByRole('button', { name: 'Salva' }).click();
    await page.getByText('Risposte predefinite aggiornate.').waitFor({ timeout: 15_000 });
    await screenshot(page, 'ufficio-risposte-it');
    await page.close();
  });

  it('handing a report to another office ends on a confirmation, not an error page', async () => {
    const code = await submitCitizenReport(h.baseUrl, {
      categoryId: (await potholeCategory(h.baseUrl)).id,
      lat: 43.9878,
      lon: 10.2139,
      title: 'Cartello abbattuto',
      description: 'Il cartello di stop è a terra.',
      email: `rep2.${Date.now()}@example.org`,
    });
    const page = await h.newPage('it');
    await login(page, 'tecnico@seravezza.demo');
    await page.goto(`${h.baseUrl}/ufficio/${await ticketId(page, code)}`);
    await page.getByRole('heading', { name: new RegExp(code) }).waitFor();
    await page.locator('#reassign').selectOption({ label: 'Polizia Municipale' });
    await page.getByRole('button', { name: 'Affida a un altro ufficio' }).click();
    await page.getByText('non è più tra quelle del tuo ufficio').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'ufficio-ticket-handed-off-it');
    await page.getByRole('link', { name: 'Torna alle segnalazioni da gestire' }).click();
    await page.locator('table').waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('the planner dashboard draws every layer, reacts to filters and exports the filtered CSV', async () => {
    const page = await h.newPage('it');
    await login(page, 'planner@seravezza.demo');
    const map = page.locator('.planning .map-canvas');
    const counts: Record<string, number> = {};
    for (const layer of ['points', 'hexagons', 'heat', 'clusters', 'streets']) {
      await page.goto(`${h.baseUrl}/pianificazione?layers=${layer}&metric=TOTAL_DESC`);
      await map.waitFor();
      await page.waitForFunction(
        () =>
          (window.__segnalaPlanning?.draws ?? 0) > 3 &&
          window.__segnalaPlanning?.firstDrawMs !== undefined,
        null,
        { timeout: 60_000 },
      );
      await page.waitForTimeout(1500);
      counts[layer] = await colouredPixels(map);
      await screenshot(page, `pianificazione-${layer}`);
    }
    saveText('planning-pixels.json', JSON.stringify(counts, null, 2));
    for (const [layer, n] of Object.entries(counts))
      expect(n, `${layer} draws coloured pixels`).toBeGreaterThan(200);

    await page.goto(`${h.baseUrl}/pianificazione?layers=points&metric=OPEN_DESC`);
    await page.waitForFunction(() => window.__segnalaPlanning?.firstDrawMs !== undefined, null, {
      timeout: 60_000,
    });
    await page.waitForTimeout(1000);
    const allPoints = Number(
      (await page.getByTestId('points-count').textContent())?.replace(/\D/g, ''),
    );
    const before = await colouredPixels(map);
    // The filter lives in the URL: the checkbox turns on once the router has navigated.
    const firstCategory = page
      .locator('.planning-panel fieldset', { hasText: 'Tipi' })
      .locator('input[type=checkbox]')
      .first();
    await firstCategory.click();
    await expect.poll(() => firstCategory.isChecked(), { timeout: 20_000 }).toBe(true);
    await expect
      .poll(
        async () =>
          Number((await page.getByTestId('points-count').textContent())?.replace(/\D/g, '')),
        { timeout: 20_000 },
      )
      .toBeLessThan(allPoints);
    await page.waitForTimeout(1000);
    const after = await colouredPixels(map);
    expect(after).toBeLessThan(before);
    expect(page.url()).toContain('cat=');
    const filtered = Number(
      (await page.getByTestId('points-count').textContent())?.replace(/\D/g, ''),
    );

    const href = await page.getByRole('link', { name: 'Scarica CSV' }).getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url as string)).text(), href);
    const rows = csv.trim().split('\n').length - 1;
    saveText(
      'planning-export.txt',
      `points all=${allPoints} filtered=${filtered} csvRows=${rows}\n${csv.slice(0, 400)}`,
    );
    expect(rows).toBe(filtered);
    await screenshot(page, 'pianificazione-filtered-it');
    await page.close();
  }, 300_000);
  it('the planning page: one layer at first, a legend per layer, the street table sorts and zooms, a date range', async () => {
    const page = await h.newPage('it');
    await page.setViewportSize({ width: 1280, height: 800 });
    await login(page, 'planner@seravezza.demo');
    await page.goto(`${h.baseUrl}/pianificazione`);
    await page.waitForFunction(() => window.__segnalaPlanning?.firstDrawMs !== undefined, null, {
      timeout: 60_000,
    });
    // One layer on by default (the heat) and its legend alone.
    const layers = page.locator('input[name=layer]');
    expect(await layers.count()).toBe(5);
    const checked = await page
      .locator('input[name=layer]:checked')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(checked).toEqual(['heat']);
    await page.getByTestId('legend-heat').waitFor();
    expect(await page.locator('[data-testid^=legend-]').count()).toBe(1);
    expect(await page.getByTestId('legend-heat').textContent()).toMatch(/bassa.*alta/);

    // One click turns the hexagons on: their legend shows count classes from the data, ascending.
    // The layers live in the URL: a checkbox turns on once the router has navigated.
    const toggle = async (label: string, on: boolean) => {
      const box = page.getByLabel(label);
      await box.click();
      await expect.poll(() => box.isChecked(), { timeout: 20_000 }).toBe(on);
    };
    await toggle('Esagoni (densità)', true);
    const hexLegend = page.getByTestId('legend-hexagons');
    await hexLegend.locator('li').first().waitFor({ timeout: 30_000 });
    const classes = await hexLegend.locator('li').allTextContents();
    expect(classes.length).toBeGreaterThan(1);
    const uppers = classes.map((c) => Number(c.split('–').at(-1)!.replace(/\D/g, '')));
    expect([...uppers].sort((a, b) => a - b)).toEqual(uppers);
    expect(new Set(uppers).size).toBe(uppers.length);
    expect(page.url()).toContain('layers=heat%2Chexagons');
    await toggle('Vie colorate per indicatore', true);
    await page.getByTestId('legend-streets').locator('li').first().waitFor({ timeout: 30_000 });
    await toggle('Vie colorate per indicatore', false);
    await expect.poll(() => page.getByTestId('legend-streets').count()).toBe(0);

    // The street table: every figure sorts (aria-sort), by mouse and by keyboard.
    const table = page.getByTestId('street-table');
    await table.locator('tbody tr').first().waitFor({ timeout: 30_000 });
    const column = async (i: number) =>
      (await table.locator(`tbody tr > :nth-child(${i})`).allTextContents()).map((v) =>
        Number(v.replace(/\./g, '').replace(',', '.')),
      );
    const header = (name: string) =>
      table.locator('thead th', { has: page.getByRole('button', { name, exact: true }) });
    expect(await header('Aperte').getAttribute('aria-sort')).toBe('descending');
    const open = await column(2);
    expect(open).toEqual([...open].sort((a, b) => b - a));
    await table.getByRole('button', { name: 'Totali' }).click();
    await expect.poll(() => header('Totali').getAttribute('aria-sort')).toBe('descending');
    expect(await header('Aperte').getAttribute('aria-sort')).toBe('none');
    await expect
      .poll(async () => {
        const v = await column(3);
        return v.length > 0 && v.every((x, i) => i === 0 || v[i - 1] >= x);
      })
      .toBe(true);
    await table.getByRole('button', { name: 'Totali' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => header('Totali').getAttribute('aria-sort')).toBe('ascending');
    const totalAsc = await column(3);
    expect(totalAsc).toEqual([...totalAsc].sort((a, b) => a - b));
    await table.getByRole('button', { name: 'Via', exact: true }).click();
    expect(await header('Via').getAttribute('aria-sort')).toBe('ascending');
    const names = await table.locator('tbody th').allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'it-IT')));
    await screenshot(page, 'pianificazione-tabella-it', { fullPage: false });

    // A street's name zooms the map to it (the view goes to the URL) and marks the row.
    const zoomBefore = Number(new URL(page.url()).searchParams.get('z') ?? '0');
    const first = table.locator('tbody tr').first();
    const streetName = (await first.locator('th').textContent())!;
    await first.getByRole('button', { name: `${streetName}: mostra sulla mappa` }).click();
    await expect.poll(() => first.getAttribute('aria-current')).toBe('true');
    await expect
      .poll(() => Number(new URL(page.url()).searchParams.get('z') ?? '0'))
      .toBeGreaterThan(Math.max(zoomBefore, 14));
    await page.waitForTimeout(1000);
    await screenshot(page, 'pianificazione-via-it', { fullPage: false });

    // The cluster list: a cluster zooms the map and opens its panel.
    const clusters = page.getByTestId('cluster-list');
    await clusters.locator('li').first().waitFor({ timeout: 30_000 });
    await clusters.locator('li button').first().click();
    await page.locator('.cluster-panel').waitFor();
    expect(Number(new URL(page.url()).searchParams.get('z'))).toBe(17);

    // The from–to range: applied and kept in the URL; an end before the start refused, in Italian.
    const allPoints = Number(
      (await page.getByTestId('points-count').textContent())!.replace(/\D/g, ''),
    );
    const day = (back: number) => {
      const d = new Date(Date.now() - back * 86_400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    await page.getByLabel('Dal giorno', { exact: true }).fill(day(60));
    await page.getByLabel('Al giorno', { exact: true }).fill(day(0));
    await expect.poll(() => page.url()).toContain(`from=${day(60)}`);
    expect(page.url()).toContain(`to=${day(0)}`);
    await expect
      .poll(async () =>
        Number((await page.getByTestId('points-count').textContent())!.replace(/\D/g, '')),
      )
      .toBeLessThan(allPoints);
    await page.getByLabel('Al giorno', { exact: true }).fill(day(90));
    await page.getByRole('alert').filter({ hasText: 'precedente alla data di inizio' }).waitFor();
    expect(page.url()).toContain(`to=${day(0)}`);
    expect(await page.getByLabel('Al giorno', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await screenshot(page, 'pianificazione-periodo-it', { fullPage: false });
    await page.getByLabel('Al giorno', { exact: true }).fill(day(0));
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);

    await checkPage(
      page,
      'it',
      'pianificazione-strumento-it',
      '[data-testid=street-table] tbody tr',
    );
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(1000);
    await screenshot(page, 'pianificazione-390-it');
    await page.close();

    const en = await h.newPage('en');
    await en.setViewportSize({ width: 1280, height: 800 });
    await login(en, 'planner@seravezza.demo');
    await en.goto(`${h.baseUrl}/pianificazione?layers=heat,hexagons,clusters`);
    await en.getByTestId('legend-hexagons').locator('li').first().waitFor({ timeout: 60_000 });
    await en.getByTestId('legend-clusters').waitFor({ timeout: 30_000 });
    expect(await en.getByTestId('legend-heat').textContent()).toMatch(/low.*high/);
    await en.getByTestId('street-table').getByRole('button', { name: 'Overdue' }).click();
    await checkPage(en, 'en', 'pianificazione-strumento-en', '[data-testid=street-table] tbody tr');
    await en.setViewportSize({ width: 390, height: 844 });
    await en.waitForTimeout(1000);
    await screenshot(en, 'pianificazione-390-en');
    await en.close();
  }, 300_000);
});
