// The search panel (webview) in a real VS Code (code-server + headless Chromium), driven through
// its own DOM (webview frames are same-origin, so Playwright reaches into them): the index being
// built, live results, keyboard navigation, opening results, the context basket and the clipboard,
// no results, a search error, the daemon unavailable and Retry, the basket surviving a reload, and
// screenshots in the light and dark themes under test-output/e2e/panel/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { CodeServer, findProcesses, REPO_ROOT } from './support/codeServer';
import { panelFrame, searchFor } from './support/panel';
import { builtVsix } from './support/vsix';
import { Workbench } from './support/workbench';

const STATUS_ID = 'mobius-dev.mobius.index';
const READY = /^Mobius index: ready, \d+ chunks$/;
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output/e2e/panel');
const FIXTURE = path.join(REPO_ROOT, 'test/e2e/fixtures/shop');
/** Generated sources that keep the first index run busy long enough to watch its progress. */
const GENERATED_FILES = 400;
const THEMES = {
  light: { name: 'Default Light Modern', workbenchClass: 'vs', bodyClass: 'vscode-light' },
  dark: { name: 'Default Dark Modern', workbenchClass: 'vs-dark', bodyClass: 'vscode-dark' },
  highContrast: { name: 'Default High Contrast', workbenchClass: 'hc-black', bodyClass: 'vscode-high-contrast' },
} as const;

function options(frame: Frame): Locator {
  return frame.locator('#results [role="option"]');
}

async function selectedOption(frame: Frame): Promise<{ id: string; title: string }> {
  const option = frame.locator('#results [role="option"][aria-selected="true"]');
  await option.waitFor();
  return { id: (await option.getAttribute('id')) ?? '', title: (await option.getAttribute('title')) ?? '' };
}

/** `src/billing/invoice.ts:22–24` → the path and the first line. */
function location(title: string): { path: string; line: number } {
  const match = /^(.+):(\d+)(?:–\d+)?$/.exec(title);
  assert.ok(match, `a result title is path:lines, got "${title}"`);
  return { path: match[1], line: Number(match[2]) };
}

/** Writes a user setting before the workbench opens (it reads the file at start). */
function setUserSetting(server: CodeServer, key: string, value: unknown): void {
  const file = path.join(server.userDataDir, 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  settings[key] = value;
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

/**
 * Picks a colour theme the way a user does (Ctrl+K Ctrl+T, the theme's name, Enter), which sets
 * workbench.colorTheme. The chord, not the palette: the palette ranks the recently used "Browse Color
 * Themes in Marketplace" above "Color Theme".
 */
async function useTheme(workbench: Workbench, theme: keyof typeof THEMES): Promise<void> {
  await workbench.closeQuickInput();
  await workbench.page.keyboard.press('Control+K');
  await workbench.page.keyboard.press('Control+T');
  await workbench.quickInputRows().filter({ hasText: 'Default High Contrast' }).first().waitFor({ timeout: 20_000 });
  await workbench.quickInput().fill(THEMES[theme].name);
  await workbench.quickInputRows().filter({ hasText: THEMES[theme].name }).first().waitFor({ timeout: 20_000 });
  await workbench.quickInput().press('Enter');
  await workbench.page.locator(`.monaco-workbench.${THEMES[theme].workbenchClass}`).waitFor({ timeout: 20_000 });
  await workbench.page.waitForTimeout(500);
}

async function daemonPids(server: CodeServer): Promise<number[]> {
  return (await findProcesses(server.extensionsDir, 'dist/daemon.js', '--node-ipc')).map((p) => p.pid);
}

/** Keeps the extension's output channel and the extension host's log beside the screenshots. */
function keepLogs(logs: string): void {
  if (!fs.existsSync(logs)) return;
  for (const file of fs.readdirSync(logs, { recursive: true, encoding: 'utf8' })) {
    const name = path.basename(file);
    if (name === 'Mobius.log' || name === 'exthost.log') fs.copyFileSync(path.join(logs, file), path.join(OUTPUT_DIR, name));
  }
}

function writeGeneratedSources(root: string): void {
  for (let i = 0; i < GENERATED_FILES; i++) {
    const dir = path.join(root, 'generated', `group${i % 20}`);
    fs.mkdirSync(dir, { recursive: true });
    const body = Array.from({ length: 120 }, (_, k) => `export function step${i}x${k}(input: number): number {\n  return input * ${k + 1} + ${i};\n}\n`).join('\n');
    fs.writeFileSync(path.join(dir, `module${i}.ts`), `// Generated module ${i}.\n${body}`);
  }
}

describe('Mobius search panel in VS Code (code-server + Chromium)', function () {
  let work: string;
  let workspace: string;
  let server: CodeServer;
  let workbench: Workbench;
  let page: Page;

  before(async function () {
    this.timeout(240_000);
    fs.rmSync(OUTPUT_DIR, { recursive: true, force: true });
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-panel-e2e-'));
    workspace = path.join(work, 'shop');
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    writeGeneratedSources(workspace);
    process.env.MOBIUS_HOME = path.join(work, 'mobius-home');
    server = await CodeServer.start({ workDir: work, vsix: builtVsix(), logFile: path.join(OUTPUT_DIR, 'code-server.log') });
    // Headless Chromium prefers a light scheme; the suite starts in VS Code's default dark theme.
    setUserSetting(server, 'workbench.colorTheme', THEMES.dark.name);
    workbench = await Workbench.open(server.workbenchUrl(workspace), path.join(work, 'chromium'), OUTPUT_DIR);
    page = workbench.page;
  });

  after(async function () {
    this.timeout(60_000);
    await workbench?.close();
    await server?.stop();
    keepLogs(path.join(work, 'user-data', 'logs'));
    fs.rmSync(work, { recursive: true, force: true });
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state === 'failed' && workbench) await workbench.screenshot(`failed-${test.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 50)}`);
  });

  it('opens in the activity bar from Search Code and shows the index being built, with progress', async function () {
    this.timeout(120_000);
    // The status item appears when the extension activates: its commands are in the palette by then.
    await workbench.statusItem(STATUS_ID).waitFor({ timeout: 60_000 });
    await workbench.runCommand('Mobius: Search Code');
    const frame = await panelFrame(page, 'view');
    const banner = frame.locator('.index-banner[data-kind="indexing"]');
    await banner.waitFor({ timeout: 30_000 });
    assert.match((await banner.textContent()) ?? '', /Building the index/);
    await workbench.screenshot('panel-index-building');
    await frame.locator('.index-banner').waitFor({ state: 'hidden', timeout: 150_000 });
    await workbench.waitForStatusLabel(STATUS_ID, READY, 60_000);
  });

  it('shows results as you type, with kind, lines, a score bar and the query marked in the preview', async function () {
    this.timeout(60_000);
    const frame = await panelFrame(page, 'view');
    const names = await searchFor(frame, 'invoice total discount', 'computeInvoiceTotal');
    assert.ok(names.includes('applyDiscount') && names.includes('computeInvoiceTotal'), `results: ${names.join(', ')}`);
    assert.ok(await frame.locator('#results .file-header', { hasText: 'invoice.ts' }).count() > 0, 'results are grouped by file');
    assert.ok(await frame.locator('#results [role="option"] .score-fill').count() >= 2);
    assert.match((await frame.locator('.summary').textContent()) ?? '', /\d+ results? in \d+ files? · \d+ ms/);
    const preview = frame.locator('.preview-code');
    await preview.locator('.line').first().waitFor();
    assert.ok(await preview.locator('mark').count() > 0, 'query terms are marked in the preview');
    assert.ok(await preview.locator('[class^="hljs-"]').count() > 0, 'the preview is syntax-highlighted');
    await workbench.screenshot('panel-results-dark');
  });

  it('moves with the keyboard and opens the selected result at its line with Enter', async function () {
    this.timeout(60_000);
    const frame = await panelFrame(page, 'view');
    await frame.locator('#query').press('ArrowDown');
    const first = await selectedOption(frame);
    await frame.locator('#results').press('ArrowDown');
    const second = await selectedOption(frame);
    assert.notEqual(second.id, first.id, 'Down moved the selection');
    assert.equal(await frame.locator('#results').getAttribute('aria-activedescendant'), second.id);
    await frame.locator('#results').press('ArrowUp');
    assert.equal((await selectedOption(frame)).id, first.id, 'Up moved it back');
    await frame.locator('#results').press('ArrowDown');

    const target = location(second.title);
    await frame.locator('#results').press('Enter');
    const fileName = path.basename(target.path);
    await page.locator('.editor-group-container.active .tab.active', { hasText: fileName }).waitFor({ timeout: 20_000 });
    await workbench.waitForCursorLine(target.line);
    await workbench.screenshot('panel-result-opened');
  });

  it('opens a result beside the editor with Ctrl+Enter', async function () {
    this.timeout(60_000);
    const frame = await panelFrame(page, 'view');
    await frame.locator('#results').focus();
    const selected = location((await selectedOption(frame)).title);
    await frame.locator('#results').press('Control+Enter');
    await page.locator('.editor-group-container').nth(1).waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('.editor-group-container').count(), 2, 'a second editor group opened');
    await workbench.waitForCursorLine(selected.line);
    await workbench.runCommand('View: Close All Editor Groups');
  });

  it('adds two results to the basket, counts their tokens and copies the packed Markdown', async function () {
    this.timeout(90_000);
    const frame = await panelFrame(page, 'view');
    await searchFor(frame, 'session refresh discount', 'refreshSession');
    const rows = await Promise.all((await options(frame).all()).map(async (o) => ({ title: (await o.getAttribute('title')) ?? '' })));
    const firstFile = location(rows[0].title).path;
    const secondIndex = rows.findIndex((r) => location(r.title).path !== firstFile);
    assert.ok(secondIndex > 0, `results from two files: ${rows.map((r) => r.title).join(', ')}`);

    await frame.locator('#query').press('ArrowDown');
    await frame.locator('#results').press('Home');
    await frame.locator('#results').press('Space');
    for (let i = 0; i < secondIndex; i++) await frame.locator('#results').press('ArrowDown');
    await frame.locator('#results').press('Space');

    const items = frame.locator('.basket-item');
    await items.nth(1).waitFor({ timeout: 10_000 });
    assert.equal(await items.count(), 2);
    // The daemon's exact count of the packed basket replaces the running estimate ("≈").
    const meter = frame.locator('.meter-text');
    await meter.filter({ hasText: /^[1-9][\d,]* \/ 8,000 tokens$/ }).waitFor({ timeout: 60_000 });
    const meterTokens = Number(((await meter.textContent()) ?? '').split(' / ')[0].replace(/,/g, ''));
    assert.ok(meterTokens > 0);

    await frame.getByRole('button', { name: 'Copy context' }).click();
    const status = frame.locator('.basket-status', { hasText: /Copied 2 spans/ });
    await status.waitFor({ timeout: 20_000 });
    const copiedTokens = Number(/\(([\d,]+) tokens\)/.exec((await status.textContent()) ?? '')![1].replace(/,/g, ''));
    assert.equal(copiedTokens, meterTokens, 'the basket shows the tokens that are copied');
    const markdown = await workbench.readClipboard();
    fs.writeFileSync(path.join(OUTPUT_DIR, 'basket-clipboard.md'), markdown);
    assert.ok(markdown.includes(`\`${firstFile}\``), `clipboard names ${firstFile}:\n${markdown}`);
    assert.ok(markdown.includes(`\`${location(rows[secondIndex].title).path}\``), `clipboard names the second file:\n${markdown}`);
    assert.match(markdown, /```ts\n/);
    await workbench.screenshot('panel-basket-copied-dark');
  });

  it('adds the editor\'s selection to the basket, and removes it again', async function () {
    this.timeout(60_000);
    let frame = await panelFrame(page, 'view');
    // The Session interface (session.ts:1–5) is a result that no span in the basket covers.
    await options(frame).filter({ has: frame.locator('.row-name', { hasText: /^Session$/ }) }).click();
    const target = location((await selectedOption(frame)).title);
    await frame.locator('#results').press('Enter');
    await workbench.waitForCursorLine(target.line);
    for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+ArrowDown');
    frame = await panelFrame(page, 'view');
    await frame.getByRole('button', { name: 'Add selection' }).click();
    const added = frame.locator('.basket-item', { hasText: `Selection in ${path.basename(target.path)}` });
    await added.waitFor({ timeout: 10_000 });
    assert.match((await added.textContent()) ?? '', new RegExp(`${target.path}:${target.line}–${target.line + 1}`));
    assert.equal(await frame.locator('.basket-item').count(), 3);
    await workbench.screenshot('panel-selection-added');
    await added.getByRole('button', { name: /^Remove Selection in/ }).click();
    await added.waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(await frame.locator('.basket-item').count(), 2);
  });

  it('says there are no results, with a hint, and shows a failed search as a message without a stack', async function () {
    this.timeout(60_000);
    const frame = await panelFrame(page, 'view');
    await frame.locator('#query').fill('zebra quokka narwhal');
    const none = frame.locator('.message[data-kind="no-results"]');
    await none.waitFor({ timeout: 20_000 });
    assert.match((await none.textContent()) ?? '', /No results for “zebra quokka narwhal”.*Try fewer or other words/s);
    await workbench.screenshot('panel-no-results');

    // The daemon refuses a path glob longer than its matcher accepts: a real error from the daemon.
    await frame.locator('#query').fill('invoice');
    if (await frame.locator('#filters').isHidden()) await frame.locator('button[aria-controls="filters"]').click();
    await frame.locator('#filter-path').fill('*'.repeat(70_000));
    const error = frame.locator('.message[data-kind="error"] .callout');
    await error.waitFor({ timeout: 20_000 });
    const text = (await error.textContent()) ?? '';
    assert.match(text, /The search failed\..*exceeds maximum allowed length/s);
    assert.doesNotMatch(text, /\n\s+at /, 'no stack trace');
    await workbench.screenshot('panel-search-error');
    await frame.locator('#filter-path').fill('');
    await options(frame).first().waitFor({ timeout: 20_000 });
  });

  it('shows the daemon as unavailable when it stops for good, and Retry brings search back', async function () {
    this.timeout(180_000);
    const killed = new Set<number>();
    // The client restarts a crashed daemon four times in three minutes; the fifth crash is final.
    for (let crash = 1; crash <= 5; crash++) {
      const deadline = Date.now() + 60_000;
      let pid: number | undefined;
      while (Date.now() < deadline && pid === undefined) {
        pid = (await daemonPids(server)).find((p) => !killed.has(p));
        if (pid === undefined) await page.waitForTimeout(250);
      }
      assert.ok(pid !== undefined, `a daemon is running before crash ${crash}`);
      process.kill(pid, 'SIGKILL');
      killed.add(pid);
      await page.waitForTimeout(1500);
    }
    const frame = await panelFrame(page, 'view');
    const unavailable = frame.locator('.message[data-kind="unavailable"]');
    await unavailable.waitFor({ timeout: 30_000 });
    assert.match((await unavailable.textContent()) ?? '', /The Mobius daemon is not running/);
    await workbench.screenshot('panel-daemon-unavailable');

    await unavailable.getByRole('button', { name: 'Retry' }).click();
    await options(frame).first().waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('.message[data-kind="unavailable"]').count(), 0);
    await workbench.waitForStatusLabel(STATUS_ID, READY, 90_000);
  });

  it('looks at home in the light, dark and high-contrast themes, in the side bar and in an editor tab', async function () {
    this.timeout(120_000);
    let frame = await panelFrame(page, 'view');
    await searchFor(frame, 'refresh session', 'refreshSession');
    await frame.locator('#query').press('ArrowDown');
    await workbench.clearNotifications();
    for (const theme of ['light', 'highContrast', 'dark'] as const) {
      await useTheme(workbench, theme);
      const body = await frame.evaluate(() => document.body.className);
      assert.ok(body.split(' ').includes(THEMES[theme].bodyClass), `the panel follows the ${theme} theme (body class "${body}")`);
      await workbench.screenshot(`panel-view-${theme}`);
    }

    await workbench.runCommand('Mobius: Open Search in Editor');
    frame = await panelFrame(page, 'editor');
    await searchFor(frame, 'retry backoff', 'retryWithBackoff');
    await frame.locator('#query').press('ArrowDown');
    assert.equal(await frame.locator('.basket-item').count(), 2, 'the editor tab shares the basket');
    for (const theme of ['dark', 'light'] as const) {
      await useTheme(workbench, theme);
      await workbench.screenshot(`panel-editor-${theme}`);
    }
  });

  it('keeps the basket and the query when the window reloads', async function () {
    this.timeout(120_000);
    await workbench.runCommand('Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const frame = await panelFrame(page, 'editor', 60_000);
    await frame.locator('.basket-item').nth(1).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('.basket-item').count(), 2);
    assert.equal(await frame.locator('#query').inputValue(), 'retry backoff');
    await options(frame).first().waitFor({ timeout: 60_000 });
    await workbench.screenshot('panel-after-reload');
  });
});
