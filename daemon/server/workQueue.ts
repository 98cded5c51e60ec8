export type WorkPriority = 'interactive' | 'bulk';

interface QueuedTask {
  key: string;
  priority: WorkPriority;
  run: () => Promise<void>;
  settle: { resolve(): void; reject(err: unknown): void };
  promise: Promise<void>;
}

/**
 * Orders the daemon's index work. Interactive tasks (an edited buffer, a file changed on disk) run
 * first, up to `concurrency` at once; bulk tasks (a folder's index run) start only when no
 * interactive task waits, one at a time, and their parsing is bounded by the engine's own worker
 * pool, in which interactive parses also jump ahead. Tasks are keyed: a task queued while another
 * with the same key waits replaces it (the latest content wins), and two tasks with the same key
 * never run together.
 */
export class WorkQueue {
  private readonly waiting: QueuedTask[] = [];
  private readonly running = new Map<string, WorkPriority>();
  private paused = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private concurrency: number,
    private readonly onChange: () => void = () => undefined,
  ) {
    if (concurrency < 1) throw new Error(`WorkQueue concurrency must be at least 1, got ${concurrency}.`);
  }

  /** Resolves when this task (or the task that superseded it) has run; rejects with its error. */
  enqueue(key: string, priority: WorkPriority, run: () => Promise<void>): Promise<void> {
    const queued = this.waiting.find((t) => t.key === key);
    if (queued) {
      queued.run = run;
      if (priority === 'interactive') queued.priority = 'interactive';
      this.dispatch();
      return queued.promise;
    }
    let settle!: QueuedTask['settle'];
    const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.waiting.push({ key, priority, run, settle, promise });
    this.dispatch();
    this.onChange();
    return promise;
  }

  /** Drops waiting tasks whose key starts with `prefix` (a removed folder); they resolve without running. */
  cancelWaiting(prefix: string): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (!this.waiting[i].key.startsWith(prefix)) continue;
      const [task] = this.waiting.splice(i, 1);
      task.settle.resolve();
    }
    this.onChange();
    this.notifyIdle();
  }

  setConcurrency(concurrency: number): void {
    this.concurrency = Math.max(1, concurrency);
    this.dispatch();
  }

  pause(): void {
    this.paused = true;
    this.onChange();
  }

  resume(): void {
    this.paused = false;
    this.dispatch();
    this.onChange();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Tasks waiting or running. */
  get size(): number {
    return this.waiting.length + this.running.size;
  }

  /** Resolves once nothing waits or runs (paused waiting tasks count as pending). */
  whenIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private dispatch(): void {
    if (this.paused) return;
    for (;;) {
      const task = this.nextRunnable();
      if (!task) return;
      this.waiting.splice(this.waiting.indexOf(task), 1);
      this.start(task);
    }
  }

  private nextRunnable(): QueuedTask | undefined {
    const free = (t: QueuedTask) => !this.running.has(t.key);
    const interactiveRunning = [...this.running.values()].filter((p) => p === 'interactive').length;
    if (interactiveRunning < this.concurrency) {
      const interactive = this.waiting.find((t) => t.priority === 'interactive' && free(t));
      if (interactive) return interactive;
    }
    const bulkRunning = this.running.size - interactiveRunning;
    const interactiveWaiting = this.waiting.some((t) => t.priority === 'interactive');
    if (bulkRunning > 0 || interactiveWaiting) return undefined;
    return this.waiting.find((t) => t.priority === 'bulk' && free(t));
  }

  private start(task: QueuedTask): void {
    this.running.set(task.key, task.priority);
    this.onChange();
    task.run().then(
      () => task.settle.resolve(),
      (err: unknown) => task.settle.reject(err),
    ).finally(() => {
      this.running.delete(task.key);
      this.dispatch();
      this.onChange();
      this.notifyIdle();
    });
  }

  private notifyIdle(): void {
    if (this.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
