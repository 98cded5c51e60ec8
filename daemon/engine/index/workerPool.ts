import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './workerProtocol';

export type Priority = 'interactive' | 'bulk';

interface Job<T, R> {
  id: number;
  task: T;
  resolve(result: R): void;
  reject(err: Error): void;
}

interface Slot<T, R> {
  worker: Worker;
  /** Jobs sent to this worker and not answered yet. */
  jobs: Job<T, R>[];
}

/**
 * Jobs queued inside each worker. More than one keeps a worker busy while the main thread is
 * occupied (writing a batch to SQLite) and cannot hand it the next job; few enough that an
 * interactive job waits behind at most a couple of bulk ones.
 */
const JOBS_PER_WORKER = 3;

/**
 * A fixed set of worker threads. Interactive jobs (an editor's unsaved buffer) always go before
 * bulk jobs (an index run), so typing stays searchable while a large index fills.
 * A worker that dies fails only its own job and is replaced.
 */
export class WorkerPool<T, R> {
  private readonly slots: Slot<T, R>[] = [];
  private readonly queues: Record<Priority, Job<T, R>[]> = { interactive: [], bulk: [] };
  private closed = false;
  private nextId = 1;

  constructor(
    private readonly scriptPath: string,
    readonly size: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  run(task: T, priority: Priority = 'bulk'): Promise<R> {
    if (this.closed) return Promise.reject(new Error('The worker pool is closed.'));
    return new Promise<R>((resolve, reject) => {
      this.queues[priority].push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  /** Sends a message to every worker (e.g. shared lookup tables for an index run). */
  broadcast(message: unknown): void {
    for (const slot of this.slots) slot.worker.postMessage({ broadcast: message } satisfies ToWorker<T>);
  }


  async close(): Promise<void> {
    this.closed = true;
    const err = new Error('The worker pool was closed before the job ran.');
    for (const q of Object.values(this.queues)) for (const job of q.splice(0)) job.reject(err);
    for (const slot of this.slots) for (const job of slot.jobs.splice(0)) job.reject(new Error('The worker pool was closed while the job ran.'));
    // Idle workers are unreferenced; referenced again, the process waits for them to end.
    await Promise.all(
      this.slots.map((s) => {
        s.worker.ref();
        return s.worker.terminate();
      }),
    );
  }

  private spawn(): Slot<T, R> {
    const slot: Slot<T, R> = { worker: createWorker(this.scriptPath), jobs: [] };
    slot.worker.on('message', ({ id, result }: FromWorker<R>) => {
      const index = slot.jobs.findIndex((job) => job.id === id);
      const [job] = index >= 0 ? slot.jobs.splice(index, 1) : [];
      if (slot.jobs.length === 0) slot.worker.unref();
      job?.resolve(result);
      this.dispatch();
    });
    slot.worker.on('error', (err) => this.replace(slot, err));
    slot.worker.on('exit', (code) => {
      if (!this.closed) this.replace(slot, new Error(`A parse worker exited with code ${code}.`));
    });
    // Idle workers must not keep the process alive; busy ones must (see dispatch).
    slot.worker.unref();
    return slot;
  }

  private replace(slot: Slot<T, R>, err: Error): void {
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    for (const job of slot.jobs.splice(0)) job.reject(err);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.slots[index] = this.spawn();
    this.dispatch();
  }

  /** Fills the least busy workers first, up to JOBS_PER_WORKER each. */
  private dispatch(): void {
    for (let depth = 0; depth < JOBS_PER_WORKER; depth++) {
      for (const slot of this.slots) {
        if (slot.jobs.length > depth) continue;
        const job = this.queues.interactive.shift() ?? this.queues.bulk.shift();
        if (!job) return;
        slot.jobs.push(job);
        slot.worker.ref();
        slot.worker.postMessage({ id: job.id, task: job.task } satisfies ToWorker<T>);
      }
    }
  }
}

/** Runs a .ts worker through tsx when the engine runs from source (tests, benchmarks). */
function createWorker(scriptPath: string): Worker {
  if (scriptPath.endsWith('.ts')) {
    const bootstrap = `require('tsx/cjs'); require(${JSON.stringify(scriptPath)});`;
    return new Worker(bootstrap, { eval: true });
  }
  return new Worker(scriptPath);
}
