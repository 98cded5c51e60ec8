import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddingStore } from '../../../daemon/engine/embed/embeddingStore';
import { MIGRATIONS } from '../../../daemon/engine/index/migrations';
import { openDatabase } from '../../../daemon/engine/index/openDatabase';
import { sidecarPath, type HnswSidecar } from '../../../daemon/engine/vectors/hnswSidecar';
import { VectorSearch } from '../../../daemon/engine/vectors/vectorSearch';
import { clusteredVectors, row } from '../../support/clusteredVectors';

const D = 24;
const PROVIDER = 'openai-compatible:test-model@24';
/** Small enough that 600 vectors need HNSW, so tests exercise both kinds quickly. */
const EXACT_MAX_FLOATS = 100 * D;

describe('VectorSearch over the embedding cache', () => {
  let dir: string;
  let db: Database;
  let store: EmbeddingStore;
  let indexPath: string;
  const data = clusteredVectors(1000, D, 5);

  function putRange(from: number, to: number, providerId = PROVIDER) {
    return store.put(providerId, Array.from({ length: to - from }, (_, i) => ({ hash: `h${from + i}`, vector: row(data, from + i, D) })));
  }
  function open(extra: Partial<Parameters<typeof VectorSearch.open>[0]> = {}) {
    return VectorSearch.open({ store, providerId: PROVIDER, dimensions: D, indexPath, exactMaxFloats: EXACT_MAX_FLOATS, ...extra });
  }
  function sidecar(): HnswSidecar {
    return JSON.parse(fs.readFileSync(sidecarPath(indexPath), 'utf8')) as HnswSidecar;
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-vectors-'));
    db = openDatabase(path.join(dir, 'index.db'), MIGRATIONS);
    store = new EmbeddingStore(db);
    indexPath = path.join(dir, 'index.db.hnsw');
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('searches exactly below the threshold and writes no index file', async () => {
    putRange(0, 80);
    const search = await open();
    assert.equal(search.kind, 'exact');
    assert.equal(search.openedAs, 'exact');
    assert.equal(search.search(row(data, 42, D), 1)[0]?.hash, 'h42');
    assert.equal(fs.existsSync(indexPath), false);
  });

  it('builds HNSW above the threshold, persists it with a sidecar, and loads it next time', async () => {
    putRange(0, 600);
    const first = await open();
    assert.equal(first.kind, 'hnsw');
    assert.equal(first.openedAs, 'rebuilt');
    assert.ok(fs.existsSync(indexPath));
    const meta = sidecar();
    assert.equal(meta.providerId, PROVIDER);
    assert.equal(meta.dimensions, D);
    assert.equal(meta.count, 600);
    assert.equal(meta.indexBytes, fs.statSync(indexPath).size);

    const second = await open();
    assert.equal(second.openedAs, 'loaded');
    for (const i of [0, 123, 599]) {
      assert.deepEqual(second.search(row(data, i, D), 5), first.search(row(data, i, D), 5));
      assert.equal(second.search(row(data, i, D), 1)[0]?.hash, `h${i}`);
    }
  });

  it('patches a persisted index when a few vectors arrived, and rebuilds when many changed', async () => {
    putRange(0, 600);
    await open();
    putRange(600, 650);
    const patched = await open();
    assert.equal(patched.openedAs, 'updated');
    assert.equal(patched.size, 650);
    assert.equal(patched.search(row(data, 640, D), 1)[0]?.hash, 'h640');
    assert.equal(sidecar().count, 650);
    assert.equal((await open()).openedAs, 'loaded');

    putRange(650, 900);
    const rebuilt = await open();
    assert.equal(rebuilt.openedAs, 'rebuilt');
    assert.equal(rebuilt.size, 900);
  });

  it('rebuilds when the index file is missing, torn, or was written for another provider', async () => {
    putRange(0, 600);
    await open();
    fs.rmSync(indexPath);
    assert.equal((await open()).openedAs, 'rebuilt');

    fs.truncateSync(indexPath, 1000);
    const afterTear = await open();
    assert.equal(afterTear.openedAs, 'rebuilt');
    assert.equal(afterTear.search(row(data, 7, D), 1)[0]?.hash, 'h7');

    const other = { ...sidecar(), providerId: 'openai:text-embedding-3-small@24' };
    fs.writeFileSync(sidecarPath(indexPath), JSON.stringify(other));
    assert.equal((await open()).openedAs, 'rebuilt');
    assert.equal(sidecar().providerId, PROVIDER);
  });

  it('leaves out vectors of chunks no longer live, and filters before ranking', async () => {
    putRange(0, 600);
    const live = new Set(Array.from({ length: 500 }, (_, i) => `h${i}`));
    const search = await open({ isLive: (hash) => live.has(hash) });
    assert.equal(search.size, 500);
    assert.notEqual(search.search(row(data, 550, D), 1)[0]?.hash, 'h550');
    const allowed = new Set(['h3', 'h300', 'h450']);
    const hits = search.search(row(data, 10, D), 10, allowed);
    assert.deepEqual(hits.map((h) => h.hash).sort(), ['h3', 'h300', 'h450']);
    assert.deepEqual(search.search(row(data, 10, D), 10, new Set(['h999'])), []);
  });

  it('takes in new vectors while open and switches from exact to HNSW when it grows', async () => {
    putRange(0, 50);
    const search = await open();
    assert.equal(search.kind, 'exact');
    await search.add(putRange(50, 300));
    assert.equal(search.kind, 'hnsw');
    assert.equal(search.size, 300);
    assert.equal(search.search(row(data, 250, D), 1)[0]?.hash, 'h250');
    await search.save();
    assert.equal(sidecar().count, 300);
    assert.equal((await open()).openedAs, 'loaded');
    await search.removeHashes(['h250']);
    assert.notEqual(search.search(row(data, 250, D), 1)[0]?.hash, 'h250');
  });
});
