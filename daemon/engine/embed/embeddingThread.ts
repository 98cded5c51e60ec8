import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EmbeddingConfig, EmbeddingProgress } from '../../../protocol/embeddings';
import type { LiveScope } from '../semantic/liveVectors';
import type { SemanticHit } from '../vectors/vectorSearch';

/** A team server whose vectors a run reuses before embedding (issue #7): what the thread needs to ask it itself. */
export interface TeamVectorTarget {
  serverUrl: string;
  apiKey: string;
  projectId: string;
}

/** The vector index as search sees it: how many vectors, and which kind of index answers. */
export interface VectorIndexState {
  size: number;
  kind: 'exact' | 'hnsw';
}

/** One background run, as the embedding thread is asked for it. */
export interface EmbeddingRunRequest {
  /** The provider's settings with its vector size resolved, so the thread never probes the server again. */
  config: EmbeddingConfig;
  /** Where the provider reads its API key (held in memory only). */
  env: Record<string, string | undefined>;
  /**
   * Which chunks the run looks at: those of the files edited since the last run, or every chunk
   * of the index when absent. The vector index is brought up to the database for them first.
   */
  scope?: LiveScope;
  team?: TeamVectorTarget | null;
  /** After a full run, prune cached vectors no chunk uses beyond max(live chunks, this) (see EmbeddingStore.prune). */
  pruneKeepingAtLeast?: number;
  /** Chunks handed to the provider at once; the pipeline's default when absent. */
  pageSize?: number;
}

export interface VectorIndexOptions {
  providerId: string;
  dimensions: number;
  /** Where the HNSW graph is persisted, beside the database. */
  indexPath: string;
}

export type EmbeddingThreadCall =
  | { op: 'openVectors'; options: VectorIndexOptions }
  | { op: 'run'; request: EmbeddingRunRequest }
  | { op: 'search'; query: Float32Array; k: number; allowedHashes?: string[] }
  | { op: 'save' };

/** What each call resolves with. */
export interface EmbeddingThreadResults {
  openVectors: VectorIndexState;
  run: EmbeddingProgress;
  search: SemanticHit[];
  save: null;
}

export type ToEmbeddingThread = (EmbeddingThreadCall & { id: number }) | { op: 'cancel' };

export type FromEmbeddingThread =
  | { id: number; result: unknown; vectors: VectorIndexState | null }
  | { id: number; error: string; vectors: VectorIndexState | null }
  | { event: 'progress'; progress: EmbeddingProgress; vectors: VectorIndexState | null }
  | { event: 'remoteError'; message: string };

export interface EmbeddingRunHandlers {
  onProgress?: (progress: EmbeddingProgress) => void;
  onRemoteError?: (message: string) => void;
}

export function embeddingWorkerScript(): string {
  // From source (tests, benchmarks) the worker is this folder's .ts; bundled, esbuild puts it beside this bundle.
  return __filename.endsWith('.ts') ? path.join(__dirname, 'embeddingThreadWorker.ts') : path.join(__dirname, 'embeddingThreadWorker.js');
}

/**
 * The vector side of a workspace on a worker thread with its own connection to the index
 * database: the embedding pipeline (./embeddingPipeline.ts) and the vector index it fills. All
 * that embedding costs happens there: reading and tokenizing chunk texts, secret scans, HTTP
 * requests and decoding their answers, commits that may fsync, HNSW inserts and growth, and the
 * garbage all of it leaves. The main thread, which answers keyword queries, only sends calls and
 * receives progress and search hits. Runs go one at a time (the owner, SemanticIndex, queues
 * them); searches are answered between a run's steps.
 */
export class EmbeddingThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (err: Error) => void }>();
  private handlers: EmbeddingRunHandlers = {};
  private running = false;
  private exited: Error | null = null;
  /** The vector index as of the thread's last message; null until opened. */
  vectors: VectorIndexState | null = null;
  /** Told once when the thread dies without being closed (a crash, out of memory). */
  onUnexpectedExit: ((err: Error) => void) | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromEmbeddingThread) => this.receive(message));
    const died = (err: Error) => {
      const first = this.exited === null;
      this.fail(err);
      if (first) this.onUnexpectedExit?.(err);
    };
    worker.on('error', (err) => died(new Error(`The embedding thread failed: ${err.message}`)));
    worker.on('exit', (code) => died(new Error(`The embedding thread exited with code ${code}.`)));
    worker.unref();
  }

  static open(dbPath: string, script = embeddingWorkerScript()): EmbeddingThread {
    const options = { workerData: { dbPath } };
    const worker = script.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { ...options, eval: true })
      : new Worker(script, options);
    return new EmbeddingThread(worker);
  }

  /** False once the thread has exited (closed, crashed or killed): a new one must be opened. */
  get alive(): boolean {
    return this.exited === null;
  }

  /** Loads (or builds) the vector index of the chunks in the database. */
  openVectors(options: VectorIndexOptions): Promise<VectorIndexState> {
    return this.call({ op: 'openVectors', options });
  }

  /**
   * Brings the vector index up to the database for the run's scope (chunks that left drop out,
   * chunks back take their cached vectors), then runs the pipeline over it; resolves with its final
   * progress, rejects if it cannot start or the thread fails.
   */
  async run(request: EmbeddingRunRequest, handlers: EmbeddingRunHandlers = {}): Promise<EmbeddingProgress> {
    // One at a time: progress and cancellation belong to the run in flight.
    if (this.running) throw new Error('An embedding run is already going on this thread; queue runs one after another.');
    this.running = true;
    this.handlers = handlers;
    try {
      return await this.call({ op: 'run', request: { ...request, env: { ...request.env } } });
    } finally {
      this.running = false;
      this.handlers = {};
    }
  }

  search(query: Float32Array, k: number, allowedHashes?: ReadonlySet<string>): Promise<SemanticHit[]> {
    return this.call({ op: 'search', query, k, ...(allowedHashes ? { allowedHashes: [...allowedHashes] } : {}) });
  }

  /** Writes the HNSW graph beside the database if it changed. */
  async save(): Promise<void> {
    await this.call({ op: 'save' });
  }

  /** Stops the running run at its next step; what was stored stays. */
  cancel(): void {
    if (!this.exited) this.worker.postMessage({ op: 'cancel' } satisfies ToEmbeddingThread);
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    this.worker.removeAllListeners('error').on('error', () => undefined);
    await this.worker.terminate();
    this.fail(new Error('The embedding thread was closed.'));
  }

  private call<C extends EmbeddingThreadCall>(call: C): Promise<EmbeddingThreadResults[C['op']]> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ ...call, id } satisfies ToEmbeddingThread);
    });
  }

  private receive(message: FromEmbeddingThread): void {
    if ('event' in message) {
      if (message.event === 'progress') {
        this.vectors = message.vectors ?? this.vectors;
        this.handlers.onProgress?.(message.progress);
      } else {
        this.handlers.onRemoteError?.(message.message);
      }
      return;
    }
    this.vectors = message.vectors ?? this.vectors;
    const waiter = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker.unref();
    if ('error' in message) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.result);
  }

  private fail(err: Error): void {
    this.exited ??= err;
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}
