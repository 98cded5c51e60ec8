import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../../daemon/engine/parse/analyzeFile';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, complexityOf, outline } from './helpers';

describe('parse: Python', () => {
  it('outlines classes, functions and module code', async () => {
    const analyzed = await analyzeFixture('sample.py');
    assertChunksMatchSource(analyzed);
    assert.deepEqual(outline(analyzed.analysis), [
      'module sample.py (module) 1-12',
      'class CacheMiss 15-17',
      'class LruCache 20-42',
      'method LruCache.__init__ 27-29',
      'method LruCache.get 31-38',
      'method LruCache.size 40-42',
      'function load_entries 45-57',
      'function expand 60-63',
      'module sample.py (module) 66-67',
    ]);
  });

  it('prefers docstrings, falls back to # comments, and includes decorators in the chunk', async () => {
    const { analysis } = await analyzeFixture('sample.py');
    const cache = chunkNamed(analysis, 'LruCache');
    assert.equal(cache.signature, 'class LruCache:');
    assert.equal(cache.docComment, 'A bounded least-recently-used cache.\n\nEvicts the oldest entry once ``capacity`` is reached.');
    assert.ok(cache.content.startsWith('@dataclass_like\nclass LruCache:'));
    assert.equal(chunkNamed(analysis, 'CacheMiss').docComment, 'Raised when a key is missing and no default was given.');
    const expand = chunkNamed(analysis, 'expand');
    assert.equal(expand.docComment, 'Expands a user path.\nKept tiny on purpose.');
    assert.equal(expand.signature, 'def expand(path):');
    assert.equal(chunkNamed(analysis, 'load_entries').docComment, 'Load cache entries from a JSON lines file.');
    const size = chunkNamed(analysis, 'LruCache.size', 'method');
    assert.ok(size.content.startsWith('    @property\n    def size(self):'));
  });

  it('lists absolute, relative and nested imports', async () => {
    const { analysis } = await analyzeFixture('sample.py');
    assert.deepEqual(analysis.imports, ['os', 'json', 'collections', '.storage', 'ujson']);
  });

  it('computes complexity', async () => {
    const { analysis } = await analyzeFixture('sample.py');
    // for, if, or, except, if, and, conditional expression.
    assert.equal(chunkNamed(analysis, 'load_entries').complexity, 8);
    // if, elif.
    assert.equal(complexityOf(analysis, 'LruCache.get'), 3);
    assert.equal(complexityOf(analysis, 'LruCache.size'), 1);
  });

  it('finds definitions under module-level if and try blocks', async () => {
    const source = [
      'import sys',
      '',
      'if sys.platform == "win32":',
      '    def home():',
      '        return "C:\\\\"',
      'else:',
      '    def home():',
      '        return "/"',
      '',
      'try:',
      '    from fast import encode',
      'except ImportError:',
      '    def encode(value):',
      '        return str(value)',
      '',
    ].join('\n');
    const analysis = await analyzeFile('compat.py', source, 'python');
    assertChunksMatchSource({ source, analysis });
    assert.deepEqual(outline(analysis), [
      'module compat.py (module) 1-3',
      'function home 4-5',
      'module compat.py (module) 6-6',
      'function home 7-8',
      'module compat.py (module) 10-12',
      'function encode 13-14',
    ]);
    assert.deepEqual(analysis.imports, ['sys', 'fast']);
  });
});
