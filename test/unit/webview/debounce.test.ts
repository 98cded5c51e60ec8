import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { debounce } from '../../../webview/state/debounce';

describe('webview debounce', () => {
  it('runs once, after the burst, with the last value', async () => {
    const calls: string[] = [];
    const run = debounce((value: string) => calls.push(value), 30);
    run('p');
    run('pa');
    await sleep(10);
    run('par');
    assert.deepEqual(calls, []);
    assert.equal(run.pending, true);
    await sleep(60);
    assert.deepEqual(calls, ['par']);
    assert.equal(run.pending, false);
  });

  it('waits the full delay again after each call', async () => {
    const calls: number[] = [];
    const run = debounce((value: number) => calls.push(value), 40);
    for (let i = 0; i < 4; i++) {
      run(i);
      await sleep(15);
    }
    assert.deepEqual(calls, [], 'calls 15 ms apart keep postponing it');
    await sleep(60);
    assert.deepEqual(calls, [3]);
  });

  it('flush runs the pending call at once, and only once', async () => {
    const calls: string[] = [];
    const run = debounce((value: string) => calls.push(value), 1000);
    run('query');
    run.flush();
    assert.deepEqual(calls, ['query']);
    run.flush();
    await sleep(20);
    assert.deepEqual(calls, ['query']);
  });

  it('cancel drops the pending call', async () => {
    const calls: string[] = [];
    const run = debounce((value: string) => calls.push(value), 20);
    run('gone');
    run.cancel();
    assert.equal(run.pending, false);
    await sleep(50);
    assert.deepEqual(calls, []);
  });
});
