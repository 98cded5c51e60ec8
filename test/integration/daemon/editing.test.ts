import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { DaemonProcess, fileUri } from './daemonProcess';
import { makeSandbox, type Sandbox } from './workspaceCopy';

/** Polls a search until `accept` passes on its hits (the daemon applies changes asynchronously). */
async function searchUntil(daemon: DaemonProcess, query: string, accept: (paths: string[], names: string[]) => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { hits } = await daemon.search(query);
    if (accept(hits.map((h) => h.path), hits.map((h) => h.name))) return hits;
    if (Date.now() > deadline) throw new Error(`"${query}" never gave the expected hits; last: ${JSON.stringify(hits.map((h) => `${h.path}#${h.name}`))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('daemon keeps the index live (unsaved buffers and files on disk)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let daemon: DaemonProcess;
  let shop: string;

  beforeEach(async () => {
    sandbox = makeSandbox('shop');
    shop = sandbox.folder('shop');
    ({ daemon } = await DaemonProcess.start({ folders: [shop], mobiusHome: sandbox.home }));
    await daemon.waitUntilReady();
  });

  afterEach(async () => {
    await daemon.stop().catch(() => daemon.kill());
    sandbox.cleanup();
  });

  it('makes an unsaved edit searchable within a second, and drops it when the buffer closes unsaved', async () => {
    const file = path.join(shop, 'src/util/money.ts');
    const onDisk = fs.readFileSync(file, 'utf8');
    await daemon.open(file, onDisk, 'typescript');
    const edited = `${onDisk}\nexport function convertCurrencyWithExchangeRate(cents: number, rate: number): number {\n  return roundCents(cents * rate);\n}\n`;
    const started = Date.now();
    await daemon.change(file, edited);
    const hits = await searchUntil(daemon, 'convertCurrencyWithExchangeRate', (_, names) => names.includes('convertCurrencyWithExchangeRate'), 1_000);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1_000, `searchable after ${elapsed} ms`);
    const hit = hits.find((h) => h.name === 'convertCurrencyWithExchangeRate')!;
    assert.equal(hit.path, 'src/util/money.ts');
    assert.equal(hit.startLine, onDisk.split('\n').length + 1);
    assert.equal(fs.readFileSync(file, 'utf8'), onDisk, 'the daemon never writes the file');

    await daemon.close(file);
    await searchUntil(daemon, 'convertCurrencyWithExchangeRate', (_, names) => !names.includes('convertCurrencyWithExchangeRate'));
    const { hits: formatHits } = await daemon.search('formatCents');
    assert.equal(formatHits[0].path, 'src/util/money.ts', 'the on-disk content is back');
  });

  it('indexes the last state of a burst of keystrokes, in far fewer updates than keystrokes', async () => {
    await daemon.stop();
    ({ daemon } = await DaemonProcess.start({ folders: [shop], mobiusHome: sandbox.home, settings: { logLevel: 'debug' } }));
    await daemon.waitUntilReady();
    const file = path.join(shop, 'src/util/money.ts');
    const onDisk = fs.readFileSync(file, 'utf8');
    await daemon.open(file, onDisk, 'typescript');
    const name = 'exchangeRateForCurrencyPair';
    for (let i = 1; i <= name.length; i++) {
      await daemon.change(file, `${onDisk}\nexport function ${name.slice(0, i)}() {}\n`);
      await new Promise((r) => setTimeout(r, 10));
    }
    await searchUntil(daemon, name, (_, names) => names.includes(name), 2_000);
    await new Promise((r) => setTimeout(r, 300));
    const updates = daemon.logs.filter((l) => l.startsWith('Updated src/util/money.ts from the editor')).length;
    assert.ok(updates >= 2 && updates <= 6, `${name.length} keystrokes, ${updates} index updates`);
  });

  it('indexes a file created on disk, re-reads one changed on disk, and forgets one deleted', async () => {
    const created = sandbox.write(shop, 'src/shipping/rates.ts', 'export function estimateShippingRate(weightGrams: number): number {\n  return 499 + Math.ceil(weightGrams / 500) * 150;\n}\n');
    await daemon.filesChanged([{ uri: fileUri(created), type: FileChangeType.Created }]);
    await searchUntil(daemon, 'estimateShippingRate', (paths) => paths[0] === 'src/shipping/rates.ts');

    fs.writeFileSync(created, 'export function estimateFreightCharge(weightGrams: number): number {\n  return weightGrams * 2;\n}\n');
    await daemon.filesChanged([{ uri: fileUri(created), type: FileChangeType.Changed }]);
    await searchUntil(daemon, 'estimateFreightCharge', (paths) => paths[0] === 'src/shipping/rates.ts');
    await searchUntil(daemon, 'estimateShippingRate', (_, names) => !names.includes('estimateShippingRate'));

    fs.rmSync(created);
    await daemon.filesChanged([{ uri: fileUri(created), type: FileChangeType.Deleted }]);
    await searchUntil(daemon, 'estimateFreightCharge', (paths) => !paths.includes('src/shipping/rates.ts'));
  });

  it('forgets every file of a deleted directory, reported as one event', async () => {
    await searchUntil(daemon, 'retryWithBackoff', (paths) => paths.includes('src/util/retry.ts'));
    fs.rmSync(path.join(shop, 'src/util'), { recursive: true });
    await daemon.filesChanged([{ uri: fileUri(path.join(shop, 'src/util')), type: FileChangeType.Deleted }]);
    await searchUntil(daemon, 'retryWithBackoff', (paths) => !paths.includes('src/util/retry.ts'));
    await searchUntil(daemon, 'formatCents', (paths) => !paths.includes('src/util/money.ts'));
  });

  it('lets an open buffer win over a change on disk until it closes', async () => {
    const file = path.join(shop, 'src/util/retry.ts');
    await daemon.open(file, 'export function bufferOnlyHelper(): number {\n  return 1;\n}\n', 'typescript');
    await searchUntil(daemon, 'bufferOnlyHelper', (paths) => paths[0] === 'src/util/retry.ts');
    fs.writeFileSync(file, 'export function diskOnlyHelper(): number {\n  return 2;\n}\n');
    await daemon.filesChanged([{ uri: fileUri(file), type: FileChangeType.Changed }]);
    await new Promise((r) => setTimeout(r, 400));
    const { hits } = await daemon.search('diskOnlyHelper');
    assert.ok(!hits.some((h) => h.name === 'diskOnlyHelper'), 'the disk change is ignored while the buffer is open');
    await daemon.close(file);
    await searchUntil(daemon, 'diskOnlyHelper', (_, names) => names.includes('diskOnlyHelper'));
  });

  it('ignores documents outside the workspace folders', async () => {
    const outside = sandbox.write(path.dirname(shop), 'elsewhere/notes.ts', 'export const outsideMarker = 1;\n');
    await daemon.open(outside, fs.readFileSync(outside, 'utf8'), 'typescript');
    await daemon.change(outside, 'export function outsideWorkspaceFunction() {}\n');
    await new Promise((r) => setTimeout(r, 400));
    const { hits } = await daemon.search('outsideWorkspaceFunction');
    assert.deepEqual(hits.filter((h) => h.name === 'outsideWorkspaceFunction'), []);
  });
});
