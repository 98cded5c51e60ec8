import { strict as assert } from 'node:assert';
import { analyzeFixture, assertChunksMatchSource, chunkNamed, complexityOf, outline } from './helpers';

describe('parse: TypeScript, TSX and JavaScript', () => {
  describe('sample.ts', () => {
    it('outlines the file as definitions and module code', async () => {
      const { analysis } = await analyzeFixture('sample.ts');
      assert.equal(analysis.parseFailed, false);
      assert.deepEqual(outline(analysis), [
        'module sample.ts (module) 1-6',
        'interface RetryOptions 8-13',
        'type Backoff 15-15',
        'enum Level 17-21',
        'class RetryPolicy 23-48',
        'method RetryPolicy.constructor 30-32',
        'method RetryPolicy.delayFor 34-42',
        'method RetryPolicy.canRetry 44-47',
        'namespace Paths 50-54',
        'function Paths.configFile 51-53',
        'function loadConfig 56-69',
        'function clamp 71-72',
        'module sample.ts (module) 74-74',
      ]);
    });

    it('keeps every chunk equal to its source lines', async () => {
      assertChunksMatchSource(await analyzeFixture('sample.ts'));
    });

    it('reads signatures and doc comments, starting chunks at the doc comment', async () => {
      const { analysis } = await analyzeFixture('sample.ts');
      const policy = chunkNamed(analysis, 'RetryPolicy');
      assert.equal(policy.signature, 'export class RetryPolicy');
      assert.equal(policy.docComment, 'Decides how long to wait between attempts.\nImmutable once built.');
      assert.ok(policy.content.startsWith('/**\n * Decides how long'));
      const load = chunkNamed(analysis, 'loadConfig', 'function');
      assert.equal(load.signature, 'export async function loadConfig(file: string): Promise<RetryOptions>');
      assert.equal(load.docComment, 'Reads and parses a JSON config file.\n@param file absolute path');
      assert.equal(chunkNamed(analysis, 'RetryOptions').docComment, 'Options accepted by {@link RetryPolicy}.');
      assert.equal(chunkNamed(analysis, 'clamp').signature, 'export const clamp = (value: number, min: number, max: number): number =>');
      assert.equal(chunkNamed(analysis, 'Backoff').signature, "export type Backoff = 'linear' | 'exponential';");
    });

    it('lists imports and re-exports', async () => {
      const { analysis } = await analyzeFixture('sample.ts');
      assert.deepEqual(analysis.imports, ['node:fs/promises', 'node:path', './logger', './format']);
    });

    it('computes cyclomatic complexity for functions and methods', async () => {
      const { analysis } = await analyzeFixture('sample.ts');
      // for, if, &&, ||, ??: five decisions.
      assert.equal(chunkNamed(analysis, 'loadConfig').complexity, 6);
      // if, else if, ternary.
      assert.equal(complexityOf(analysis, 'RetryPolicy.delayFor'), 4);
      // && only: optional chaining is not a decision.
      assert.equal(complexityOf(analysis, 'RetryPolicy.canRetry'), 2);
      assert.equal(chunkNamed(analysis, 'RetryPolicy').complexity, undefined);
    });

    it('keeps a small class whole and gives each of its methods a chunk too', async () => {
      const { source, analysis } = await analyzeFixture('sample.ts');
      const lines = source.split('\n');
      assert.equal(chunkNamed(analysis, 'RetryPolicy').content, lines.slice(22, 48).join('\n'));
      const delayFor = chunkNamed(analysis, 'RetryPolicy.delayFor', 'method');
      assert.equal(delayFor.name, 'delayFor');
      assert.equal(delayFor.signature, "delayFor(n: number, backoff: Backoff = 'exponential'): number");
      assert.equal(delayFor.docComment, 'Delay before attempt `n` (1-based).');
      assert.equal(chunkNamed(analysis, 'RetryPolicy.canRetry').docComment, 'Whether another attempt is allowed.');
    });
  });

  describe('sample.tsx', () => {
    it('reads components, hooks and JSX', async () => {
      const analyzed = await analyzeFixture('sample.tsx');
      assertChunksMatchSource(analyzed);
      const { analysis } = analyzed;
      assert.deepEqual(outline(analysis), [
        'module sample.tsx (module) 1-2',
        'interface ResultListProps 4-8',
        'function ResultList 10-25',
        'function useDebounced 27-35',
      ]);
      assert.equal(chunkNamed(analysis, 'ResultList').complexity, 3);
      assert.equal(chunkNamed(analysis, 'useDebounced').docComment, 'A hook that debounces a value.');
      assert.deepEqual(analysis.imports, ['react', '../../protocol/engine']);
    });
  });

  describe('sample.js', () => {
    it('reads CommonJS and prototype definitions', async () => {
      const analyzed = await analyzeFixture('sample.js');
      assertChunksMatchSource(analyzed);
      const { analysis } = analyzed;
      assert.deepEqual(outline(analysis), [
        'module sample.js (module) 1-4',
        'function Watcher 6-14',
        'method Watcher.queue 16-21',
        'class Debouncer 23-35',
        'method Debouncer.constructor 24-28',
        'method Debouncer.run 30-34',
        'function loadPlugin 37-40',
        'function createWatcher 42-44',
        'module sample.js (module) 46-47',
      ]);
      const queue = chunkNamed(analysis, 'Watcher.queue');
      assert.equal(queue.name, 'queue');
      assert.equal(queue.docComment, 'Queues a changed path, ignoring dot-files.');
      assert.equal(queue.complexity, 3);
      assert.equal(complexityOf(analysis, 'Debouncer.run'), 2);
      assert.deepEqual(analysis.imports, ['node:path', 'events']);
    });
  });
});
