import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DaemonProcess, fileUri } from './daemonProcess';
import { makeSandbox, type Sandbox } from './workspaceCopy';

describe('daemon with several workspace folders', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let daemon: DaemonProcess;

  beforeEach(() => {
    sandbox = makeSandbox('shop', 'tools');
  });

  afterEach(async () => {
    await daemon.stop().catch(() => daemon.kill());
    sandbox.cleanup();
  });

  it('merges search results across folders, each with its folder URI', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [sandbox.folder('shop'), sandbox.folder('tools')], mobiusHome: sandbox.home }));
    const ready = await daemon.waitUntilReady();
    assert.deepEqual(ready.folders.map((f) => [f.name, f.phase]), [['shop', 'ready'], ['tools', 'ready']]);

    const { hits } = await daemon.search('canary rollout percent');
    assert.equal(hits[0].folderUri, fileUri(sandbox.folder('tools')));
    assert.equal(hits[0].path, 'tools/deploy.py');
    assert.equal(hits[0].uri, fileUri(path.join(sandbox.folder('tools'), 'tools/deploy.py')));

    const { hits: onlyShop } = await daemon.search('canary rollout percent', { folderUris: [fileUri(sandbox.folder('shop'))] });
    assert.ok(onlyShop.every((h) => h.folderName === 'shop'));
  });

  it('packs context from the folders that hold the matches, within the budget', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [sandbox.folder('shop'), sandbox.folder('tools')], mobiusHome: sandbox.home }));
    await daemon.waitUntilReady();
    const pack = await daemon.context({ query: 'rollback release canary', budget: 600 });
    assert.ok(pack.chunks > 0);
    assert.ok(pack.tokens <= 600, `${pack.tokens} tokens within a 600 budget`);
    assert.ok(pack.markdown.includes('tools/deploy.py'));
    assert.ok(pack.uris.includes(fileUri(path.join(sandbox.folder('tools'), 'tools/deploy.py'))));
  });

  it('opens folders added at run time and closes removed ones', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [sandbox.folder('shop')], mobiusHome: sandbox.home }));
    await daemon.waitUntilReady();
    assert.deepEqual((await daemon.search('rollout_canary')).hits.filter((h) => h.name === 'rollout_canary'), []);

    let mark = daemon.mark();
    await daemon.foldersChanged([sandbox.folder('tools')], []);
    await daemon.waitForState((s) => s.phase === 'ready' && s.folders.length === 2, 60_000, 'two ready folders', mark);
    assert.equal((await daemon.search('rollout_canary')).hits[0].name, 'rollout_canary');

    mark = daemon.mark();
    await daemon.foldersChanged([], [sandbox.folder('shop')]);
    const after = await daemon.waitForState((s) => s.folders.length === 1, 60_000, 'one folder', mark);
    assert.equal(after.folders[0].name, 'tools');
    assert.deepEqual((await daemon.search('computeInvoiceTotal')).hits.filter((h) => h.folderName === 'shop'), []);
  });

  it('routes an unsaved buffer to the folder that holds it', async () => {
    ({ daemon } = await DaemonProcess.start({ folders: [sandbox.folder('shop'), sandbox.folder('tools')], mobiusHome: sandbox.home }));
    await daemon.waitUntilReady();
    const file = path.join(sandbox.folder('tools'), 'tools/deploy.py');
    await daemon.open(file, undefined, 'python');
    await daemon.change(file, 'def drain_node_gracefully(node):\n    """Cordons and drains a node."""\n    return node\n');
    const deadline = Date.now() + 2_000;
    let hit;
    while (!hit && Date.now() < deadline) {
      hit = (await daemon.search('drain_node_gracefully')).hits.find((h) => h.name === 'drain_node_gracefully');
      if (!hit) await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(hit?.folderName, 'tools');
    assert.equal(hit?.path, 'tools/deploy.py');
  });
});
