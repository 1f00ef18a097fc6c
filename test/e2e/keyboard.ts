/// <reference lib="dom" />
// Keyboard-only helpers: move focus with Tab (as a user would) until the wanted element has it.
import type { Page } from 'playwright-core';

export async function tabTo(page: Page, selector: string, maxTabs = 80): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    const focused = await page.evaluate((sel) => {
      const el = document.activeElement;
      return Boolean(el && el.matches(sel));
    }, selector);
    if (focused) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Focus is visible: the focused element has an outline or box-shadow drawn by :focus-visible. */
export async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return false;
    const style = getComputedStyle(el);
    return (
      (style.outlineStyle !== 'none' && style.outlineWidth !== '0px') || style.boxShadow !== 'none'
    );
  });
}
