import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkerPool } from '../../../daemon/engine/index/workerPool';

/** A real worker script: answers tasks one at a time after a delay (like a CPU-bound parser), and dies on request. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
let busy = Promise.resolve();
parentPort.on('message', ({ id, task }) => {
  if (!task) return;
  if (task.die) process.exit(3);
  busy = busy.then(() => new Promise((done) => setTimeout(done, task.ms ?? 5)))
    .then(() => parentPort.postMessage({ id, result: { id: task.id, at: Date.now() } }));
});
`;

/** A worker whose jobs run at the same time, so a shorter later job answers first. */
const CONCURRENT_WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ id, task }) => {
  if (task) setTimeout(() => parentPort.postMessage({ id, result: { id: task.id } }), task.ms);
});
`;

describe('WorkerPool', () => {
  let script: string;
  before(() => {
    script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-pool-')), 'worker.js');
    fs.writeFileSync(script, WORKER_SOURCE);
  });
  after(() => fs.rmSync(path.dirname(script), { recursive: true, force: true }));

  it('runs interactive jobs before bulk jobs not yet handed to a worker', async () => {
    const pool = new WorkerPool<{ id: string; ms?: number }, { id: string }>(script, 1);
    const order: string[] = [];
    const track = (p: Promise<{ id: string }>) => p.then((r) => order.push(r.id));
    const jobs = ['bulk-0', 'bulk-1', 'bulk-2', 'bulk-3', 'bulk-4'].map((id, i) => track(pool.run({ id, ms: i === 0 ? 30 : 5 })));
    jobs.push(track(pool.run({ id: 'typed', ms: 1 }, 'interactive')));
    await Promise.all(jobs);
    await pool.close();
    // A worker holds up to three jobs; the interactive one overtakes everything still queued.
    assert.deepEqual(order, ['bulk-0', 'bulk-1', 'bulk-2', 'typed', 'bulk-3', 'bulk-4']);
  });

  it('gives every job its own result when a worker answers out of order', async () => {
    const concurrent = path.join(path.dirname(script), 'concurrent.js');
    fs.writeFileSync(concurrent, CONCURRENT_WORKER_SOURCE);
    const pool = new WorkerPool<{ id: string; ms: number }, { id: string }>(concurrent, 1);
    const results = await Promise.all(['slow', 'medium', 'fast'].map((id, i) => pool.run({ id, ms: 40 - i * 15 })));
    await pool.close();
    assert.deepEqual(results.map((r) => r.id), ['slow', 'medium', 'fast']);
  });

  it('fails only the job of a worker that dies, and keeps serving with a new worker', async () => {
    const pool = new WorkerPool<{ id: string; die?: boolean }, { id: string }>(script, 1);
    await assert.rejects(pool.run({ id: 'x', die: true }), /exited with code 3/);
    assert.equal((await pool.run({ id: 'after' })).id, 'after');
    await pool.close();
  });

  it('rejects queued jobs with a clear error when closed', async () => {
    const pool = new WorkerPool<{ id: string; ms?: number }, { id: string }>(script, 1);
    const sent = ['a', 'b', 'c'].map((id) => assert.rejects(pool.run({ id, ms: 50 }), /closed while the job ran/));
    const queued = assert.rejects(pool.run({ id: 'd' }), /closed before the job ran/);
    await pool.close();
    await Promise.all([...sent, queued]);
  });
});
