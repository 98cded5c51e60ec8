import assert from 'node:assert/strict';
import type { SearchResultMessage } from '../../../protocol/webview';
import {
  fileGroups, hitKey, initialSearchState, moveSelection, orderHits, receiveFailure, receiveResult, select, selectedHit,
  setGrouping, startSearch, type SearchInput, type SearchState,
} from '../../../webview/state/searchState';
import { hit } from './hits';

const input = (query: string, filters: SearchInput['filters'] = {}): SearchInput => ({ query, filters, scope: 'local' });

function answer(seq: number, hits = [hit('src/a.ts', 1, 5, 3)]): SearchResultMessage {
  return { type: 'searchResult', seq, hits, tookMs: 2.5, partial: false };
}

/** Sends a search and returns the state and the sequence number it went out with. */
function send(state: SearchState, query: string): { state: SearchState; seq: number } {
  const { state: next, message } = startSearch(state, input(query));
  assert.ok(message, `a search for "${query}" is sent`);
  return { state: next, seq: message.seq };
}

describe('webview search state', () => {
  it('numbers each search and sends the query, filters and scope', () => {
    const first = startSearch(initialSearchState(), input('  retry  ', { language: 'python', kind: '', pathGlob: ' src/** ' }));
    assert.deepEqual(first.message, {
      type: 'search', seq: 1, query: 'retry', filters: { language: 'python', pathGlob: 'src/**' }, scope: 'local', limit: 50,
    });
    const second = startSearch(first.state, input('retry policy'));
    assert.equal(second.message?.seq, 2);
    assert.equal(second.state.phase, 'searching');
  });

  it('ignores an answer that arrives after a newer search was sent', () => {
    let { state, seq: older } = send(initialSearchState(), 'ret');
    const newer = send(state, 'retry');
    state = newer.state;
    const stale = receiveResult(state, answer(older, [hit('src/old.ts', 1, 2, 9)]));
    assert.equal(stale, state, 'the stale answer changes nothing');
    state = receiveResult(state, answer(newer.seq, [hit('src/new.ts', 3, 4, 1)]));
    assert.deepEqual(state.hits.map((h) => h.path), ['src/new.ts']);
    assert.equal(state.answeredQuery, 'retry');
    // The older answer arriving last still does not overwrite the newer one.
    assert.equal(receiveResult(state, answer(older, [hit('src/old.ts', 1, 2, 9)])), state);
  });

  it('ignores a stale failure too, and shows the current one without a stack', () => {
    let { state, seq: older } = send(initialSearchState(), 'a(');
    const newer = send(state, 'abc');
    state = newer.state;
    assert.equal(receiveFailure(state, older, 'bad query'), state);
    state = receiveFailure(state, newer.seq, 'The path glob "src/[" is not valid.');
    assert.equal(state.phase, 'failed');
    assert.equal(state.error, 'The path glob "src/[" is not valid.');
    assert.deepEqual(state.hits, []);
  });

  it('clears the results for an empty query without sending anything, and makes answers in flight stale', () => {
    let { state, seq } = send(initialSearchState(), 'retry');
    const cleared = startSearch(state, input('   '));
    assert.equal(cleared.message, null);
    state = cleared.state;
    assert.equal(state.phase, 'idle');
    assert.equal(receiveResult(state, answer(seq)), state);
  });

  it('keeps the selected hit selected when a new answer still has it', () => {
    const a = hit('src/a.ts', 1, 5, 3);
    const b = hit('src/b.ts', 10, 20, 2);
    let { state, seq } = send(initialSearchState(), 'x');
    state = receiveResult(state, answer(seq, [a, b]));
    state = select(state, 1);
    assert.equal(selectedHit(state)?.path, 'src/b.ts');
    ({ state, seq } = send(state, 'xy'));
    state = receiveResult(state, answer(seq, [hit('src/c.ts', 1, 1, 9), b, a]));
    assert.equal(selectedHit(state)?.path, 'src/b.ts');
    ({ state, seq } = send(state, 'xyz'));
    state = receiveResult(state, answer(seq, [a]));
    assert.equal(state.selected, 0, 'when it is gone the first hit is selected');
  });

  it('groups hits by file in the order of each file\'s best hit', () => {
    const hits = [hit('a.ts', 1, 2, 5), hit('b.ts', 1, 2, 9), hit('a.ts', 10, 12, 7), hit('c.ts', 3, 4, 1), hit('b.ts', 30, 40, 2)];
    const grouped = orderHits(hits, 'file');
    assert.deepEqual(grouped.map((h) => `${h.path}:${h.startLine}`), ['b.ts:1', 'b.ts:30', 'a.ts:10', 'a.ts:1', 'c.ts:3']);
    assert.deepEqual(fileGroups(grouped).map((g) => [g.path, g.first, g.hits.length]), [['b.ts', 0, 2], ['a.ts', 2, 2], ['c.ts', 4, 1]]);
    assert.deepEqual(orderHits(hits, 'flat').map((h) => h.score), [9, 7, 5, 2, 1]);
  });

  it('keeps the selection on the same hit when the grouping changes', () => {
    const hits = [hit('a.ts', 1, 2, 5), hit('b.ts', 1, 2, 9), hit('a.ts', 10, 12, 7), hit('c.ts', 1, 2, 6)];
    let { state, seq } = send(initialSearchState({}, 'flat'), 'q');
    state = receiveResult(state, answer(seq, hits));
    state = select(state, 3); // flat: b.ts:1, a.ts:10, c.ts:1, a.ts:1
    const key = hitKey(selectedHit(state)!);
    state = setGrouping(state, 'file');
    assert.equal(hitKey(selectedHit(state)!), key);
    assert.equal(state.selected, 2, 'by file: b.ts:1, a.ts:10, a.ts:1, c.ts:1');
  });

  it('moves the selection with the keyboard', () => {
    let { state, seq } = send(initialSearchState({}, 'flat'), 'q');
    state = receiveResult(state, answer(seq, [hit('a.ts', 1, 2, 3), hit('b.ts', 1, 2, 2), hit('c.ts', 1, 2, 1)]));
    assert.equal(state.selected, 0);
    state = moveSelection(state, 'ArrowDown', 10);
    state = moveSelection(state, 'ArrowDown', 10);
    state = moveSelection(state, 'ArrowDown', 10);
    assert.equal(selectedHit(state)?.path, 'c.ts');
    state = moveSelection(state, 'Home', 10);
    assert.equal(selectedHit(state)?.path, 'a.ts');
    assert.equal(select(state, 7), state, 'an index outside the list is ignored');
  });
});
