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
/** Further pages measured like the default one, e.g. PLANNING_BENCH_PAGES='?layers=heat;?layers=points'. */
const EXTRA_PAGES = (process.env.PLANNING_BENCH_PAGES ?? '').split(';').filter(Boolean);
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

// PLANNING_BENCH_PROBE=1: which WebGL calls block the main thread (> 50 ms each), by name, summed.
const WEBGL_PROBE = `
  window.__benchSlowGl = {};
  for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype]) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (!d || typeof d.value !== 'function') continue;
      const f = d.value;
      proto[name] = function (...args) {
        const t = performance.now();
        const r = f.apply(this, args);
        const dt = performance.now() - t;
        if (dt > 50) {
          const e = (window.__benchSlowGl[name] ??= { calls: 0, ms: 0 });
          e.calls += 1;
          e.ms += Math.round(dt);
        }
        return r;
      };
    }
  }
`;

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** PLANNING_BENCH_PROFILE=1: the functions with the most self time, and the top bundle frames by total. */
function printProfile(url: string, profile: CpuProfile): void {
  const self = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)),
  );
  const byName = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(n.id) ?? 0) / 1000);
  }
  const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(
    `${url} self time (ms):\n${top.map(([k, v]) => `  ${Math.round(v)}  ${k}`).join('\n')}`,
  );
}

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
  const cdp = process.env.PLANNING_BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
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
  if (cdp) printProfile(url, (await cdp.send('Profiler.stop')).profile);
  const tasks = await page.evaluate<{ duration: number }[]>('window.__benchLongTasks ?? []');
  const durations = tasks.map((t) => Math.round(t.duration));
  if (process.env.PLANNING_BENCH_PROBE)
    console.log(
      url,
      'slow WebGL calls',
      await page.evaluate('JSON.stringify(window.__benchSlowGl)'),
    );
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
    if (process.env.PLANNING_BENCH_PROBE) await browser.addInitScript(WEBGL_PROBE);
    const page = await browser.newPage();
    await login(page, server.baseUrl, 'planner@seravezza.demo');
    const gl = await page.evaluate<string>(`(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return 'no WebGL2';
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      return (info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER)) +
        '; KHR_parallel_shader_compile: ' + !!gl.getExtension('KHR_parallel_shader_compile');
    })()`);
    log(`WebGL: ${gl}`);
    // A first load warms the server's caches and the browser's HTTP cache; not counted.
    await measure(page, `${server.baseUrl}/pianificazione`, true, false);
    const baseline: PageRun[] = [];
    const runs: PageRun[] = [];
    const extra = EXTRA_PAGES.map(() => [] as PageRun[]);
    for (let i = 0; i < RUNS; i++) {
      baseline.push(await measure(page, `${server.baseUrl}/pianificazione?layers=`, false, false));
      log(`baseline ${i + 1}: ${JSON.stringify(baseline.at(-1))}`);
      runs.push(await measure(page, `${server.baseUrl}/pianificazione`, true, true));
      log(`page ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
      for (const [j, q] of EXTRA_PAGES.entries()) {
        extra[j].push(await measure(page, `${server.baseUrl}/pianificazione${q}`, true, true));
        log(`${q} ${i + 1}: ${JSON.stringify(extra[j].at(-1))}`);
      }
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
    const summary = [
      row('layers off (baseline)', baseline),
      row('planning (default)', runs),
      ...EXTRA_PAGES.map((q, j) => row(q, extra[j])),
    ];
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
