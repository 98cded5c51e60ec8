import assert from 'node:assert/strict';
import type { IndexState } from '../../../protocol/lsp';
import { panelStatus } from '../../../webview/state/panelStatus';
import { activeFilterCount, initialSearchState, receiveResult, startSearch, type SearchInput } from '../../../webview/state/searchState';
import { hit } from './hits';

const running = { state: 'running' } as const;

function index(phase: IndexState['phase'], extra: Partial<IndexState> = {}): IndexState {
  return { phase, paused: phase === 'paused', filesDone: 0, filesTotal: 0, files: 0, chunks: 0, pendingUpdates: 0, folders: [], ...extra };
}

function answered(input: SearchInput, hits = [hit('a.ts', 1, 2, 1)], partial = false) {
  const { state, message } = startSearch(initialSearchState(), input);
  return receiveResult(state, { type: 'searchResult', seq: message!.seq, hits, tookMs: 1, partial });
}

describe('webview panel status', () => {
  it('shows the daemon being unavailable, with its message, above everything else', () => {
    const status = panelStatus({ state: 'unavailable', message: 'It crashed 5 times.' }, index('ready'), answered({ query: 'q', filters: {}, scope: 'local' }));
    assert.deepEqual(status, { main: { kind: 'unavailable', message: 'It crashed 5 times.' }, index: null });
  });

  it('shows index progress beside the results while the index builds', () => {
    const status = panelStatus(running, index('indexing', { filesDone: 40, filesTotal: 120 }), answered({ query: 'q', filters: {}, scope: 'local' }));
    assert.deepEqual(status.index, { kind: 'indexing', filesDone: 40, filesTotal: 120 });
    assert.equal(status.main.kind, 'results');
  });

  it('explains no results: the filters may be why, the index may still be filling', () => {
    const status = panelStatus(running, index('indexing', { filesTotal: 10 }), answered({ query: 'zzz', filters: { language: 'go' }, scope: 'local' }, []));
    assert.deepEqual(status.main, { kind: 'no-results', query: 'zzz', filtered: true, indexing: true });
    const plain = panelStatus(running, index('ready'), answered({ query: 'zzz', filters: {}, scope: 'local' }, []));
    assert.deepEqual(plain.main, { kind: 'no-results', query: 'zzz', filtered: false, indexing: false });
    assert.equal(plain.index, null);
  });

  it('counts a scope narrower than the one searches start from as a filter, and keeps why team results are missing', () => {
    const both = answered({ query: 'zzz', filters: {}, scope: 'both' }, []);
    assert.deepEqual(panelStatus(running, index('ready'), both, 'both').main, { kind: 'no-results', query: 'zzz', filtered: false, indexing: false });
    const local = answered({ query: 'zzz', filters: {}, scope: 'local' }, []);
    assert.deepEqual(panelStatus(running, index('ready'), local, 'both').main, { kind: 'no-results', query: 'zzz', filtered: true, indexing: false });
    assert.equal(activeFilterCount({ query: 'q', filters: { kind: 'function' }, scope: 'team' }, 'both'), 2);
    assert.equal(activeFilterCount({ query: 'q', filters: { kind: 'function' }, scope: 'both' }, 'both'), 1);

    const { state, message } = startSearch(initialSearchState(), { query: 'q', filters: {}, scope: 'both' });
    const answer = receiveResult(state, { type: 'searchResult', seq: message!.seq, hits: [hit('a.ts', 1, 2, 1)], tookMs: 1, partial: false, teamError: 'The team server did not answer within 4 s.' });
    assert.equal(answer.teamError, 'The team server did not answer within 4 s.');
    assert.equal(startSearch(answer, { query: '', filters: {}, scope: 'both' }).state.teamError, null, 'cleared with the results');
  });

  it('shows a hint before anything is typed, and "searching" before the first answer', () => {
    assert.equal(panelStatus(running, index('ready'), initialSearchState()).main.kind, 'idle');
    const { state } = startSearch(initialSearchState(), { query: 'q', filters: {}, scope: 'local' });
    assert.equal(panelStatus(running, index('ready'), state).main.kind, 'searching');
    assert.equal(panelStatus({ state: 'starting' }, null, state).main.kind, 'starting');
  });

  it('reports folders that failed to index with their messages, and a paused index', () => {
    const failed = index('ready', {
      folders: [
        { uri: 'file:///a', name: 'a', phase: 'failed', filesDone: 0, filesTotal: 0, files: 0, chunks: 0, error: 'Indexing /a failed: disk full.', team: { phase: 'off' } },
        { uri: 'file:///b', name: 'b', phase: 'ready', filesDone: 0, filesTotal: 0, files: 3, chunks: 9, team: { phase: 'off' } },
      ],
    });
    assert.deepEqual(panelStatus(running, failed, initialSearchState()).index, { kind: 'failed', messages: ['Indexing /a failed: disk full.'] });
    assert.deepEqual(panelStatus(running, index('paused'), initialSearchState()).index, { kind: 'paused' });
  });
});
