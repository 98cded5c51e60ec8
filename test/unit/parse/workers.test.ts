import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyzeFixture, readFixture } from './helpers';

// Small grammars keep the workers' start-up (compiling each grammar's wasm) short.
const FIXTURES = ['sample.py', 'sample.go', 'Sample.java', 'sample.js'];

/** Runs analyzeFile in a worker thread, as the indexer does, and returns what it posted back. */
function analyzeInWorker(files: { name: string; source: string }[]): Promise<unknown> {
  const modulePath = path.join(__dirname, '..', '..', '..', 'daemon', 'engine', 'parse', 'analyzeFile.ts');
  const languagesPath = path.join(__dirname, '..', '..', '..', 'daemon', 'engine', 'parse', 'languages.ts');
  const script = `
    require('tsx/cjs');
    const { parentPort, workerData } = require('node:worker_threads');
    const { analyzeFile } = require(${JSON.stringify(modulePath)});
    const { languageForPath } = require(${JSON.stringify(languagesPath)});
    Promise.all(workerData.map(({ name, source }) => analyzeFile('src/' + name, source, languageForPath(name))))
      .then((results) => parentPort.postMessage(results));
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { eval: true, workerData: files });
    worker.once('message', (message) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('parse: worker threads', () => {
  it('gives the same analysis in two concurrent workers as on the main thread', async () => {
    const files = FIXTURES.map((name) => ({ name, source: readFixture(name) }));
    const expected = await Promise.all(FIXTURES.map(async (name) => (await analyzeFixture(name)).analysis));
    const [first, second] = await Promise.all([analyzeInWorker(files), analyzeInWorker([...files].reverse())]);
    assert.deepEqual(first, expected);
    assert.deepEqual(second, [...expected].reverse());
  });
});
