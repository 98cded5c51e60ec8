// Runs inside desktop VS Code's extension host (bundled by runElectronTests.ts): the behaviours of
// the code-server suite, through the VS Code API and the extension's exported API.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { MobiusApi } from '../../../extension/api';
import type { IndexState } from '../../../protocol/lsp';

async function api(): Promise<MobiusApi> {
  const extension = vscode.extensions.getExtension<MobiusApi>('mobius-dev.mobius');
  assert.ok(extension, 'the extension is installed');
  return extension.activate();
}

function waitForState(mobius: MobiusApi, test: (s: IndexState) => boolean, timeoutMs: number): Promise<IndexState> {
  const now = mobius.indexState();
  if (now && test(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`index state never matched; last ${JSON.stringify(mobius.indexState())}`)), timeoutMs);
    const sub = mobius.onDidChangeIndexState((s) => {
      if (!s || !test(s)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });
}

async function searchUntil(mobius: MobiusApi, query: string, name: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = (await mobius.search({ query })).hits.find((h) => h.name === name);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`${name} not found by "${query}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

function defineSuite(): void {
  describe('Mobius extension in desktop VS Code', function () {
    this.timeout(120_000);

    it('indexes the workspace in the background', async () => {
      const mobius = await api();
      const ready = await waitForState(mobius, (s) => s.phase === 'ready', 90_000);
      assert.ok(ready.chunks >= 10);
    });

    it('finds a function typed into an open file without saving', async () => {
      const mobius = await api();
      const document = await vscode.workspace.openTextDocument(workspaceFile('src/billing/invoice.ts'));
      await vscode.window.showTextDocument(document);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, new vscode.Position(document.lineCount, 0), '\nexport function calculateLoyaltyPoints(totalCents: number): number {\n  return Math.floor(totalCents / 1000);\n}\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(document.isDirty, 'the edit is unsaved');
      const hit = await searchUntil(mobius, 'calculateLoyaltyPoints', 'calculateLoyaltyPoints');
      assert.equal(hit.path, 'src/billing/invoice.ts');
      assert.equal(hit.startLine, document.getText().split('\n').findIndex((l) => l.includes('calculateLoyaltyPoints')) + 1);
    });

    it('Copy Context for Selection puts Markdown with the selected file on the clipboard', async () => {
      const document = await vscode.workspace.openTextDocument(workspaceFile('src/billing/invoice.ts'));
      const editor = await vscode.window.showTextDocument(document);
      const start = document.getText().split('\n').findIndex((l) => l.includes('export function computeInvoiceTotal'));
      editor.selection = new vscode.Selection(start, 0, start + 4, 0);
      await vscode.env.clipboard.writeText('');
      await vscode.commands.executeCommand('mobius.copyContextForSelection');
      const markdown = await vscode.env.clipboard.readText();
      assert.ok(markdown.includes('src/billing/invoice.ts'), markdown.slice(0, 300));
      assert.ok(markdown.includes('computeInvoiceTotal'));
    });

    it('restarts the daemon after it is killed, and search works again', async () => {
      const mobius = await api();
      const { daemon } = await mobius.status();
      process.kill(daemon.pid, 'SIGKILL');
      await waitForState(mobius, (s) => s.phase === 'ready', 90_000);
      const after = await mobius.status();
      assert.notEqual(after.daemon.pid, daemon.pid);
      const hit = await searchUntil(mobius, 'refresh session token', 'refreshSession');
      assert.equal(hit.path, 'src/auth/session.ts');
    });
  });
}

/** Entry point VS Code calls with --extensionTestsPath. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000 });
  mocha.suite.emit('pre-require', globalThis, path.basename(__filename), mocha);
  defineSuite();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} desktop VS Code test(s) failed.`)) : resolve()));
  });
}
