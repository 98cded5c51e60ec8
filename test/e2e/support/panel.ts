// The search panel as the e2e tests reach it: its page inside a webview frame, and searching it.
import type { Frame, Page } from 'playwright-core';

/** The panel's page inside a webview: the activity-bar view is narrow, the editor tab wide. */
export async function panelFrame(page: Page, where: 'view' | 'editor', timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const width = await frame.evaluate(() => (document.querySelector('main#app.panel') ? window.innerWidth : 0)).catch(() => 0);
      if (width > 0 && (where === 'editor') === width >= 700) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`No search panel (${where}) appeared within ${timeoutMs} ms.`);
}

/** Waits until the results answer `query` (the summary follows the latest answer) and returns their names. */
export async function searchFor(frame: Frame, query: string, expected: string): Promise<string[]> {
  await frame.locator('#query').fill(query);
  await frame.locator('#results .row-name', { hasText: new RegExp(`^${expected}$`) }).first().waitFor({ timeout: 20_000 });
  await frame.locator('.search-form .busy.is-busy').waitFor({ state: 'detached', timeout: 20_000 }).catch(() => undefined);
  return frame.locator('#results .row-name').allTextContents();
}
