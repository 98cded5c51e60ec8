import { Worker } from 'node:worker_threads';

export type Priority = 'interactive' | 'bulk';

interface Job<T, R> {
  task: T;
  resolve(result: R): void;
  reject(err: Error): void;
}

interface Slot<T, R> {
  worker: Worker;
  job: Job<T, R> | null;
}

/**
 * A fixed set of worker threads. Interactive jobs (an editor's unsaved buffer) always go before
 * bulk jobs (an index run), so typing stays searchable while a large index fills.
 * A worker that dies fails only its own job and is replaced.
 */
export class WorkerPool<T, R> {
  private readonly slots: Slot<T, R>[] = [];
  private readonly queues: Record<Priority, Job<T, R>[]> = { interactive: [], bulk: [] };
  private closed = false;

  constructor(
    private readonly scriptPath: string,
    readonly size: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  run(task: T, priority: Priority = 'bulk'): Promise<R> {
    if (this.closed) return Promise.reject(new Error('The worker pool is closed.'));
    return new Promise<R>((resolve, reject) => {
      this.queues[priority].push({ task, resolve, reject });
      this.dispatch();
    });
  }

  /** Sends a message to every worker (e.g. shared lookup tables for an index run). */
  broadcast(message: unknown): void {
    for (const slot of this.slots) slot.worker.postMessage({ broadcast: message });
  }

  get pending(): number {
    return this.queues.interactive.length + this.queues.bulk.length + this.slots.filter((s) => s.job).length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const err = new Error('The worker pool was closed before the job ran.');
    for (const q of Object.values(this.queues)) for (const job of q.splice(0)) job.reject(err);
    for (const slot of this.slots) slot.job?.reject(new Error('The worker pool was closed while the job ran.'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot<T, R> {
    const slot: Slot<T, R> = { worker: createWorker(this.scriptPath), job: null };
    slot.worker.on('message', (result: R) => {
      const job = slot.job;
      slot.job = null;
      slot.worker.unref();
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
    slot.job?.reject(err);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    this.slots[index] = this.spawn();
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const job = this.queues.interactive.shift() ?? this.queues.bulk.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ task: job.task });
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
