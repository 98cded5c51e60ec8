import assert from 'node:assert/strict';
import type { EmbeddingConfig, EmbeddingProgress } from '../../../protocol/embeddings';
import { Engine } from '../../../daemon/engine/engine';
import { EmbeddingStore } from '../../../daemon/engine/embed/embeddingStore';
import { EmbeddingThread } from '../../../daemon/engine/embed/embeddingThread';
import { openDatabase } from '../../../daemon/engine/index/openDatabase';
import { FakeEmbeddingServer, fakeEmbedding } from '../../support/fakeEmbeddingServer';
import { makeTempRepo, type TempRepo } from '../../support/tempRepo';

/** 60 files of one function each: 60 distinct chunks for the thread to embed. */
const FILES = Object.fromEntries(
  Array.from({ length: 60 }, (_, i) => [`src/handler${i}.ts`, `export function handler${i}(request: Request) {\n  return respond(request, ${i});\n}\n`]),
);

describe('EmbeddingThread: the pipeline on its own thread and connection', function () {
  this.timeout(30_000);
  let repo: TempRepo;
  let server: FakeEmbeddingServer;
  let thread: EmbeddingThread | undefined;
  let config: EmbeddingConfig;

  beforeEach(async () => {
    repo = makeTempRepo(FILES);
    server = await FakeEmbeddingServer.start({ dimensions: 32 });
    config = { provider: 'openai-compatible', baseUrl: server.url, model: 'fake-embed', dimensions: 32, batchSize: 8 };
    // The keyword index alone, as the engine has it before embedding starts.
    const engine = await Engine.open({ root: repo.root, dbPath: repo.dbPath, config: { workers: 1 } });
    await engine.index();
    await engine.close();
    thread = EmbeddingThread.open(repo.dbPath);
  });

  afterEach(async () => {
    await thread?.close();
    await server.close();
    repo.cleanup();
  });

  const PROVIDER_ID = 'openai-compatible:fake-embed@32';
  const openVectors = () => thread!.openVectors({ providerId: PROVIDER_ID, dimensions: 32, indexPath: `${repo.dbPath}.hnsw` });

  it('embeds every chunk into the cache and its vector index, and answers searches while it runs', async () => {
    assert.deepEqual(await openVectors(), { size: 0, kind: 'exact' });
    const progress: EmbeddingProgress[] = [];
    const searches: Promise<unknown>[] = [];
    const final = await thread!.run({ config, env: {}, pageSize: 16 }, {
      onProgress: (p) => {
        progress.push(p);
        searches.push(thread!.search(fakeEmbedding('handler request respond', 32), 3));
      },
    });
    assert.equal(final.state, 'done');
    assert.equal(final.done, 60);
    assert.equal(final.calls, 8, 'pages of 16, 16, 16 and 12 chunks, in requests of up to 8');
    assert.ok(progress.length >= 4 && progress.at(-1)?.done === 60, 'progress after every page');
    assert.equal((await Promise.all(searches)).length, progress.length, 'every search during the run was answered');
    assert.deepEqual(thread!.vectors, { size: 60, kind: 'exact' });

    const db = openDatabase(repo.dbPath);
    try {
      const store = new EmbeddingStore(db);
      assert.equal(store.countFor(PROVIDER_ID), 60);
      assert.equal(store.stats(PROVIDER_ID).embedded, 60);
      // The nearest vector to a chunk's own stored vector is that chunk.
      const [some] = store.get([db.prepare('SELECT hash FROM chunks WHERE path = ?').pluck().get('src/handler7.ts') as string], PROVIDER_ID).values();
      const hits = await thread!.search(some!.vector, 1);
      assert.equal(hits[0]?.hash, some!.hash);
      const only = await thread!.search(some!.vector, 5, new Set(['not-a-live-hash']));
      assert.deepEqual(only, [], 'a filter of hashes is applied before ranking');
    } finally {
      db.close();
    }

    const again = await thread!.run({ config, env: {} });
    assert.equal(again.callsSaved, 60, 'a second run finds every vector cached');
    assert.equal(again.calls, 0);
  });

  it('drops the vectors of chunks that left the index and takes them back from the cache when they return', async () => {
    await openVectors();
    await thread!.run({ config, env: {} });
    const engine = await Engine.open({ root: repo.root, dbPath: repo.dbPath, config: { workers: 1 } });
    try {
      for (let i = 0; i < 10; i++) repo.remove(`src/handler${i}.ts`);
      await engine.index();
      const gone = await thread!.run({ config, env: {} });
      assert.equal(thread!.vectors?.size, 50);
      assert.equal(gone.calls, 0);
      for (let i = 0; i < 10; i++) repo.write(`src/handler${i}.ts`, FILES[`src/handler${i}.ts`]!);
      await engine.index();
      const back = await thread!.run({ config, env: {} });
      assert.equal(thread!.vectors?.size, 60, 'back from the cache');
      assert.equal(back.calls, 0, 'no chunk was embedded again');
    } finally {
      await engine.close();
    }
  });

  it('stops at the next step when cancelled, keeping what it stored for the next run', async () => {
    await openVectors();
    const slow = await FakeEmbeddingServer.start({ dimensions: 32, latencyMs: 100 });
    try {
      const slowConfig = { ...config, baseUrl: slow.url, concurrency: 1 };
      const cancelled = await thread!.run({ config: slowConfig, env: {}, pageSize: 8 }, {
        onProgress: (p) => {
          if (p.done >= 16) thread!.cancel();
        },
      });
      assert.equal(cancelled.state, 'cancelled');
      assert.ok(cancelled.done >= 16 && cancelled.done < 60, `stored ${cancelled.done}`);
      const resumed = await thread!.run({ config: slowConfig, env: {}, pageSize: 32 });
      assert.equal(resumed.state, 'done');
      assert.equal(resumed.callsSaved, cancelled.done);
      assert.equal(thread!.vectors?.size, 60);
    } finally {
      await slow.close();
    }
  });

  it('rejects a run with the reason when its settings cannot work, and with a clear message when the thread is gone', async () => {
    await assert.rejects(thread!.run({ config, env: {} }), /The vector index is not open yet/);
    await openVectors();
    await assert.rejects(
      thread!.run({ config: { provider: 'openai-compatible', baseUrl: server.url, model: 'x', dimensions: 8, apiKeyEnv: 'NOT_SET_ANYWHERE' }, env: {} }),
      /NOT_SET_ANYWHERE, which is not set/,
    );
    const running = thread!.run({ config: { ...config, batchSize: 1, concurrency: 1 }, env: {} });
    await assert.rejects(thread!.run({ config, env: {} }), /already going on this thread/);
    await thread!.close();
    await assert.rejects(running, /The embedding thread was closed/);
    await assert.rejects(thread!.run({ config, env: {} }), /The embedding thread was closed/);
    thread = undefined;
  });
});
