// The behaviour every VectorStore must have. Run against pgvector always (pgvectorStore.test.ts)
// and against Qdrant when QDRANT_URL is set (qdrantStore.test.ts).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { VectorStore } from '../../../server/stores/vectorStore';

export interface ContractFixture {
  store: VectorStore;
  /** Two projects that exist in the database. */
  projects: [string, string];
  /** Registers a model with its dimension, as the server does before storing vectors. */
  registerModel(model: string, dimension: number): Promise<void>;
}

const hash = (label: string) => createHash('sha256').update(label).digest('hex');

/** A unit vector mostly along `axis`, with a small deterministic tilt. */
function unit(dimension: number, axis: number, tilt = 0): number[] {
  const v = new Array(dimension).fill(0);
  v[axis % dimension] = 1;
  v[(axis + 1) % dimension] = tilt;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export function vectorStoreContract(setup: () => Promise<ContractFixture>, teardown: () => Promise<void>): void {
  const DIM = 16;
  const MODEL = 'contract-model';
  let fx: ContractFixture;

  before(async () => {
    fx = await setup();
    await fx.registerModel(MODEL, DIM);
    await fx.registerModel('other-model', DIM);
    const [a, b] = fx.projects;
    await fx.store.upsert(a, MODEL, [
      { hash: hash('a0'), vector: unit(DIM, 0) },
      { hash: hash('a1'), vector: unit(DIM, 0, 0.3) },
      { hash: hash('a2'), vector: unit(DIM, 0, 1) },
      { hash: hash('a3'), vector: unit(DIM, 5) },
      { hash: hash('shared'), vector: unit(DIM, 0, 0.1) },
    ]);
    await fx.store.upsert(b, MODEL, [
      { hash: hash('b0'), vector: unit(DIM, 0, 0.05) },
      { hash: hash('shared'), vector: unit(DIM, 0, 0.1) },
    ]);
    await fx.store.upsert(a, 'other-model', [{ hash: hash('other'), vector: unit(DIM, 0) }]);
  });

  after(() => teardown());

  it('answers ping', async () => {
    await fx.store.ping();
  });

  it('returns the nearest vectors first, with cosine similarity', async () => {
    const matches = await fx.store.search({ projectIds: [fx.projects[0]], model: MODEL, vector: unit(DIM, 0), limit: 10 });
    assert.deepEqual(matches.map((m) => m.hash), [hash('a0'), hash('shared'), hash('a1'), hash('a2'), hash('a3')]);
    assert.ok(Math.abs(matches[0].similarity - 1) < 1e-3);
    assert.ok(Math.abs(matches[3].similarity - Math.SQRT1_2) < 1e-3, 'a2 is at 45 degrees');
    assert.ok(Math.abs(matches[4].similarity) < 1e-3, 'a3 is orthogonal');
  });

  it('respects the limit and the minimum similarity', async () => {
    const two = await fx.store.search({ projectIds: [fx.projects[0]], model: MODEL, vector: unit(DIM, 0), limit: 2 });
    assert.equal(two.length, 2);
    const close = await fx.store.search({ projectIds: [fx.projects[0]], model: MODEL, vector: unit(DIM, 0), limit: 10, minSimilarity: 0.9 });
    assert.deepEqual(close.map((m) => m.hash), [hash('a0'), hash('shared'), hash('a1')]);
    assert.ok(close.every((m) => m.similarity >= 0.9));
  });

  it('sees only the vectors of the projects searched, each hash once', async () => {
    const [a, b] = fx.projects;
    const onlyB = await fx.store.search({ projectIds: [b], model: MODEL, vector: unit(DIM, 0), limit: 10 });
    assert.deepEqual(onlyB.map((m) => m.hash).sort(), [hash('b0'), hash('shared')].sort());
    const both = await fx.store.search({ projectIds: [a, b], model: MODEL, vector: unit(DIM, 0), limit: 10 });
    assert.equal(both.length, 6);
    assert.equal(new Set(both.map((m) => m.hash)).size, 6);
    const nobody = await fx.store.search({ projectIds: ['00000000-0000-4000-8000-000000000000'], model: MODEL, vector: unit(DIM, 0), limit: 10 });
    assert.deepEqual(nobody, []);
  });

  it('keeps models apart', async () => {
    const other = await fx.store.search({ projectIds: [fx.projects[0]], model: 'other-model', vector: unit(DIM, 0), limit: 10 });
    assert.deepEqual(other.map((m) => m.hash), [hash('other')]);
  });

  it('treats a repeated upsert as a no-op', async () => {
    const before = await fx.store.search({ projectIds: [fx.projects[0]], model: MODEL, vector: unit(DIM, 0), limit: 10 });
    await fx.store.upsert(fx.projects[0], MODEL, [{ hash: hash('a0'), vector: unit(DIM, 0) }]);
    const after = await fx.store.search({ projectIds: [fx.projects[0]], model: MODEL, vector: unit(DIM, 0), limit: 10 });
    assert.deepEqual(after.map((m) => m.hash), before.map((m) => m.hash));
  });

  it('fetches stored vectors by hash for reuse', async () => {
    const found = await fx.store.fetch(MODEL, [hash('a2'), hash('b0'), hash('missing')]);
    assert.deepEqual([...found.keys()].sort(), [hash('a2'), hash('b0')].sort());
    const a2 = found.get(hash('a2'))!;
    unit(DIM, 0, 1).forEach((x, i) => assert.ok(Math.abs(a2[i] - x) < 1e-5));
  });

  it('forgets a removed project’s vectors and only those', async () => {
    const [a, b] = fx.projects;
    await fx.store.removeProject(b);
    assert.deepEqual(await fx.store.search({ projectIds: [b], model: MODEL, vector: unit(DIM, 0), limit: 10 }), []);
    const stillA = await fx.store.search({ projectIds: [a], model: MODEL, vector: unit(DIM, 0), limit: 10 });
    assert.equal(stillA.length, 5);
  });
}
