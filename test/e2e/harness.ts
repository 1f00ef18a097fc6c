/// <reference lib="dom" />
// Shared e2e harness: the real server (the production build, dist/server/main.js) on a fresh embedded database with the
// demo data, a real SMTP server, and Debian's Chromium driven by playwright-core. Started once per run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOT_DIR = path.resolve('test-results', 'screenshots');
/** The server's pid, for the global teardown: the test worker is killed without running 'exit' handlers. */
export const SERVER_PID_FILE = path.resolve('test-results', 'e2e-server.pid');

export interface Harness {
  baseUrl: string;
  smtp: TestSmtp;
  browser: BrowserContext;
  serverLog: string[];
  newPage(locale?: 'it' | 'en'): Promise<Page>;
}

let harness: Promise<Harness> | null = null;
let child: ChildProcess | null = null;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitHealthy(
  url: string,
  log: string[],
  server: ChildProcess,
  timeoutMs = 150_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`Server exited:\n${log.join('')}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Server not healthy after ${timeoutMs} ms:\n${log.join('')}`);
}

export interface ServerOptions {
  /** ISTAT codes onboarded with `comune:add` (dist/seeds/comune-cli.js) before the server first starts. */
  comuni?: string[];
  /** How long the first start (migrations and demo seed on the embedded database) may take. */
  healthTimeoutMs?: number;
}

export interface E2eServer {
  baseUrl: string;
  serverLog: string[];
  child: ChildProcess;
  stop(): void;
}

/**
 * A server of its own on a fresh embedded database with the demo data (the shared harness starts one;
 * a file that needs other comuni starts another, so the shared server keeps one comune and its root page).
 */
export async function startServer(smtp: TestSmtp, options: ServerOptions = {}): Promise<E2eServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'segnala-e2e-'));
  // E2E_DATA_TEMPLATE: the SEGNALA_DATA_DIR of an earlier, stopped server with the demo data, copied
  // instead of seeding again (a first start takes minutes on a busy machine); only for the shared server.
  const template = options.comuni?.length ? undefined : process.env.E2E_DATA_TEMPLATE;
  if (template) cpSync(template, dataDir, { recursive: true });
  const baseUrl = `http://127.0.0.1:${port}`;
  const serverLog: string[] = [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SEGNALA_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SMTP_URL: smtp.url,
    PUBLIC_URL: baseUrl,
    LOG_LEVEL: 'warn',
    // The privacy e2e asks for two pages of data-copy requests (20 a page) from this one address.
    RATE_PRIVACY_REQUESTS_PER_HOUR_ADDRESS: '100',
    // Every browser test files its reports from 127.0.0.1 into the one shared server, well over the
    // 10 an hour a real address may send; the limits themselves are tested in the integration tests.
    RATE_REPORTS_PER_HOUR_ADDRESS: '1000',
    RATE_REPORTS_PER_HOUR_EMAIL: '100',
  };
  delete env.DATABASE_URL; // always a fresh embedded database with the demo data
  // E2E_SERVER_ROOT lets a run use another checkout of the server (e.g. a clean export of HEAD).
  const cwd = process.env.E2E_SERVER_ROOT ?? process.cwd();
  for (const istat of options.comuni ?? []) {
    // The embedded database is one process at a time: the comuni go in before the server opens it.
    const added = spawnSync(process.execPath, ['dist/seeds/comune-cli.js', 'add', istat], {
      cwd,
      env,
      encoding: 'utf8',
    });
    if (added.status !== 0)
      throw new Error(`comune:add ${istat} failed:\n${added.stdout}${added.stderr}`);
  }
  const server = spawn(process.execPath, ['dist/server/main.js'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d: Buffer) => serverLog.push(d.toString()));
  server.stderr?.on('data', (d: Buffer) => serverLog.push(d.toString()));
  process.once('exit', () => server.kill('SIGKILL'));
  await waitHealthy(baseUrl, serverLog, server, options.healthTimeoutMs);
  return { baseUrl, serverLog, child: server, stop: () => void server.kill('SIGTERM') };
}

/** Debian's Chromium (never a downloaded one), headless, with a fresh profile (a phone's viewport if given). */
export async function launchBrowser(
  lang?: 'it-IT' | 'en-US',
  viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'segnala-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    // --lang: the browser's own controls (the file picker's "Scegli file") in that language.
    args: lang ? [...CHROMIUM_ARGS, `--lang=${lang}`] : CHROMIUM_ARGS,
    ...(lang ? { locale: lang } : {}),
    headless: true,
    viewport,
    acceptDownloads: true,
  });
}

async function start(): Promise<Harness> {
  const smtp = await startTestSmtp();
  const server = await startServer(smtp);
  child = server.child;
  mkdirSync(path.dirname(SERVER_PID_FILE), { recursive: true });
  writeFileSync(SERVER_PID_FILE, String(child.pid));
  const { baseUrl, serverLog } = server;

  const browser = await launchBrowser();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    baseUrl,
    smtp,
    browser,
    serverLog,
    async newPage(locale = 'it') {
      await browser.clearCookies(); // every journey starts anonymous
      const page = await browser.newPage();
      await page.goto(`${baseUrl}/favicon.svg`);
      await page.evaluate((l) => localStorage.setItem('segnala.locale', l), locale);
      return page;
    },
  };
}

export function getHarness(): Promise<Harness> {
  harness ??= start();
  return harness;
}

export async function screenshot(
  page: Page,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<string> {
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

export function saveText(name: string, text: string): void {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(path.join(SCREENSHOT_DIR, name), text);
}
