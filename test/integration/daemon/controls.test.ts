import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DidChangeConfigurationNotification } from 'vscode-languageserver-protocol';
import { DaemonProcess, fileUri } from './daemonProcess';
import { makeSandbox, type Sandbox } from './workspaceCopy';

/** Enough files that an index run lasts long enough to pause in the middle of it. */
function writeManyFiles(sandbox: Sandbox, folder: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const body = Array.from({ length: 20 }, (_, j) => `export function generated${i}Helper${j}(x: number): number {\n  return x * ${j} + ${i};\n}\n`).join('\n');
    sandbox.write(folder, `src/generated/module${i}.ts`, body);
  }
}

describe('daemon controls: reindex, pause/resume, settings, context', function () {
  this.timeout(180_000);
  let sandbox: Sandbox;
  let daemon: DaemonProcess;
  let shop: string;

  beforeEach(() => {
    sandbox = makeSandbox('shop');
    shop = sandbox.folder('shop');
  });

  afterEach(async () => {
    await daemon.stop().catch(() => daemon.kill());
    sandbox.cleanup();
  });

  it('reindexes incrementally on mobius/reindex, and from scratch with full', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [shop], mobiusHome: sandbox.home }));
    const first = await daemon.waitUntilReady();
    // A change the watcher never reported: only a reindex finds it.
    sandbox.write(shop, 'src/audit/log.ts', 'export function writeAuditTrailEntry(event: string): string {\n  return event;\n}\n');
    let mark = daemon.mark();
    await daemon.reindex();
    const second = await daemon.waitForState((s) => s.phase === 'ready' && s.files === first.files + 1, 60_000, 'one more file', mark);
    assert.equal((await daemon.search('writeAuditTrailEntry')).hits[0].path, 'src/audit/log.ts');
    const incremental = (await daemon.status()).folders[0].lastRun;
    assert.equal(incremental?.added, 1);
    assert.equal(incremental?.unchanged, first.files);

    mark = daemon.mark();
    await daemon.reindex({ full: true });
    const rebuilding = await daemon.waitForState((s) => s.phase === 'indexing', 60_000, 'rebuilding', mark);
    await daemon.waitUntilReady(60_000, daemon.states.indexOf(rebuilding));
    const rebuilt = (await daemon.status()).folders[0].lastRun;
    assert.equal(rebuilt?.added, second.files, 'a full rebuild re-adds every file');
  });

  it('pauses a running index, keeps serving searches, and finishes on resume', async () => {
    writeManyFiles(sandbox, shop, 300);
    ({ daemon } = await DaemonProcess.start({ folders: [shop], mobiusHome: sandbox.home, settings: { workers: 1 } }));
    await daemon.waitForState((s) => s.phase === 'indexing' && s.filesDone > 0, 60_000, 'indexing under way');
    const paused = await daemon.pause();
    assert.equal(paused.paused, true);
    const settled = await daemon.waitForState((s) => s.paused && s.folders[0].phase === 'paused', 30_000, 'paused folder');
    assert.ok(settled.files < 300 + 6, 'paused before the end');
    const during = await daemon.search('computeInvoiceTotal');
    assert.ok(Array.isArray(during.hits), 'search answers while paused');

    const resumed = await daemon.resume();
    assert.equal(resumed.paused, false);
    const done = await daemon.waitUntilReady(120_000);
    assert.ok(done.files >= 306, `all files indexed after resume, got ${done.files}`);
    assert.equal((await daemon.search('generated299Helper19')).hits[0].path, 'src/generated/module299.ts');
  });

  it('reopens and reindexes a folder when its exclude setting changes', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [shop], mobiusHome: sandbox.home }));
    await daemon.waitUntilReady();
    assert.equal((await daemon.search('summarize_orders')).hits[0].path, 'scripts/report.py');

    daemon.settings = { ...daemon.settings, exclude: ['scripts/**'] };
    const mark = daemon.mark();
    await daemon.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await daemon.waitForState((s) => s.phase === 'ready' && s.files === 5, 60_000, 'reindexed without scripts/', mark);
    const { hits } = await daemon.search('summarize_orders');
    assert.ok(!hits.some((h) => h.path.startsWith('scripts/')), 'excluded files leave the index');
  });

  it('packs context around a file range, with the selected code first', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [shop], mobiusHome: sandbox.home }));
    await daemon.waitUntilReady();
    const file = path.join(shop, 'src/billing/invoice.ts');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const start = lines.findIndex((l) => l.includes('export function computeInvoiceTotal')) + 1;
    const pack = await daemon.context({ uri: fileUri(file), startLine: start, endLine: start + 4, budget: 2000 });
    assert.ok(pack.chunks >= 1);
    assert.equal(pack.spans[0].path, 'src/billing/invoice.ts');
    assert.ok(pack.markdown.includes('computeInvoiceTotal'));
    assert.ok(pack.tokens <= 2000);
  });

  it('answers a context request for a file outside the workspace with a clear error', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [shop], mobiusHome: sandbox.home }));
    await daemon.waitUntilReady();
    await assert.rejects(
      daemon.context({ uri: 'file:///nowhere/else.ts', startLine: 1, endLine: 2 }),
      /not inside an open workspace folder/,
    );
  });

  it('reports settings it cannot use in the log and keeps the defaults', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [shop], mobiusHome: sandbox.home, settings: { maxFileSize: -5 as number } }));
    await daemon.waitUntilReady();
    assert.ok(daemon.logs.some((l) => l.includes('mobius.maxFileSize = -5 is not valid')), daemon.logs.join('\n'));
  });
});
