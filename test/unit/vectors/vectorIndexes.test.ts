import assert from 'node:assert/strict';
import { ExactIndex } from '../../../daemon/engine/vectors/exactIndex';
import { HnswIndex } from '../../../daemon/engine/vectors/hnswIndex';
import { TopK } from '../../../daemon/engine/vectors/topK';
import { clusteredVectors, row, seededRandom } from '../../support/clusteredVectors';

const D = 32;

function bruteForce(data: Float32Array, count: number, query: Float32Array, k: number, allowed?: (label: number) => boolean): number[] {
  const scored: { label: number; score: number }[] = [];
  for (let i = 0; i < count; i++) {
    if (allowed && !allowed(i + 1)) continue;
    let score = 0;
    for (let j = 0; j < D; j++) score += (data[i * D + j] as number) * (query[j] as number);
    scored.push({ label: i + 1, score });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, k).map((s) => s.label);
}

describe('vector indexes', () => {
  const count = 3000;
  const data = clusteredVectors(count, D, 11);
  const queries = clusteredVectors(40, D, 12);

  it('TopK keeps the k best of a stream, best first', () => {
    const random = seededRandom(3);
    const scores = Array.from({ length: 500 }, () => random());
    const top = new TopK(7);
    scores.forEach((score, label) => top.push(label, score));
    const expected = scores.map((score, label) => ({ label, score })).sort((a, b) => b.score - a.score).slice(0, 7);
    assert.deepEqual(top.sorted(), expected);
  });

  it('exact search returns exactly the brute-force top k, with and without a filter', () => {
    const exact = new ExactIndex(D, 16);
    for (let i = 0; i < count; i++) exact.add(i + 1, row(data, i, D));
    assert.equal(exact.size, count);
    const even = (label: number) => label % 2 === 0;
    for (let q = 0; q < 10; q++) {
      const query = row(queries, q, D);
      assert.deepEqual(exact.search(query, 10).map((h) => h.label), bruteForce(data, count, query, 10));
      assert.deepEqual(exact.search(query, 10, even).map((h) => h.label), bruteForce(data, count, query, 10, even));
      const few = new Set([5, 17, 2999, 42]);
      assert.deepEqual(exact.search(query, 10, few).map((h) => h.label), bruteForce(data, count, query, 10, (l) => few.has(l)));
    }
  });

  it('exact index replaces and removes by label and keeps rows dense', () => {
    const exact = new ExactIndex(D, 4);
    for (let i = 0; i < 10; i++) exact.add(100 + i, row(data, i, D));
    exact.remove(103);
    exact.remove(109);
    exact.add(105, row(data, 50, D));
    assert.equal(exact.size, 8);
    assert.equal(exact.has(103), false);
    const top = exact.search(row(data, 50, D), 1)[0];
    assert.equal(top?.label, 105);
    assert.ok(Math.abs((top?.score ?? 0) - 1) < 1e-5);
    assert.deepEqual(exact.allLabels().sort(), [100, 101, 102, 104, 105, 106, 107, 108]);
  });

  it('rejects a query of the wrong size with a message that says what to do', () => {
    const exact = new ExactIndex(D);
    assert.throws(() => exact.search(new Float32Array(D + 1), 3), /has 33 dimensions but the index holds 32-dimension vectors; re-embed/);
  });

  it('HNSW agrees with exact search (recall@10 >= 0.95) and honours filters', () => {
    const hnsw = HnswIndex.create(D, 100);
    const exact = new ExactIndex(D, count);
    for (let i = 0; i < count; i++) {
      hnsw.add(i + 1, row(data, i, D));
      exact.add(i + 1, row(data, i, D));
    }
    let found = 0;
    for (let q = 0; q < queries.length / D; q++) {
      const query = row(queries, q, D);
      const truth = new Set(exact.search(query, 10).map((h) => h.label));
      found += hnsw.search(query, 10).filter((h) => truth.has(h.label)).length;
    }
    const recall = found / ((queries.length / D) * 10);
    assert.ok(recall >= 0.95, `recall@10 ${recall}`);

    const odd = (label: number) => label % 2 === 1;
    const query = row(queries, 0, D);
    const filtered = hnsw.search(query, 10, odd);
    assert.equal(filtered.length, 10);
    assert.ok(filtered.every((h) => odd(h.label)));
    const allowed = new Set([7, 77, 777, 2777]);
    assert.deepEqual(hnsw.search(query, 10, allowed).map((h) => h.label), exact.search(query, 10, allowed).map((h) => h.label));
  });

  it('HNSW grows past its capacity, hides removed labels and revives re-added ones', () => {
    const hnsw = HnswIndex.create(D, 16);
    for (let i = 0; i < 200; i++) hnsw.add(i + 1, row(data, i, D));
    assert.equal(hnsw.size, 200);
    hnsw.remove(51);
    assert.ok(!hnsw.search(row(data, 50, D), 5).some((h) => h.label === 51));
    assert.deepEqual(hnsw.deletedLabels, [51]);
    hnsw.add(51, row(data, 50, D));
    assert.equal(hnsw.search(row(data, 50, D), 1)[0]?.label, 51);
    assert.deepEqual(hnsw.deletedLabels, []);
    assert.equal(hnsw.search(row(data, 0, D), 500).length, 200);
  });
});
