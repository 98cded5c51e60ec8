import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { analyzeText, buildFtsQuery, identifierCandidates } from '../../../daemon/engine/search/terms';

/** An FTS5 table configured as the index's: the analyzer's output is stored as it is. */
function ftsTable(docs: Record<string, string>) {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE docs USING fts5(name UNINDEXED, body, tokenize = "unicode61 tokenchars '_'")`);
  db.exec(`CREATE VIRTUAL TABLE vocab USING fts5vocab(docs, 'row')`);
  const insert = db.prepare('INSERT INTO docs (name, body) VALUES (?, ?)');
  for (const [name, text] of Object.entries(docs)) insert.run(name, analyzeText(text));
  const search = (query: string): string[] => {
    const match = buildFtsQuery(query);
    if (match === null) return [];
    return (db.prepare('SELECT name FROM docs WHERE docs MATCH ? ORDER BY bm25(docs)').all(match) as { name: string }[]).map((r) => r.name);
  };
  return { db, search };
}

describe('analyzeText', () => {
  const cases: [string, string][] = [
    ['parseJSON2Yaml', 'parsejson2yaml pars json2 json 2 yaml'],
    ['HTTPServer', 'httpserver http server'],
    ['XMLHttpRequest', 'xmlhttprequest xml http request'],
    ['IOError', 'ioerror io error'],
    ['get_dict', 'get_dict get dict'],
    ['MAX_RETRY_COUNT', 'max_retry_count max retri count'],
    ['__init__', '__init__ init'],
    ['--max-retries', 'max retri max_retries'],
    ['retryPolicies', 'retrypolicies retri polici'],
    ['base64Encode', 'base64encode base64 base 64 encod'],
    ['Int32Array', 'int32array int32 int 32 arrai'],
    ['configured', 'configur'],
    ['Parser', 'parser'],
    ['404 0x1F', '404 0x1f'],
    ['a3f9b2c4d5e6f7a8', 'a3f9b2c4d5e6f7a8'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} -> ${expected}`, () => assert.equal(analyzeText(input), expected));
  }

  it('analyzes a realistic line of code token by token, keeping term frequency', () => {
    assert.equal(
      analyzeText('const retryPolicy = loadRetryPolicy(config.retries);'),
      'const retrypolicy retri polici loadretrypolicy load retri polici config retri',
    );
  });

  it('gives a plain word only its stem, the same term as that word inside an identifier', () => {
    // Prose holds words whole; code holds them inside identifiers. Matching both through one term
    // keeps documentation from outscoring the code it describes.
    assert.equal(analyzeText('retries'), 'retri');
    assert.ok(analyzeText('maxRetries').split(' ').includes('retri'));
  });

  it('handles non-ASCII identifiers and text, lowercasing without stemming', () => {
    assert.equal(analyzeText('naïveBayes 日本語のテキスト ÉCOLE'), 'naïvebayes naïve bay 日本語のテキスト école');
    // A decomposed accent (e + U+0301) stays inside its word.
    assert.equal(analyzeText('cafe\u0301Menu'), 'cafe\u0301menu cafe\u0301 menu');
  });

  it('drops data-like runs longer than 64 characters and returns "" for text without words', () => {
    assert.equal(analyzeText(`x = "${'QUJD'.repeat(40)}"`), 'x');
    assert.equal(analyzeText(' (){}[];.,!?+-*/ '), '');
  });

  it('produces exactly the tokens the FTS5 table stores (nothing is split further)', () => {
    const text = 'class HTTPServer { parseJSON2Yaml(max_retries: number) { return get_dict("x-request-id") } }';
    const { db } = ftsTable({ doc: text });
    const stored = (db.prepare('SELECT term FROM vocab').all() as { term: string }[]).map((r) => r.term).sort();
    assert.deepEqual(stored, [...new Set(analyzeText(text).split(' '))].sort());
  });
});

describe('buildFtsQuery', () => {
  it('quotes every term and joins them with OR, adding joined-identifier and proximity forms', () => {
    assert.equal(buildFtsQuery('parseConfig'), '"parseconfig" OR "pars" OR "config"');
    assert.equal(
      buildFtsQuery('parse config'),
      '"pars" OR "config" OR "parseconfig" OR "parse_config" OR NEAR("pars" "config", 24)',
    );
  });

  it('drops question words unless nothing else is left', () => {
    assert.equal(
      buildFtsQuery('where is it'),
      '"where" OR "is" OR "it" OR "whereis" OR "where_is" OR "isit" OR "is_it" OR "whereisit" OR "where_is_it" OR NEAR("where" "is" "it", 24)',
    );
    assert.ok(!buildFtsQuery('where are retries configured')!.includes('"where"'));
  });

  it('returns null when the query has no word to search for', () => {
    for (const query of ['', '   ', '?!', '"""', '()*^:-']) assert.equal(buildFtsQuery(query), null, JSON.stringify(query));
  });

  it('never lets user text act as FTS5 syntax: hostile queries run and match literally', () => {
    const { search } = ftsTable({
      operators: 'we use NOT and OR and AND and NEAR as words',
      other: 'nothing related',
    });
    const hostile = [
      'NOT', 'OR', 'a AND', 'NEAR(a b)', '"unterminated', 'col:term', 'body:nothing', '^start', 'prefix*',
      '(((', ')', '-x', '+', '"" OR ""', 'a"b', "it's", 'x NOT y', '{body}: x', '\u0000', 'AND OR NOT',
    ];
    for (const query of hostile) assert.doesNotThrow(() => search(query), query);
    assert.deepEqual(search('NOT'), ['operators']);
    assert.deepEqual(search('NEAR(a b)'), ['operators']);
    assert.deepEqual(search('body:nothing'), ['other']);
  });

  describe('ranking over realistic chunks', () => {
    const { search } = ftsTable({
      parseConfig: 'export function parseConfig(text: string): Config { return JSON.parse(text) as Config; }',
      configDocs: 'The config file is parsed at startup. Parse errors are reported with the line number.',
      loadRetryPolicy: 'export function loadRetryPolicy(config: Config): RetryPolicy { return { maxRetries: config.retries ?? 3, backoffMs: 200 }; }',
      retrySettings: '# Retries\nRetries are configured in mobius.toml under [network]: retry_limit and backoff_ms.',
      httpServer: 'export class HTTPServer { listen(port: number) { this.server = createServer(this.handle); } }',
      getDict: 'def get_dict(self, key):\n    return self._store.get(key, {})',
      cliFlags: "program.option('--max-retries <n>', 'how many times a request is retried')",
      unrelated: 'export const VERSION = "1.0.0"; export function greet(name: string) { return `hello ${name}`; }',
    });

    const cases: [string, string][] = [
      ['parseConfig', 'parseConfig'],
      ['parse config', 'parseConfig'],
      ['retry policy', 'loadRetryPolicy'],
      ['where are retries configured', 'retrySettings'],
      ['HTTP server', 'httpServer'],
      ['HTTPServer listen', 'httpServer'],
      ['get_dict', 'getDict'],
      ['get dict', 'getDict'],
      ['max-retries', 'cliFlags'],
      ['max_retries', 'cliFlags'],
      ['retry_limit', 'retrySettings'],
    ];
    for (const [query, best] of cases) {
      it(`"${query}" ranks ${best} first`, () => assert.equal(search(query)[0], best));
    }

    it('still finds partial matches, ranked after full ones', () => {
      const results = search('parse retries');
      assert.ok(results.includes('parseConfig') && results.includes('loadRetryPolicy'));
      assert.ok(!results.includes('unrelated'));
      // A CLI flag also finds the camelCase field behind it.
      assert.ok(search('max-retries').includes('loadRetryPolicy'));
    });
  });
});

describe('identifierCandidates', () => {
  it('returns the words that look like identifiers, as typed', () => {
    assert.deepEqual(identifierCandidates('where is parseConfig called'), ['parseConfig']);
    assert.deepEqual(identifierCandidates('get_dict and HTTPServer, IOError'), ['get_dict', 'HTTPServer', 'IOError']);
    assert.deepEqual(identifierCandidates('who calls Config.load?'), ['Config.load']);
    assert.deepEqual(identifierCandidates('sha256 of _private and MAX_RETRIES'), ['sha256', '_private', 'MAX_RETRIES']);
  });

  it('leaves out plain words, all-caps acronyms and numbers in a sentence', () => {
    assert.deepEqual(identifierCandidates('How does the API retry requests in 2024'), []);
    assert.deepEqual(identifierCandidates('Parser errors'), []);
  });

  it('treats a single bare word as a name', () => {
    assert.deepEqual(identifierCandidates('stemmer'), ['stemmer']);
    assert.deepEqual(identifierCandidates('  Parser '), ['Parser']);
    assert.deepEqual(identifierCandidates('404'), []);
  });
});
