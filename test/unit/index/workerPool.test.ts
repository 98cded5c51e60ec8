import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkerPool } from '../../../daemon/engine/index/workerPool';

/** A real worker script: echoes tasks after a delay, and dies on request. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ task }) => {
  if (!task) return;
  if (task.die) process.exit(3);
  setTimeout(() => parentPort.postMessage({ id: task.id, at: Date.now() }), task.ms ?? 5);
});
`;

describe('WorkerPool', () => {
  let script: string;
  before(() => {
    script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-pool-')), 'worker.js');
    fs.writeFileSync(script, WORKER_SOURCE);
  });
  after(() => fs.rmSync(path.dirname(script), { recursive: true, force: true }));

  it('runs interactive jobs before queued bulk jobs', async () => {
    const pool = new WorkerPool<{ id: string; ms?: number }, { id: string }>(script, 1);
    const order: string[] = [];
    const track = (p: Promise<{ id: string }>) => p.then((r) => order.push(r.id));
    const jobs = [track(pool.run({ id: 'bulk-0', ms: 30 })), track(pool.run({ id: 'bulk-1' })), track(pool.run({ id: 'bulk-2' }))];
    jobs.push(track(pool.run({ id: 'typed', ms: 1 }, 'interactive')));
    await Promise.all(jobs);
    await pool.close();
    assert.deepEqual(order, ['bulk-0', 'typed', 'bulk-1', 'bulk-2']);
  });

  it('fails only the job of a worker that dies, and keeps serving with a new worker', async () => {
    const pool = new WorkerPool<{ id: string; die?: boolean }, { id: string }>(script, 1);
    await assert.rejects(pool.run({ id: 'x', die: true }), /exited with code 3/);
    assert.equal((await pool.run({ id: 'after' })).id, 'after');
    await pool.close();
  });

  it('rejects queued jobs with a clear error when closed', async () => {
    const pool = new WorkerPool<{ id: string; ms?: number }, { id: string }>(script, 1);
    const running = assert.rejects(pool.run({ id: 'a', ms: 50 }), /closed while the job ran/);
    const queued = assert.rejects(pool.run({ id: 'b' }), /closed before the job ran/);
    await pool.close();
    await Promise.all([running, queued]);
  });
});
