/// <reference lib="dom" />
// `npx tsx test/bench/planning-browser.ts` (after `npm run build`; also `npm run bench -- planning-browser`
// with BENCH_BROWSER=1): the planning page in Debian's Chromium with software WebGL (the e2e flags,
// --disable-gpu), on the production build and the demo data (about 2,000 tickets), as the planner.
// For each run it reports
//   - usable: ms from navigation start until the filters and the street table answer and the map has drawn
//     its data (the page's __segnalaPlanning.firstDrawAtMs), read in an animation frame, so that a main
//     thread still busy counts;
//   - filter: ms from a click on the first category to the frame after the new count is shown and drawn;
//   - longest main-thread task (PerformanceObserver 'longtask') from navigation to 4 s after the filter change.
// The baseline, measured in the same run on the same bundle and server: the page with every layer off
// (?layers=), i.e. React, urql, the basemap and the filters alone.
// Targets (issue 13, Speed): usable < 3 s, filter < 1 s, no task > 200 ms.
// PLANNING_BENCH_RUNS (default 3) runs each; E2E_DATA_TEMPLATE reuses a seeded data dir (test/e2e/harness.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, startServer } from '../e2e/harness.js';
import { login } from '../e2e/staff-steps.js';
import { startTestSmtp } from '../helpers/smtp.js';

const RUNS = Number(process.env.PLANNING_BENCH_RUNS ?? 3);
const SETTLE_MS = 4000;

export interface PageRun {
  usableMs: number;
  filterMs: number | null;
  longestTaskMs: number;
  tasksOver200: number[];
}

// Scripts go to the page as text: tsx's transform would add helpers (__name) the page does not have.
const LONGTASK_INIT = `
  window.__benchLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        window.__benchLongTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
`;

/** Resolves in the first animation frame where `ready` holds; returns performance.now() then. */
async function frameWhen(page: Page, ready: string, timeoutMs = 90_000): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const until = performance.now() + ${timeoutMs};
    const tick = () => {
      if (${ready}) resolve(performance.now());
      else if (performance.now() > until) reject(new Error('timeout: ' + ${JSON.stringify(ready)}));
      else requestAnimationFrame(tick);
    };
    tick();
  })`);
}

const COUNT = `Number((document.querySelector('[data-testid=points-count]')?.textContent ?? '').replace(/\\D/g, ''))`;
const FIRST_CATEGORY = `(document.querySelector('input[name=category]') ?? document.querySelector('.planning-panel fieldset:nth-of-type(3) input[type=checkbox]'))`;
// Usable: a category checkbox to click, the street table's rows if the page has one, the map drawn.
const USABLE = `!!${FIRST_CATEGORY} && (!document.querySelector('[data-testid=street-table]') || !!document.querySelector('[data-testid=street-table] tbody tr')) && window.__segnalaPlanning?.firstDrawAtMs !== undefined`;
const USABLE_EMPTY = `!!${FIRST_CATEGORY} && (window.__segnalaPlanning?.draws ?? 0) > 0`;

async function measure(
  page: Page,
  url: string,
  withLayers: boolean,
  withFilter: boolean,
): Promise<PageRun> {
  await page.goto(url);
  const usableMs = await frameWhen(page, withLayers ? USABLE : USABLE_EMPTY);
  let filterMs: number | null = null;
  if (withFilter) {
    await page.waitForTimeout(1500); // what the page does after usable is counted in the long tasks
    const before = await page.evaluate<number>(COUNT);
    const t0 = await page.evaluate<number>(
      `(() => { const box = ${FIRST_CATEGORY}; const t = performance.now(); box.click(); return t; })()`,
    );
    const shown = await frameWhen(
      page,
      `${COUNT} !== ${before} && (window.__segnalaPlanning?.drawnAtMs === undefined || window.__segnalaPlanning.drawnAtMs > ${t0})`,
    );
    // One more frame: the redraw with the new data is on screen.
    const drawn = await page.evaluate<number>(
      'new Promise((r) => requestAnimationFrame(() => r(performance.now())))',
    );
    filterMs = Math.max(shown, drawn) - t0;
  }
  await page.waitForTimeout(SETTLE_MS);
  const tasks = await page.evaluate<{ duration: number }[]>('window.__benchLongTasks ?? []');
  const durations = tasks.map((t) => Math.round(t.duration));
  return {
    usableMs: Math.round(usableMs),
    filterMs: filterMs === null ? null : Math.round(filterMs),
    longestTaskMs: Math.max(0, ...durations),
    tasksOver200: durations.filter((d) => d > 200),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

export interface PlanningBenchResult {
  baseline: PageRun[];
  page: PageRun[];
  summary: Record<string, string | number>[];
}

export async function runPlanningBrowserBench(
  log: (m: string) => void = console.log,
): Promise<PlanningBenchResult> {
  const smtp = await startTestSmtp();
  log('starting the server (production build, embedded database with the demo data)…');
  const server = await startServer(smtp, { healthTimeoutMs: 600_000 });
  const browser = await launchBrowser('it-IT', { width: 1280, height: 800 });
  try {
    await browser.addInitScript(LONGTASK_INIT);
    const page = await browser.newPage();
    await login(page, server.baseUrl, 'planner@seravezza.demo');
    // A first load warms the server's caches and the browser's HTTP cache; not counted.
    await measure(page, `${server.baseUrl}/pianificazione`, true, false);
    const baseline: PageRun[] = [];
    const runs: PageRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      baseline.push(await measure(page, `${server.baseUrl}/pianificazione?layers=`, false, false));
      log(`baseline ${i + 1}: ${JSON.stringify(baseline.at(-1))}`);
      runs.push(await measure(page, `${server.baseUrl}/pianificazione`, true, true));
      log(`page ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
    }
    const row = (name: string, rs: PageRun[]) => ({
      page: name,
      runs: rs.length,
      'usable ms (median)': median(rs.map((r) => r.usableMs)),
      'filter change ms (median)':
        rs[0].filterMs === null ? '–' : median(rs.map((r) => r.filterMs!)),
      'longest task ms (max)': Math.max(...rs.map((r) => r.longestTaskMs)),
      'tasks > 200 ms': rs.map((r) => r.tasksOver200.join('+') || '0').join(' / '),
    });
    const summary = [row('layers off (baseline)', baseline), row('planning (default)', runs)];
    return { baseline, page: runs, summary };
  } finally {
    await browser.close();
    server.stop();
    await smtp.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith('planning-browser.ts')) {
  const result = await runPlanningBrowserBench();
  console.table(result.summary);
  const dir = path.resolve('bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'planning-browser.json'), JSON.stringify(result, null, 2));
  process.exit(0);
}
