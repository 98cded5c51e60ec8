import assert from 'node:assert/strict';
import { basketKey, type BasketItem, type BasketMeasuredMessage } from '../../../protocol/webview';
import {
  addToBasket, applyMeasurement, basketItemOfHit, holderOf, removeFromBasket, sameKeys, tokenSummary,
} from '../../../webview/state/basket';
import { hit } from './hits';

const item = (path: string, startLine: number, endLine: number, tokens?: number): BasketItem => ({
  ...basketItemOfHit(hit(path, startLine, endLine, 1)),
  ...(tokens !== undefined ? { tokens } : {}),
});

function measured(items: BasketItem[], packedTokens: number, itemTokens: Record<string, number> = {}, omitted: string[] = []): BasketMeasuredMessage {
  return { type: 'basketMeasured', keys: items.map((i) => i.key), itemTokens, packedTokens, omitted };
}

describe('webview context basket', () => {
  it('makes an item of a search hit, keyed by file and lines', () => {
    const h = hit('src/billing/invoice.ts', 12, 40, 3, 'totalDue');
    const made = basketItemOfHit(h);
    assert.equal(made.key, basketKey(h.uri, 12, 40));
    assert.deepEqual([made.path, made.startLine, made.endLine, made.label, made.kind], ['src/billing/invoice.ts', 12, 40, 'totalDue', 'function']);
  });

  it('adds items in order and never the same span twice', () => {
    const a = item('a.ts', 1, 10);
    const b = item('b.ts', 5, 8);
    let outcome = addToBasket([], [a, b]);
    assert.deepEqual(outcome.items.map((i) => i.key), [a.key, b.key]);
    assert.equal(outcome.added, 2);
    outcome = addToBasket(outcome.items, [item('a.ts', 1, 10)]);
    assert.equal(outcome.added, 0);
    assert.equal(outcome.alreadyIn, 1);
    assert.equal(outcome.items.length, 2);
  });

  it('skips a span inside one it holds, and replaces the spans inside a larger one', () => {
    const method = item('a.ts', 12, 20);
    const otherFile = item('b.ts', 12, 20);
    let outcome = addToBasket([method, otherFile], [item('a.ts', 14, 16)]);
    assert.equal(outcome.alreadyIn, 1, 'lines 14-16 are already in by lines 12-20');
    const cls = item('a.ts', 10, 50);
    outcome = addToBasket(outcome.items, [cls]);
    assert.deepEqual(outcome.items.map((i) => i.key), [otherFile.key, cls.key]);
    assert.equal(holderOf(outcome.items, item('a.ts', 12, 20))?.key, cls.key);
    assert.equal(holderOf(outcome.items, item('a.ts', 45, 60)), undefined, 'a partial overlap is not held');
  });

  it('removes by key', () => {
    const a = item('a.ts', 1, 10);
    const b = item('b.ts', 1, 10);
    assert.deepEqual(removeFromBasket([a, b], a.key), [b]);
    assert.deepEqual(removeFromBasket([a, b], 'file:///nope#1-2'), [a, b]);
  });

  it('totals the items\' own tokens until the daemon has packed this exact basket', () => {
    const a = item('a.ts', 1, 10, 120);
    const b = item('b.ts', 1, 10);
    let summary = tokenSummary([a, b], null, 1000);
    assert.deepEqual([summary.tokens, summary.exact, summary.unmeasured, summary.level], [120, false, 1, 'ok']);
    const m = measured([a, b], 260, { [a.key]: 120, [b.key]: 130 });
    const items = applyMeasurement([a, b], m);
    summary = tokenSummary(items, m, 1000);
    assert.deepEqual([summary.tokens, summary.exact, summary.unmeasured], [260, true, 0]);
    // After a change the old pack no longer describes the basket.
    const c = item('c.ts', 3, 4, 40);
    summary = tokenSummary([...items, c], m, 1000);
    assert.deepEqual([summary.tokens, summary.exact], [290, false]);
    assert.equal(sameKeys([...items].reverse(), m.keys), false, 'order matters: the pack takes items in order');
  });

  it('says how the count stands against the budget, and which items did not fit', () => {
    const a = item('a.ts', 1, 10, 500);
    const b = item('b.ts', 1, 10, 480);
    assert.equal(tokenSummary([], null, 1000).level, 'empty');
    assert.equal(tokenSummary([a], null, 1000).level, 'ok');
    assert.equal(tokenSummary([a, b], null, 1000).level, 'near');
    assert.equal(tokenSummary([a, b, item('c.ts', 1, 2, 30)], null, 1000).level, 'over');
    const m = measured([a, b], 510, {}, [b.key]);
    const summary = tokenSummary([a, b], m, 1000);
    assert.equal(summary.level, 'over');
    assert.deepEqual([...summary.omitted], [b.key]);
  });

  it('keeps items whose count did not change, so unchanged rows are not redrawn', () => {
    const a = item('a.ts', 1, 10, 120);
    const [same] = applyMeasurement([a], measured([a], 120, { [a.key]: 120 }));
    assert.equal(same, a);
  });
});
