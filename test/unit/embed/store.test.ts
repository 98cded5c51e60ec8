import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddingStore, decodeVector } from '../../../daemon/engine/embed/embeddingStore';
import { embeddingReuseMigration, embeddingsMigration } from '../../../daemon/engine/embed/schema';
import { MIGRATIONS } from '../../../daemon/engine/index/migrations';
import { openDatabase, schemaVersion } from '../../../daemon/engine/index/openDatabase';

const A = 'openai:text-embedding-3-small@4';
const B = 'openai-compatible:nomic-embed-text@4';
const vec = (...xs: number[]) => Float32Array.from(xs);

describe('embedding cache in the index database', () => {
  let dir: string;
  let dbPath: string;
  let db: Database;
  let store: EmbeddingStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-store-'));
    dbPath = path.join(dir, 'index.db');
    db = openDatabase(dbPath, MIGRATIONS);
    store = new EmbeddingStore(db);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is migrations 2 and 3 of the index schema', () => {
    assert.deepEqual([embeddingsMigration.version, embeddingReuseMigration.version], [2, 3]);
    assert.ok(MIGRATIONS.includes(embeddingsMigration) && MIGRATIONS.includes(embeddingReuseMigration));
    assert.equal(db.pragma('user_version', { simple: true }), schemaVersion());
  });

  it('keys vectors by (provider, content hash) and survives reopening', () => {
    store.put(A, [{ hash: 'h1', vector: vec(1, 0, 0, 0) }, { hash: 'h2', vector: vec(0, 1, 0, 0) }]);
    store.put(B, [{ hash: 'h1', vector: vec(0, 0, 1, 0) }]);
    assert.deepEqual(store.missing(['h1', 'h2', 'h3'], A), ['h3']);
    assert.deepEqual(store.missing(['h1', 'h2', 'h3'], B), ['h2', 'h3']);
    assert.equal(store.cacheHits, 3);
    db.close();
    db = openDatabase(dbPath, MIGRATIONS);
    store = new EmbeddingStore(db);
    assert.deepEqual(Array.from(store.get(['h1'], A).get('h1')?.vector ?? []), [1, 0, 0, 0]);
    assert.deepEqual(Array.from(store.get(['h1'], B).get('h1')?.vector ?? []), [0, 0, 1, 0]);
    assert.equal(store.get(['h2'], B).size, 0);
  });

  it('replaces a vector in place, keeping its row id (the ANN label)', () => {
    const [first] = store.put(A, [{ hash: 'h1', vector: vec(1, 0, 0, 0) }]);
    const [second] = store.put(A, [{ hash: 'h1', vector: vec(0, 1, 0, 0) }]);
    assert.equal(first?.id, second?.id);
    assert.deepEqual(Array.from(store.get(['h1'], A).get('h1')?.vector ?? []), [0, 1, 0, 0]);
  });

  it('pages through all vectors of a provider in row order, and counts skipped chunks as covered', () => {
    store.put(A, Array.from({ length: 1000 }, (_, i) => ({ hash: `h${i}`, vector: vec(i, 0, 0, 1) })));
    store.putSkipped(A, 4, ['secret1']);
    const all = [...store.allFor(A, 64)];
    assert.equal(all.length, 1000);
    assert.deepEqual(all.map((v) => v.id), [...all.map((v) => v.id)].sort((a, b) => a - b));
    assert.equal(all[999]?.vector[0], 999);
    assert.equal([...store.labelsFor(A, 100)].length, 1000);
    assert.deepEqual(store.missing(['secret1'], A), []);
    assert.equal(store.countFor(A), 1000);
  });

  /** Indexes one chunk per hash (the columns the store reads, placeholders for the rest). */
  function indexChunks(...hashes: string[]): void {
    const insert = db.prepare(
      `INSERT INTO chunks (path, hash, language, kind, name, qualified_name, signature, doc, start_line, end_line)
       VALUES (?, ?, 'typescript', 'function', 'f', 'f', '', '', 1, 1)`,
    );
    for (const hash of hashes) insert.run(`src/${hash}.ts`, hash);
  }

  it('prunes rows no indexed chunk uses, keeping the newest of them for branch switches', () => {
    store.put(A, Array.from({ length: 10 }, (_, i) => ({ hash: `h${i}`, vector: vec(1, 1, 1, i) })));
    store.putSkipped(A, 4, ['secret']);
    indexChunks('h0', 'h1', 'h2', 'secret');
    store.put(A, [{ hash: 'h10', vector: vec(1, 0, 0, 0) }]);
    // Unused, newest first: h10 (the newest row, never deleted), h9 ... h3; three of them are kept.
    assert.equal(store.prune(A, 3), 4);
    const all = Array.from({ length: 11 }, (_, i) => `h${i}`);
    assert.deepEqual(store.missing([...all, 'secret'], A), ['h3', 'h4', 'h5', 'h6']);
    assert.equal(store.prune(A, 3), 0, 'nothing more to prune');
    assert.equal(store.prune(A, 0), 3);
    assert.deepEqual(store.missing(all, A), ['h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9']);
  });

  it('counts the rows of another provider as unused when pruning, and never frees the newest row id', () => {
    store.put(B, [{ hash: 'h0', vector: vec(0, 0, 1, 0) }, { hash: 'h1', vector: vec(0, 1, 0, 0) }]);
    store.put(A, [{ hash: 'h0', vector: vec(1, 0, 0, 0) }]);
    const [newest] = store.put(A, [{ hash: 'gone', vector: vec(0, 0, 0, 1) }]);
    indexChunks('h0', 'h1');
    assert.equal(store.prune(A, 0), 2, 'both rows of B, although their chunks are indexed; not the newest row');
    assert.deepEqual(store.missing(['h0', 'h1'], B), ['h0', 'h1']);
    assert.deepEqual(store.missing(['h0', 'gone'], A), []);
    // Row ids are vector labels: a new row must not take the id of one that was deleted.
    const [next] = store.put(A, [{ hash: 'h1', vector: vec(0, 1, 0, 0) }]);
    assert.equal(next?.id, (newest?.id ?? 0) + 1);
  });

  it('decodes vectors from unaligned buffers too', () => {
    const bytes = Buffer.alloc(17);
    Buffer.from(vec(1.5, -2, 3.25, 0).buffer).copy(bytes, 1);
    assert.deepEqual(Array.from(decodeVector(bytes.subarray(1))), [1.5, -2, 3.25, 0]);
  });

  it('adds up run statistics per provider', () => {
    store.addStats(A, { calls: 3, embedded: 100 });
    store.addStats(A, { calls: 1, callsSaved: 100, skipped: 2 });
    store.addStats(A, { reused: 7 });
    assert.deepEqual(store.stats(A), { calls: 4, embedded: 100, callsSaved: 100, reused: 7, redacted: 0, skipped: 2, failed: 0 });
    assert.deepEqual(store.stats(B), { calls: 0, embedded: 0, callsSaved: 0, reused: 0, redacted: 0, skipped: 0, failed: 0 });
  });
});
