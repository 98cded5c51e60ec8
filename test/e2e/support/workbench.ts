// Drives the VS Code workbench in headless Chromium the way a user would: the command palette,
// quick inputs, the editor, the status bar and notifications.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export class Workbench {
  private step = 0;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  /** Opens the workbench at `url` in a fresh Chromium profile that may use the clipboard. */
  static async open(url: string, profileDir: string, screenshotDir: string): Promise<Workbench> {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/setup-e2e.sh first.`);
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_FLAGS,
      headless: true,
      viewport: { width: 1400, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    fs.mkdirSync(screenshotDir, { recursive: true });
    return new Workbench(context, page, screenshotDir);
  }

  /** Saves `NN-name.png` in the screenshot folder and returns its path. */
  async screenshot(name: string): Promise<string> {
    this.step++;
    const file = path.join(this.screenshotDir, `${String(this.step).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Runs a command from the palette by its title (F1, type, wait for the row, Enter). */
  async runCommand(title: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.quickInput();
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 30_000 });
    await this.page.waitForTimeout(150);
    await input.press('Enter');
  }

  /**
   * Opens Mobius: Quick Search and waits until its own picker shows: text typed before that lands
   * in the closing command palette, and the picker then never hears of it.
   */
  async openQuickSearch(): Promise<void> {
    await this.runCommand('Mobius: Quick Search');
    await this.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Mobius: Search Code' }).waitFor({ timeout: 20_000 });
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  quickInputRows(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  }

  async closeQuickInput(): Promise<void> {
    if (await this.page.locator('.quick-input-widget').isVisible()) await this.page.keyboard.press('Escape');
  }

  /** The status bar item contributed by an extension, by its id. */
  statusItem(id: string): Locator {
    return this.page.locator(`.statusbar-item[id="${id}"]`);
  }

  /** Polls the item's accessible label until it matches; returns it and every distinct label seen on the way. */
  async waitForStatusLabel(id: string, pattern: RegExp, timeoutMs: number, onNewLabel?: (label: string) => void): Promise<{ label: string; seen: string[] }> {
    const item = this.statusItem(id);
    const deadline = Date.now() + timeoutMs;
    const seen: string[] = [];
    let label = '';
    while (Date.now() < deadline) {
      label = (await item.getAttribute('aria-label').catch(() => null)) ?? '';
      if (label && seen.at(-1) !== label) {
        seen.push(label);
        onNewLabel?.(label);
      }
      if (pattern.test(label)) return { label, seen };
      await this.page.waitForTimeout(100);
    }
    throw new Error(`Status item ${id} never matched ${pattern}; labels seen: ${JSON.stringify(seen)}.`);
  }

  /** Title of the active editor tab. */
  async activeTabTitle(): Promise<string> {
    return (await this.page.locator('.editor-group-container.active .tab.active .label-name').first().textContent())?.trim() ?? '';
  }

  async activeTabIsDirty(): Promise<boolean> {
    return (await this.page.locator('.editor-group-container.active .tab.active.dirty').count()) > 0;
  }

  /** 1-based cursor line and column, from the "Ln 12, Col 3" status item. */
  async cursorPosition(): Promise<{ line: number; column: number }> {
    const text = (await this.page.locator('[id="status.editor.selection"]').textContent()) ?? '';
    const match = /Ln (\d+), Col (\d+)/.exec(text);
    if (!match) throw new Error(`No cursor position in the status bar ("${text}").`);
    return { line: Number(match[1]), column: Number(match[2]) };
  }

  async waitForCursorLine(line: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = { line: 0, column: 0 };
    while (Date.now() < deadline) {
      last = await this.cursorPosition().catch(() => last);
      if (last.line === line) return;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`The cursor never reached line ${line}; it is at ${last.line}:${last.column}.`);
  }

  /** Types text literally at the end of the active editor (no key bindings, no auto-closing). */
  async typeAtEndOfEditor(text: string): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+End');
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
      await this.page.keyboard.insertText(line);
      if (i < lines.length - 1) await this.page.keyboard.press('Enter');
    }
  }

  /** A notification toast whose text matches. */
  notification(pattern: RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: pattern });
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  async readClipboard(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
