/// <reference lib="dom" />
// axe-core in the page: WCAG 2.0/2.1 A and AA rules. Returns what axe found on which page: the serious
// and critical violations, and the ids of the rules that passed (so a caller can tell that axe really
// examined the page, not an empty or wrong one).
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { saveText, screenshot } from './harness.js';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export interface AxeAudit {
  /** The page axe examined, as axe reports it. */
  url: string;
  /** Serious and critical violations only. */
  serious: AxeViolation[];
  /** Ids of the rules that found nodes and passed them. */
  passed: string[];
}

export async function axeAudit(page: Page): Promise<AxeAudit> {
  await page.addScriptTag({ path: AXE_PATH });
  const audit = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: unknown,
          ) => Promise<{
            url: string;
            passes: { id: string }[];
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: string[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return {
      url: result.url,
      passed: result.passes.map((p) => p.id),
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      })),
    };
  });
  return {
    url: audit.url,
    passed: audit.passed,
    serious: audit.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
  };
}

/** Rules that apply to every page we serve: seeing them pass shows axe examined a real page. */
export const EVERY_PAGE_RULES = ['html-has-lang', 'html-lang-valid', 'document-title'];

export interface CheckOptions {
  /** How long to wait for the `ready` selector. */
  timeout?: number;
  /** false: only the viewport in the screenshot (a long list), instead of the whole page. */
  fullPage?: boolean;
}

/**
 * The page once `ready` is there: in the language asked for, a screenshot `name`.png, and axe with no
 * serious or critical violation (the violations also saved as `name`.axe.json).
 */
export async function checkPage(
  page: Page,
  locale: 'it' | 'en',
  name: string,
  ready: string,
  { timeout = 30_000, fullPage = true }: CheckOptions = {},
): Promise<void> {
  await page.locator(ready).first().waitFor({ state: 'attached', timeout });
  await page.waitForTimeout(800);
  expect(await page.evaluate(() => document.documentElement.lang), name).toBe(locale);
  await screenshot(page, name, { fullPage });
  const audit = await axeAudit(page);
  if (audit.serious.length) saveText(`${name}.axe.json`, JSON.stringify(audit.serious, null, 2));
  expect(audit.url, name).toBe(page.url());
  expect(audit.passed, name).toEqual(expect.arrayContaining(EVERY_PAGE_RULES));
  expect(audit.serious, `${name}: ${JSON.stringify(audit.serious)}`).toEqual([]);
}
