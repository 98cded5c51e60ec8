import assert from 'node:assert/strict';
import { WorkQueue } from '../../../daemon/server/workQueue';

/** A task that records when it starts and finishes only when released. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { release, run: () => done };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('WorkQueue', () => {
  it('starts no bulk task while interactive work waits', async () => {
    const queue = new WorkQueue(1);
    const order: string[] = [];
    const blocker = gate();
    void queue.enqueue('a', 'interactive', blocker.run);
    void queue.enqueue('b', 'interactive', async () => void order.push('b'));
    void queue.enqueue('bulk', 'bulk', async () => void order.push('bulk'));
    await tick();
    assert.deepEqual(order, [], 'b waits for a; the bulk task waits for b');
    blocker.release();
    await queue.whenIdle();
    assert.deepEqual(order, ['b', 'bulk']);
  });

  it('never runs more interactive tasks at once than its concurrency', async () => {
    const queue = new WorkQueue(2);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => queue.enqueue(`k${i}`, 'interactive', task)));
    assert.equal(peak, 2);
  });

  it('keeps interactive updates flowing while a long bulk task runs', async () => {
    const queue = new WorkQueue(1);
    const bulk = gate();
    void queue.enqueue('index', 'bulk', bulk.run);
    await tick();
    let updated = false;
    await queue.enqueue('file', 'interactive', async () => void (updated = true));
    assert.equal(updated, true);
    bulk.release();
    await queue.whenIdle();
  });

  it('starts at most one bulk task at a time, and none while interactive work waits', async () => {
    const queue = new WorkQueue(4);
    const first = gate();
    const started: string[] = [];
    void queue.enqueue('index:a', 'bulk', () => (started.push('a'), first.run()));
    void queue.enqueue('index:b', 'bulk', async () => void started.push('b'));
    await tick();
    assert.deepEqual(started, ['a']);
    first.release();
    await queue.whenIdle();
    assert.deepEqual(started, ['a', 'b']);
  });

  it('coalesces a waiting task with the same key: the latest run wins, both callers resolve', async () => {
    const queue = new WorkQueue(1);
    const blocker = gate();
    void queue.enqueue('busy', 'interactive', blocker.run);
    const seen: string[] = [];
    const first = queue.enqueue('file', 'interactive', async () => void seen.push('v1'));
    const second = queue.enqueue('file', 'interactive', async () => void seen.push('v2'));
    assert.equal(queue.size, 2);
    blocker.release();
    await Promise.all([first, second]);
    assert.deepEqual(seen, ['v2']);
  });

  it('never runs two tasks with the same key together', async () => {
    const queue = new WorkQueue(4);
    const first = gate();
    const order: string[] = [];
    const a = queue.enqueue('file', 'interactive', () => (order.push('start1'), first.run().then(() => void order.push('end1'))));
    await tick();
    const b = queue.enqueue('file', 'interactive', async () => void order.push('start2'));
    await tick();
    assert.deepEqual(order, ['start1']);
    first.release();
    await Promise.all([a, b]);
    assert.deepEqual(order, ['start1', 'end1', 'start2']);
  });

  it('holds tasks while paused and runs them on resume', async () => {
    const queue = new WorkQueue(2);
    queue.pause();
    let ran = false;
    const done = queue.enqueue('file', 'interactive', async () => void (ran = true));
    await tick();
    assert.equal(ran, false);
    assert.equal(queue.size, 1);
    queue.resume();
    await done;
    assert.equal(ran, true);
  });

  it('drops waiting tasks of a removed folder', async () => {
    const queue = new WorkQueue(1);
    queue.pause();
    let ran = false;
    const dropped = queue.enqueue('file:///a\nfile\nx.ts', 'interactive', async () => void (ran = true));
    void queue.enqueue('file:///b\nfile\ny.ts', 'interactive', async () => undefined);
    queue.cancelWaiting('file:///a\n');
    await dropped;
    assert.equal(ran, false);
    assert.equal(queue.size, 1);
  });

  it('rejects the caller of a task that fails and keeps going', async () => {
    const queue = new WorkQueue(1);
    await assert.rejects(queue.enqueue('bad', 'interactive', async () => { throw new Error('parse failed'); }), /parse failed/);
    let ran = false;
    await queue.enqueue('good', 'interactive', async () => void (ran = true));
    assert.equal(ran, true);
  });

  it('refuses a concurrency below one', () => {
    assert.throws(() => new WorkQueue(0), /at least 1/);
  });
});
