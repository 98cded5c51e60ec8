import type { Database, Statement } from 'better-sqlite3';
import type { EmbeddingConfig, EmbeddingProgress } from '../../../protocol/embeddings';
import type { EmbeddingStatus } from '../../../protocol/engine';
import { createEmbeddingProvider } from '../embed/createEmbeddingProvider';
import type { EmbeddingProvider } from '../embed/embeddingProvider';
import { EmbeddingStore, ZERO_STATS } from '../embed/embeddingStore';
import { EmbeddingThread, type EmbeddingRunRequest, type TeamVectorTarget } from '../embed/embeddingThread';
import type { SemanticHit } from '../vectors/vectorSearch';

/** Longest a hybrid query waits for its query vector before answering with keyword results alone. */
export const DEFAULT_QUERY_TIMEOUT_MS = 2000;

/** Quiet time after the last edit before the edited files' new chunks are embedded: one request per pause in typing, not per keystroke. */
export const DEFAULT_UPDATE_DEBOUNCE_MS = 1000;

/**
 * Cached vectors of chunks no longer in the index that pruning keeps (the newest ones), at least:
 * beyond that, as many as there are live chunks, so switching to a branch that differs everywhere
 * and back costs nothing while the cache stays within about twice the workspace.
 */
export const MIN_KEEP_UNUSED = 2000;

export interface SemanticIndexOptions {
  db: Database;
  dbPath: string;
  config: EmbeddingConfig;
  /** Where the provider reads its API key; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  queryTimeoutMs?: number;
  updateDebounceMs?: number;
}

interface Parts {
  /** On this thread for query vectors only; the runs have their own on the embedding thread. */
  provider: EmbeddingProvider;
  /** The pipeline and the vector index. */
  thread: EmbeddingThread;
}

/**
 * The vector side of one workspace: the provider, the embedding cache, and the embedding thread
 * with the vector index, and the background runs that fill them after each keyword index run.
 * Nothing here is on the keyword path: runs start after `index()` resolves and run wholly on the
 * embedding thread, and every failure is recorded for status instead of thrown.
 */
export class SemanticIndex {
  private readonly store: EmbeddingStore;
  private readonly abort = new AbortController();
  private parts: Promise<Parts | null> | null = null;
  private opened: Parts | null = null;
  private runs: Promise<void> = Promise.resolve();
  private queued = false;
  /** Files updated since the last scoped run, and the chunk hashes they had before: see {@link fileChanged}. */
  private readonly edited = { paths: new Set<string>(), previousHashes: new Set<string>() };
  private editTimer: NodeJS.Timeout | null = null;
  /** Resolves when the pending edits have been queued as a run. */
  private editsQueued: Promise<void> | null = null;
  private queueEdits: (() => void) | null = null;
  private team: TeamVectorTarget | null = null;
  private progress: EmbeddingProgress = {
    state: 'idle', providerId: null, done: 0, total: 0, calls: 0, callsSaved: 0, reused: 0, redacted: 0, skipped: 0, failed: 0,
  };
  private lastQueryError: string | undefined;
  private lastRemoteError: string | undefined;
  private readonly listeners = new Set<(progress: EmbeddingProgress) => void>();
  private readonly statements: { hashesOfPath: Statement<[string]> };

  constructor(private readonly options: SemanticIndexOptions) {
    this.store = new EmbeddingStore(options.db);
    this.statements = {
      hashesOfPath: options.db.prepare('SELECT hash FROM chunks WHERE path = ?').pluck(),
    };
  }

  /**
   * Starts creating the provider and loading the cached vectors in the background, so the first
   * hybrid query finds them ready and status knows the provider. Never throws, never waits.
   */
  warmUp(): void {
    void this.ensureParts();
  }

  /** Queues a background run that embeds whatever chunks lack a vector. Never throws, never waits. */
  start(): void {
    if (this.queued || this.abort.signal.aborted) return;
    this.queued = true;
    this.runs = this.runs.then(() => {
      this.queued = false;
      return this.runOnce();
    });
  }

  /** Chunk hashes of a file as indexed now: pass them to {@link fileChanged} after updating it. */
  chunkHashesOf(relPath: string): string[] {
    return this.statements.hashesOfPath.all(relPath) as string[];
  }

  /**
   * A file was re-indexed on its own (an unsaved edit, a change on disk): once edits pause for the
   * debounce time, one run embeds the new chunks of every file changed meanwhile, and vectors of
   * their old chunks that no file uses any more leave the vector index. Never throws, never waits.
   */
  fileChanged(relPath: string, previousHashes: readonly string[]): void {
    if (this.abort.signal.aborted) return;
    this.edited.paths.add(relPath);
    for (const hash of previousHashes) this.edited.previousHashes.add(hash);
    this.editsQueued ??= new Promise<void>((resolve) => (this.queueEdits = resolve));
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => this.runEdits(), this.options.updateDebounceMs ?? DEFAULT_UPDATE_DEBOUNCE_MS);
  }

  /** The team server whose vectors are looked up before the provider is asked (issue #7); null for none. Applies from the next run. */
  setTeamVectors(target: TeamVectorTarget | null): void {
    this.team = target;
    this.lastRemoteError = undefined;
  }

  /**
   * Cached vectors of these chunk hashes for the provider in use, with its model and size, for the
   * team sync to upload beside the chunks; null until the provider is open.
   */
  storedVectors(hashes: readonly string[]): { model: string; dimensions: number; vectors: Map<string, Float32Array> } | null {
    const provider = this.opened?.provider;
    if (!provider) return null;
    const stored = this.store.get(hashes, provider.id);
    return { model: provider.model, dimensions: provider.dimensions, vectors: new Map([...stored].map(([hash, v]) => [hash, v.vector])) };
  }

  /** Resolves when loading, pending edits and the queued and running runs have ended, with where embedding stands. */
  async whenIdle(onProgress?: (progress: EmbeddingProgress) => void): Promise<EmbeddingProgress> {
    if (onProgress) this.listeners.add(onProgress);
    try {
      await this.editsQueued;
      await this.runs;
      await this.parts;
    } finally {
      if (onProgress) this.listeners.delete(onProgress);
    }
    return { ...this.progress };
  }

  status(): EmbeddingStatus {
    const providerId = this.progress.providerId;
    const totals = providerId ? this.store.stats(providerId) : { ...ZERO_STATS };
    return {
      ...this.progress,
      vectors: this.opened?.thread.vectors?.size ?? 0,
      vectorIndex: this.opened?.thread.vectors?.kind ?? null,
      totals,
      ...(this.lastQueryError === undefined ? {} : { lastQueryError: this.lastQueryError }),
      ...(this.lastRemoteError === undefined ? {} : { lastRemoteError: this.lastRemoteError }),
    };
  }

  /**
   * True when vectors are loaded and there is at least one to search. Loading them (and creating
   * the provider) happens on first need; this waits for it at most the query time-box.
   */
  async hasVectors(): Promise<boolean> {
    const parts = await raceAbort(this.ensureParts(), this.querySignal()).catch(() => null);
    return (parts?.thread.vectors?.size ?? 0) > 0;
  }

  /**
   * The nearest chunks to `query`, or null when no query vector came in time (no provider, an
   * error, or the time-box): the caller then answers with keyword results, and status says why.
   */
  async nearest(query: string, k: number, allowedHashes?: ReadonlySet<string>): Promise<SemanticHit[] | null> {
    const timeoutMs = this.queryTimeoutMs;
    const signal = this.querySignal();
    try {
      const parts = await raceAbort(this.ensureParts(), signal);
      if (!parts || (parts.thread.vectors?.size ?? 0) === 0) return null;
      const [vector] = await parts.provider.embed([query], signal);
      const hits = await raceAbort(parts.thread.search(vector as Float32Array, k, allowedHashes), signal);
      this.lastQueryError = undefined;
      return hits;
    } catch (err) {
      this.lastQueryError = signal.aborted && !this.abort.signal.aborted
        ? `The query embedding took longer than ${timeoutMs} ms; keyword results were used.`
        : `The query embedding failed (${(err as Error).message}); keyword results were used.`;
      return null;
    }
  }

  /** Cancels the running run, then persists the vector index and stops the embedding thread. */
  async close(): Promise<void> {
    this.abort.abort();
    if (this.editTimer) clearTimeout(this.editTimer);
    this.queueEdits?.();
    await this.runs;
    const parts = await this.parts?.catch(() => null);
    if (!parts) return;
    await parts.thread.save().catch(() => undefined);
    await parts.thread.close();
  }

  private get queryTimeoutMs(): number {
    return this.options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  }

  private querySignal(): AbortSignal {
    return AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.queryTimeoutMs)]);
  }

  /** A full run: every chunk of the index, then pruning of the cache. */
  private async runOnce(): Promise<void> {
    await this.run(async (parts) => {
      await this.embed(parts, { pruneKeepingAtLeast: MIN_KEEP_UNUSED });
    });
  }

  /** A run over the files edited since the last one: their new chunks, and their old ones that left the index. */
  private runEdits(): void {
    const paths = [...this.edited.paths];
    const previousHashes = [...this.edited.previousHashes];
    this.edited.paths.clear();
    this.edited.previousHashes.clear();
    this.editTimer = null;
    this.runs = this.runs.then(() =>
      this.run(async (parts) => {
        await this.embed(parts, { scope: { paths, previousHashes } });
      }),
    );
    this.queueEdits?.();
    this.editsQueued = null;
    this.queueEdits = null;
  }

  /** Runs `body` with the opened parts, recording any failure for status instead of throwing. */
  private async run(body: (parts: Parts) => Promise<void>): Promise<void> {
    const signal = this.abort.signal;
    if (signal.aborted) return;
    // A failed start (bad settings, server down while probing) is retried once per run, and an
    // embedding thread that died (a crash, out of memory) is started again.
    const previous = this.parts && (await this.parts);
    if (this.parts && (!previous || !previous.thread.alive)) {
      this.parts = null;
      this.opened = null;
    }
    const parts = await this.ensureParts();
    if (!parts) return;
    try {
      await body(parts);
    } catch (err) {
      this.report({ ...this.progress, state: signal.aborted ? 'cancelled' : 'failed', lastError: signal.aborted ? undefined : (err as Error).message });
    }
  }

  /** One run on the embedding thread: every chunk, or those of the edited files in `scope`. */
  private async embed({ provider, thread }: Parts, run: Pick<EmbeddingRunRequest, 'scope' | 'pruneKeepingAtLeast'>): Promise<EmbeddingProgress> {
    this.report({ ...this.progress, state: 'running', lastError: undefined });
    const result = await thread.run(
      {
        // The size resolved here (a probe, for an unknown model) spares the thread a second probe.
        config: { ...this.options.config, dimensions: provider.dimensions },
        env: { ...(this.options.env ?? process.env) },
        team: this.team,
        ...run,
      },
      {
        onProgress: (progress) => this.report(progress),
        onRemoteError: (message) => (this.lastRemoteError = message),
      },
    );
    this.report(result);
    return result;
  }

  private ensureParts(): Promise<Parts | null> {
    this.parts ??= this.openParts();
    return this.parts;
  }

  private async openParts(): Promise<Parts | null> {
    const signal = this.abort.signal;
    try {
      const provider = await createEmbeddingProvider(this.options.config, { env: this.options.env, signal });
      if (!provider) return null;
      this.progress.providerId = provider.id;
      const thread = EmbeddingThread.open(this.options.dbPath);
      try {
        await thread.openVectors({ providerId: provider.id, dimensions: provider.dimensions, indexPath: `${this.options.dbPath}.hnsw` });
      } catch (err) {
        await thread.close();
        throw err;
      }
      signal.addEventListener('abort', () => thread.cancel(), { once: true });
      thread.onUnexpectedExit = (err) => this.report({ ...this.progress, state: 'failed', lastError: `${err.message} Embedding starts again with the next change.` });
      this.opened = { provider, thread };
      return this.opened;
    } catch (err) {
      if (!signal.aborted) this.report({ ...this.progress, state: 'failed', lastError: (err as Error).message });
      return null;
    }
  }

  private report(progress: EmbeddingProgress): void {
    this.progress = { ...progress, providerId: progress.providerId ?? this.progress.providerId };
    for (const listener of this.listeners) listener({ ...this.progress });
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
