import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FakeEmbeddingServer } from '../../support/fakeEmbeddingServer';
import { LEDGER_PY } from '../../support/sampleSources';
import { DaemonProcess, eventually } from './daemonProcess';
import { makeSandbox, type Sandbox } from './workspaceCopy';

// The word "method" is in no file: only the embedded text (which starts with the chunk's kind)
// carries it, so finding Ledger.settle by it proves the daemon's search uses the vectors.
describe('daemon with an embedding provider (MOBIUS_EMBEDDINGS_* in its environment)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let server: FakeEmbeddingServer;
  let daemon: DaemonProcess | undefined;

  beforeEach(async () => {
    sandbox = makeSandbox('shop');
    fs.writeFileSync(path.join(sandbox.folder('shop'), 'ledger.py'), LEDGER_PY);
    server = await FakeEmbeddingServer.start();
  });

  afterEach(async () => {
    await daemon?.stop().catch(() => daemon?.kill());
    daemon = undefined;
    await server.close();
    sandbox.cleanup();
  });

  it('embeds the workspace in the background and blends vectors into mobius/search', async () => {
    ({ daemon } = await DaemonProcess.start({
      folders: [sandbox.folder('shop')],
      mobiusHome: sandbox.home,
      env: { MOBIUS_EMBEDDINGS_PROVIDER: 'openai-compatible', MOBIUS_EMBEDDINGS_BASE_URL: server.url, MOBIUS_EMBEDDINGS_MODEL: 'fake-embed' },
    }));
    await daemon.waitUntilReady();
    const keywordOnly = (await daemon.search('refreshSession')).hits;
    assert.equal(keywordOnly[0]?.name, 'refreshSession', 'keyword search answers while vectors are computed');
    await eventually(
      async () => (await daemon!.search('method')).hits.some((h) => h.qualifiedName === 'Ledger.settle'),
      60_000,
      'Ledger.settle found through its vector',
    );
  });

  it('searches by keyword alone, with no request to any provider, when none is configured', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [sandbox.folder('shop')], mobiusHome: sandbox.home }));
    await daemon.waitUntilReady();
    const { hits } = await daemon.search('method');
    assert.ok(!hits.some((h) => h.qualifiedName === 'Ledger.settle'));
    assert.equal((await daemon.search('settle')).hits[0]?.qualifiedName, 'Ledger.settle');
    assert.equal(server.requests.length, 0);
  });
});
