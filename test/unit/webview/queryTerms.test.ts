import assert from 'node:assert/strict';
import { queryTerms, termRanges } from '../../../webview/state/queryTerms';

const marked = (text: string, query: string): string[] => termRanges(text, queryTerms(query)).map(([s, e]) => text.slice(s, e));

describe('webview query terms', () => {
  it('splits identifiers the way the index does, longest first, without duplicates', () => {
    assert.deepEqual(queryTerms('parseConfig'), ['config', 'parse']);
    assert.deepEqual(queryTerms('parse_config PARSE'), ['config', 'parse']);
    assert.deepEqual(queryTerms('HTTPServer retry'), ['server', 'retry', 'http']);
    assert.deepEqual(queryTerms('a + b'), [], 'one-letter words mark nothing');
  });

  it('marks terms where words and identifier parts begin', () => {
    assert.deepEqual(marked('const config = parseConfig(raw);', 'parse config'), ['config', 'parseConfig']);
    assert.deepEqual(marked('startHTTPServer()', 'server'), ['Server']);
    assert.deepEqual(marked('retry_with_backoff', 'backoff'), ['backoff']);
  });

  it('does not mark a term inside a word', () => {
    assert.deepEqual(marked('const string = "x"', 'in'), []);
    assert.deepEqual(marked('getIndex(index)', 'in'), ['In', 'in']);
  });

  it('marks a prefix of a longer word', () => {
    assert.deepEqual(marked('if (configured) return', 'config'), ['config']);
  });

  it('joins touching and overlapping ranges into one', () => {
    const text = 'retryPolicy';
    assert.deepEqual(termRanges(text, queryTerms('retry policy')), [[0, 11]]);
    assert.deepEqual(termRanges('parser.parse()', ['parser', 'parse']), [[0, 6], [7, 12]]);
  });
});
