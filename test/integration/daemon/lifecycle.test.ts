import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DaemonProcess, eventually, fileUri } from './daemonProcess';
import { makeSandbox, type Sandbox } from './workspaceCopy';

describe('daemon lifecycle (LSP over stdio)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let daemon: DaemonProcess | undefined;

  beforeEach(() => {
    sandbox = makeSandbox('shop');
  });

  afterEach(async () => {
    await daemon?.stop().catch(() => daemon?.kill());
    daemon = undefined;
    sandbox.cleanup();
  });

  it('declares text sync and workspace folders, and registers a file watcher and configuration changes', async () => {
    const started = await DaemonProcess.start({ folders: [sandbox.folder('shop')], mobiusHome: sandbox.home });
    daemon = started.daemon;
    const caps = started.result.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
    await daemon.waitUntilReady();
    const methods = daemon.registrations.map((r) => r.method).sort();
    assert.deepEqual(methods, ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
    const watcher = daemon.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watcher?.registerOptions, { watchers: [{ globPattern: '**/*' }] });
  });

  it('indexes in the background with work-done progress and mobius/indexChanged, then answers searches', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [sandbox.folder('shop')], mobiusHome: sandbox.home }));
    const ready = await daemon.waitUntilReady();
    assert.equal(ready.folders.length, 1);
    assert.equal(ready.folders[0].phase, 'ready');
    assert.ok(ready.files >= 6, `expected the fixture's files indexed, got ${ready.files}`);
    assert.ok(ready.chunks > ready.files, `expected several chunks per file, got ${ready.chunks}`);
    assert.ok(daemon.states.some((s) => s.phase === 'indexing'), 'an indexing state was reported before ready');

    await eventually(() => daemon!.progress.at(-1)?.value.kind === 'end', 2_000, 'the work-done progress to end');
    const kinds = daemon.progress.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.ok(kinds.includes('report'));
    assert.equal(new Set(daemon.progress.map((p) => p.token)).size, 1, 'one progress for the initial index');

    const { hits, partial } = await daemon.search('refresh session token');
    assert.equal(partial, false);
    assert.equal(hits[0].path, 'src/auth/session.ts');
    assert.equal(hits[0].name, 'refreshSession');
    assert.equal(hits[0].uri, fileUri(path.join(sandbox.folder('shop'), 'src/auth/session.ts')));
    assert.equal(hits[0].folderName, 'shop');
  });

  it('reports its pid, runtime and per-folder index in mobius/status', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [sandbox.folder('shop')], mobiusHome: sandbox.home }));
    await daemon.waitUntilReady();
    const status = await daemon.status();
    assert.equal(status.daemon.pid, daemon.pid);
    assert.equal(status.daemon.abi, process.versions.modules);
    assert.equal(status.folders.length, 1);
    assert.equal(status.folders[0].index?.root, sandbox.folder('shop'));
    assert.ok(status.folders[0].index?.dbPath.startsWith(sandbox.home), 'the index lives under MOBIUS_HOME');
    assert.ok((status.folders[0].index?.languages.typescript ?? 0) >= 4);
    assert.equal(status.folders[0].lastRun?.errors.length, 0);
  });

  it('keeps the index intact when killed, and a new daemon serves it without re-parsing', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [sandbox.folder('shop')], mobiusHome: sandbox.home }));
    const first = await daemon.waitUntilReady();
    await daemon.kill();

    ({ daemon } = await DaemonProcess.start({ folders: [sandbox.folder('shop')], mobiusHome: sandbox.home }));
    const second = await daemon.waitUntilReady();
    assert.equal(second.chunks, first.chunks);
    const status = await daemon.status();
    const run = status.folders[0].lastRun;
    assert.equal(run?.added, 0, 'nothing re-added after a restart');
    assert.equal(run?.changed, 0);
    assert.equal(run?.unchanged, first.files);
    const { hits } = await daemon.search('computeInvoiceTotal');
    assert.equal(hits[0].path, 'src/billing/invoice.ts');
  });

  it('exits cleanly on shutdown and exit', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [sandbox.folder('shop')], mobiusHome: sandbox.home }));
    await daemon.waitUntilReady();
    assert.equal(await daemon.stop(), 0);
  });
});
