// The extension in a real VS Code (code-server 4.100.3, VS Code 1.100) driven through its UI by
// headless Chromium: install the .vsix, open a workspace, index, search, edit without saving,
// copy context, survive a daemon crash. Screenshots of every step go to test-output/e2e/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeServer, findProcesses, REPO_ROOT } from './support/codeServer';
import { builtVsix } from './support/vsix';
import { Workbench } from './support/workbench';

const STATUS_ID = 'mobius-dev.mobius.index';
const READY = /^Mobius index: ready, (\d+) chunks$/;
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output/e2e');
const FIXTURE = path.join(REPO_ROOT, 'test/e2e/fixtures/shop');
/** Extra generated modules, so the first index lasts long enough to watch its progress. */
const GENERATED_MODULES = 400;

function addGeneratedModules(root: string): void {
  const dir = path.join(root, 'src/generated');
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < GENERATED_MODULES; i++) {
    const body = Array.from({ length: 12 }, (_, j) => `export function generatedModule${i}Step${j}(value: number): number {\n  return value * ${j + 1} + ${i};\n}\n`).join('\n');
    fs.writeFileSync(path.join(dir, `module${i}.ts`), body);
  }
}

/** 1-based line of the first line of `file` that contains `text`. */
function lineOf(file: string, text: string): number {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(index >= 0, `${text} not found in ${file}`);
  return index + 1;
}

describe('Mobius extension in VS Code (code-server + Chromium)', function () {
  let work: string;
  let workspace: string;
  let server: CodeServer;
  let workbench: Workbench;

  before(async function () {
    this.timeout(240_000);
    fs.rmSync(OUTPUT_DIR, { recursive: true, force: true });
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-e2e-'));
    workspace = path.join(work, 'shop');
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    addGeneratedModules(workspace);
    process.env.MOBIUS_HOME = path.join(work, 'mobius-home');
    server = await CodeServer.start({ workDir: work, vsix: builtVsix(), logFile: path.join(OUTPUT_DIR, 'code-server.log') });
    workbench = await Workbench.open(server.workbenchUrl(workspace), path.join(work, 'chromium'), OUTPUT_DIR);
  });

  after(async function () {
    this.timeout(60_000);
    await workbench?.close();
    await server?.stop();
    copyExtensionLogs(work);
    fs.rmSync(work, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await workbench.screenshot(`failed-${slug(this.currentTest.title)}`);
  });

  it('shows indexing progress, then the chunk count, in the status bar', async function () {
    this.timeout(180_000);
    const progress = /^Mobius index: indexing \d+\/\d+ files$/;
    let shot: Promise<string> | undefined;
    const { label, seen } = await workbench.waitForStatusLabel(STATUS_ID, READY, 150_000, (l) => {
      if (progress.test(l)) shot ??= workbench.screenshot('indexing-progress');
    });
    await shot;
    assert.ok(seen.some((l) => progress.test(l)), `progress shown while indexing: ${JSON.stringify(seen)}`);
    const chunks = Number(READY.exec(label)![1]);
    assert.ok(chunks >= GENERATED_MODULES * 12, `every generated function is a chunk, the status says ${chunks}`);
    const text = await workbench.statusItem(STATUS_ID).textContent();
    assert.match(text ?? '', /Mobius [\d,]+ chunks/);
    await workbench.screenshot('index-ready');
  });

  it('Quick Search shows live results and opens the chosen one at its line', async function () {
    this.timeout(120_000);
    await workbench.openQuickSearch();
    await workbench.quickInput().fill('apply discount percent');
    const row = workbench.quickInputRows().filter({ hasText: 'applyDiscount' }).first();
    await row.waitFor({ timeout: 20_000 });
    assert.match((await row.textContent()) ?? '', /src\/billing\/invoice\.ts:\d+/);
    await workbench.screenshot('search-results');
    await row.click();
    await workbench.page.locator('.editor-group-container.active .tab.active', { hasText: 'invoice.ts' }).waitFor({ timeout: 20_000 });
    assert.equal(await workbench.activeTabTitle(), 'invoice.ts');
    await workbench.waitForCursorLine(lineOf(path.join(workspace, 'src/billing/invoice.ts'), 'export function applyDiscount'));
    await workbench.screenshot('search-result-opened');
  });

  it('finds a function typed into the open file without saving', async function () {
    this.timeout(120_000);
    const file = path.join(workspace, 'src/billing/invoice.ts');
    const onDisk = fs.readFileSync(file, 'utf8');
    await workbench.typeAtEndOfEditor('\nexport function calculateLoyaltyPoints(totalCents: number): number {\n  return Math.floor(totalCents / 1000);\n}');
    assert.ok(await workbench.activeTabIsDirty(), 'the edit is unsaved');
    assert.equal(fs.readFileSync(file, 'utf8'), onDisk, 'nothing was written to disk');
    const newLine = onDisk.split('\n').length + 1;

    await workbench.openQuickSearch();
    await workbench.quickInput().fill('calculateLoyaltyPoints');
    const row = workbench.quickInputRows().filter({ hasText: 'calculateLoyaltyPoints' }).first();
    await row.waitFor({ timeout: 20_000 });
    assert.match((await row.textContent()) ?? '', new RegExp(`src/billing/invoice\\.ts:${newLine}`));
    await workbench.screenshot('unsaved-function-found');
    await workbench.quickInput().press('Enter');
    await workbench.waitForCursorLine(newLine);
  });

  it('Copy Context for Prompt puts Markdown with the matching files on the clipboard', async function () {
    this.timeout(120_000);
    await workbench.runCommand('Mobius: Copy Context for Prompt');
    await workbench.page.locator('.quick-input-widget', { hasText: 'What is the prompt about?' }).waitFor({ timeout: 20_000 });
    await workbench.quickInput().fill('invoice total with discount and session refresh');
    await workbench.quickInput().press('Enter');
    const toast = workbench.notification(/Mobius: copied \d+ chunks? \([\d,]+ of [\d,]+ tokens\)/);
    await toast.waitFor({ timeout: 30_000 });
    await workbench.screenshot('context-copied');
    const markdown = await workbench.readClipboard();
    assert.ok(markdown.includes('src/billing/invoice.ts'), `clipboard:\n${markdown.slice(0, 500)}`);
    assert.ok(markdown.includes('src/auth/session.ts'), `clipboard:\n${markdown.slice(0, 500)}`);
    assert.match(markdown, /```/, 'code blocks in the Markdown');
    fs.writeFileSync(path.join(OUTPUT_DIR, 'clipboard.md'), markdown);
  });

  it('restarts the daemon after it is killed, and search works again with the unsaved edit', async function () {
    this.timeout(180_000);
    const daemons = await findProcesses(server.extensionsDir, 'dist/daemon.js', '--node-ipc');
    assert.equal(daemons.length, 1, `one daemon runs: ${JSON.stringify(daemons)}`);
    const killed = daemons[0].pid;
    const readyBefore = await workbench.statusItem(STATUS_ID).getAttribute('aria-label');
    process.kill(killed, 'SIGKILL');

    const deadline = Date.now() + 60_000;
    let restarted: { pid: number }[] = [];
    while (Date.now() < deadline) {
      restarted = (await findProcesses(server.extensionsDir, 'dist/daemon.js', '--node-ipc')).filter((p) => p.pid !== killed);
      if (restarted.length > 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(restarted.length, 1, 'a new daemon process started');
    // The item still says ready from before the kill until the extension notices: wait for the
    // restart to show, then for the new daemon to be ready.
    await workbench.waitForStatusLabel(STATUS_ID, new RegExp(`^(?!${escapeRegExp(readyBefore ?? '')}$)`), 60_000);
    await workbench.waitForStatusLabel(STATUS_ID, READY, 120_000);
    await workbench.screenshot('daemon-restarted');

    await workbench.openQuickSearch();
    await workbench.quickInput().fill('refresh session token');
    const row = workbench.quickInputRows().filter({ hasText: 'refreshSession' }).first();
    await row.waitFor({ timeout: 20_000 });
    await workbench.quickInput().fill('calculateLoyaltyPoints');
    await workbench.quickInputRows().filter({ hasText: 'calculateLoyaltyPoints' }).first().waitFor({ timeout: 20_000 });
    await workbench.screenshot('search-after-restart');
    await workbench.closeQuickInput();
  });

  it('Show Index Status opens a report naming the folder, the index and the daemon runtime', async function () {
    this.timeout(60_000);
    await workbench.runCommand('Mobius: Show Index Status');
    await workbench.page.locator('.editor-group-container.active .tab.active', { hasText: 'Mobius Index Status.md' }).waitFor({ timeout: 20_000 });
    // Monaco renders spaces as no-break spaces.
    const text = ((await workbench.page.locator('.editor-group-container.active .view-lines').first().textContent()) ?? '').replace(/\u00a0/g, ' ');
    assert.match(text, /Mobius index status/);
    assert.match(text, /## shop/);
    assert.match(text, /NODE_MODULE_VERSION 115/);
    await workbench.screenshot('index-status');
  });

  it('a daemon runtime that does not exist gives one clear error, and fixing the setting brings the daemon back', async function () {
    this.timeout(120_000);
    await workbench.clearNotifications();
    const settingsFile = path.join(server.userDataDir, 'Machine', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({ 'mobius.daemon.runtime': '/nonexistent/node20' }));
    const message = /The daemon runtime "\/nonexistent\/node20" \(setting mobius\.daemon\.runtime\) was not found/;
    await workbench.notification(message).first().waitFor({ timeout: 60_000 });
    await workbench.waitForStatusLabel(STATUS_ID, /daemon not running/, 10_000);
    await workbench.page.waitForTimeout(2_000);
    assert.equal(await workbench.page.locator('.notifications-toasts .notification-toast').count(), 1, 'exactly one notification');
    await workbench.screenshot('wrong-runtime-error');

    fs.writeFileSync(settingsFile, JSON.stringify({ 'mobius.daemon.runtime': '' }));
    await workbench.waitForStatusLabel(STATUS_ID, READY, 60_000);
    await workbench.screenshot('runtime-fixed');
  });
});

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60);
}

/** Keeps the extension's log (the "Mobius" output channel) beside the screenshots. */
function copyExtensionLogs(work: string): void {
  const logs = path.join(work, 'user-data', 'logs');
  if (!fs.existsSync(logs)) return;
  for (const file of fs.readdirSync(logs, { recursive: true, encoding: 'utf8' })) {
    if (path.basename(file) === 'Mobius.log' || path.basename(file) === 'exthost.log') {
      fs.copyFileSync(path.join(logs, file), path.join(OUTPUT_DIR, path.basename(file)));
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
