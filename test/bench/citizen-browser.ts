/// <reference lib="dom" />
// Page weight and time to usable of the citizen pages on a cheap phone (issue 14, "Speed"):
//   npm run build && npx tsx test/bench/citizen-browser.ts      (or BENCH_URL=http://… for a running server)
// Debian's Chromium (the e2e flags), a 390×844 viewport, 4× CPU slowdown and DevTools' "Fast 3G"
// (562.5 ms latency, 180 KiB/s down, 84 KiB/s up) through CDP, a cold cache every run. For each page:
// the JavaScript over the wire (the bytes received for script responses, with their content-encoding)
// and the time from navigation start until the page is usable:
//   - report page /segnala: the map drawn (`.map[data-drawn]`, a frame with the comune's streets) and the
//     first field (#street-search) focusable;
//   - tracking page /segnalazioni/{code}: the heading with the code and the map drawn;
//   - baseline, in the same run and under the same throttling: the server's HTML 404 page (no script),
//     the floor that the network and CPU emulation alone give.
// BENCH_RUNS (default 5) runs per page; the median and the worst are printed and written to
// bench-results/citizen-browser.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, startServer } from '../e2e/harness.js';
import { startTestSmtp } from '../helpers/smtp.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PHONE = { width: 390, height: 844 };
const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};
const CPU_SLOWDOWN = 4;
/** Issue 14's budget. */
const BUDGET = { reportJsKiB: 250, reportMs: 3000, trackingMs: 2000 };

interface Sample {
  ms: number;
  jsBytes: number;
  scripts: number;
  encodings: string[];
}

async function measure(browser: Browser, url: string, usable: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'it-IT' });
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const scripts = new Map<string, string>();
  let jsBytes = 0;
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script')
      scripts.set(
        e.requestId,
        String(
          e.response.headers['content-encoding'] ??
            e.response.headers['Content-Encoding'] ??
            'none',
        ),
      );
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (scripts.has(e.requestId)) jsBytes += e.encodedDataLength;
  });
  try {
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    // Measured in the page, from its navigation start (performance.now()), when the condition holds.
    const handle = await page.waitForFunction(usable, undefined, { polling: 50, timeout: 120_000 });
    const ms = (await handle.jsonValue()) as number;
    // Scripts still arriving after "usable" (a lazy chunk) count too: wait for the network to settle.
    await page.waitForLoadState('networkidle', { timeout: 60_000 }).catch(() => undefined);
    return { ms, jsBytes, scripts: scripts.size, encodings: [...new Set(scripts.values())] };
  } finally {
    await context.close();
  }
}

const REPORT_USABLE = `(() => {
  if (!document.querySelector('.map[data-drawn]')) return false;
  const field = document.getElementById('street-search');
  if (!field) return false;
  field.focus();
  return document.activeElement === field ? performance.now() : false;
})()`;
const trackingUsable = (code: string) => `(() => {
  const h = document.querySelector('h1');
  if (!h || !h.textContent.includes(${JSON.stringify(code)})) return false;
  return document.querySelector('.map[data-drawn]') ? performance.now() : false;
})()`;
const BASELINE_USABLE = `(() => document.querySelector('h1') ? performance.now() : false)()`;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  let stop = () => {};
  let baseUrl = process.env.BENCH_URL;
  if (!baseUrl) {
    const smtp = await startTestSmtp();
    const server = await startServer(smtp, { healthTimeoutMs: 600_000 });
    baseUrl = server.baseUrl;
    stop = () => {
      server.stop();
      void smtp.close();
    };
  }
  try {
    const list = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ tickets(first: 1) { edges { node { code } } } }' }),
    });
    const code = (
      (await list.json()) as { data: { tickets: { edges: { node: { code: string } }[] } } }
    ).data.tickets.edges[0]?.node.code;
    if (!code) throw new Error('no report to track');
    const pages = [
      {
        name: 'baseline (HTML 404, no script)',
        url: `${baseUrl}/segnala/non-esiste`,
        usable: BASELINE_USABLE,
      },
      { name: 'report /segnala', url: `${baseUrl}/segnala`, usable: REPORT_USABLE },
      {
        name: `tracking /segnalazioni/${code}`,
        url: `${baseUrl}/segnalazioni/${code}`,
        usable: trackingUsable(code),
      },
    ];
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
    const results: Record<string, Sample[]> = {};
    try {
      // Interleaved (baseline, report, tracking, baseline, …) so a busy moment of the machine weighs
      // on all three alike.
      for (let run = 0; run < RUNS; run++)
        for (const p of pages)
          (results[p.name] ??= []).push(await measure(browser, p.url, p.usable));
    } finally {
      await browser.close();
    }
    const summary = pages.map((p) => {
      const samples = results[p.name];
      return {
        page: p.name,
        runs: samples.length,
        medianMs: Math.round(median(samples.map((s) => s.ms))),
        worstMs: Math.round(Math.max(...samples.map((s) => s.ms))),
        jsKiB: Math.round((median(samples.map((s) => s.jsBytes)) / 1024) * 10) / 10,
        scripts: samples[0].scripts,
        encodings: samples[0].encodings.join(','),
      };
    });
    console.table(summary);
    const [, report, tracking] = summary;
    const verdict = {
      reportJs: report.jsKiB <= BUDGET.reportJsKiB,
      reportUsable: report.medianMs < BUDGET.reportMs,
      trackingUsable: tracking.medianMs < BUDGET.trackingMs,
      scriptsBrotli: summary.every((s) => !s.encodings || s.encodings === 'br'),
    };
    console.log('budget', BUDGET, 'met', verdict);
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(
      path.join('bench-results', 'citizen-browser.json'),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          cpuSlowdown: CPU_SLOWDOWN,
          network: FAST_3G,
          viewport: PHONE,
          summary,
          verdict,
          samples: results,
        },
        null,
        2,
      ),
    );
  } finally {
    stop();
  }
}

await main();
