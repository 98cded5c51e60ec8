import assert from 'node:assert/strict';
import { fuseRankings } from '../../../daemon/engine/search/hybrid';

describe('hybrid ranking (reciprocal-rank fusion)', () => {
  it('scores each id by weight / (k + rank) summed over the lists', () => {
    const fused = fuseRankings(['a', 'b', 'c'], ['c', 'a', 'd']);
    const score = (id: string) => fused.find((h) => h.id === id)?.score;
    assert.equal(score('a'), 1 / 61 + 1 / 62);
    assert.equal(score('c'), 1 / 63 + 1 / 61);
    assert.equal(score('b'), 1 / 62);
    assert.equal(score('d'), 1 / 63);
    assert.deepEqual(fused.map((h) => h.id), ['a', 'c', 'b', 'd']);
    assert.deepEqual(fused[0], { id: 'a', score: 1 / 61 + 1 / 62, keywordRank: 1, vectorRank: 2, exactIdentifier: false });
  });

  it('lets agreement between the lists beat a single first place', () => {
    const fused = fuseRankings(['solo', 'both'], ['other', 'both']);
    assert.equal(fused[0]?.id, 'both');
  });

  it('follows the weights and k', () => {
    assert.equal(fuseRankings(['kw'], ['vec'], { keywordWeight: 1, vectorWeight: 2 })[0]?.id, 'vec');
    assert.equal(fuseRankings(['kw'], ['vec'], { keywordWeight: 2, vectorWeight: 1 })[0]?.id, 'kw');
    const flat = fuseRankings(['a', 'b'], [], { k: 1000 });
    const steep = fuseRankings(['a', 'b'], [], { k: 1 });
    const ratio = (hits: typeof flat) => (hits[0]?.score ?? 0) / (hits[1]?.score ?? 1);
    assert.ok(ratio(steep) > ratio(flat));
    assert.deepEqual(fuseRankings(['a'], ['b'], { vectorWeight: 0 }).map((h) => h.score), [1 / 61, 0]);
  });

  it('dedupes ids within a list at their best rank', () => {
    const fused = fuseRankings(['x', 'y', 'x', 'x'], ['y', 'y']);
    assert.deepEqual(fused.map((h) => h.id), ['y', 'x']);
    assert.equal(fused.find((h) => h.id === 'x')?.score, 1 / 61);
    assert.equal(fused.find((h) => h.id === 'y')?.score, 1 / 62 + 1 / 61);
  });

  it('puts exact identifier matches first, even from low ranks or neither list', () => {
    const keyword = Array.from({ length: 50 }, (_, i) => `k${i}`);
    const vector = ['k0', ...Array.from({ length: 49 }, (_, i) => `v${i}`)];
    const fused = fuseRankings(keyword, vector, { exactIdentifierIds: new Set(['k40', 'defOnly']) });
    assert.deepEqual(fused.slice(0, 3).map((h) => h.id), ['k40', 'defOnly', 'k0']);
    assert.ok(fused[0]?.exactIdentifier);
    assert.equal(fused.find((h) => h.id === 'k0')?.exactIdentifier, false);
  });

  it('breaks ties by keyword rank, then vector rank, then id, and honours the limit', () => {
    const fused = fuseRankings(['a', 'b'], ['b', 'a'], { limit: 1 });
    assert.deepEqual(fused.map((h) => h.id), ['a']);
    assert.deepEqual(fuseRankings([], ['z', 'y']).map((h) => h.id), ['z', 'y']);
    assert.deepEqual(fuseRankings([], []), []);
  });
});
