import type { Database, Statement } from 'better-sqlite3';
import type { EmbeddingConfig, EmbeddingProgress } from '../../../protocol/embeddings';
import type { EmbeddingStatus } from '../../../protocol/engine';
import { createEmbeddingProvider } from '../embed/createEmbeddingProvider';
import { runEmbeddingPipeline, type ChunkToEmbed, type EmbeddingSource } from '../embed/embeddingPipeline';
import type { EmbeddingProvider } from '../embed/embeddingProvider';
import { EmbeddingStore, ZERO_STATS } from '../embed/embeddingStore';
import { EmbeddingWriterThread, type EmbeddingWriter } from '../embed/embeddingWriter';
import { indexEmbeddingSource } from '../embed/indexEmbeddingSource';
import type { RemoteVectorSource } from '../embed/remoteVectorSource';
import { VectorSearch, type SemanticHit } from '../vectors/vectorSearch';

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
  provider: EmbeddingProvider;
  vectors: VectorSearch;
  writer: EmbeddingWriter;
}

/**
 * The vector side of one workspace: the provider, the embedding cache, the writer thread and the
 * vector index, and the background runs that fill them after each keyword index run. Nothing here
 * is on the keyword path: runs start after `index()` resolves and yield to the event loop, and
 * every failure is recorded for status instead of thrown.
 */
export class SemanticIndex {
  private readonly store: EmbeddingStore;
  private readonly abort = new AbortController();
  private parts: Promise<Parts | null> | null = null;
  private opened: Parts | null = null;
  /** Hashes of the chunks in the index at the start of the last run: what the vector index may return. */
  private live = new Set<string>();
  private runs: Promise<void> = Promise.resolve();
  private queued = false;
  /** Files updated since the last scoped run, and the chunk hashes they had before: see {@link fileChanged}. */
  private readonly edited = { paths: new Set<string>(), previousHashes: new Set<string>() };
  private editTimer: NodeJS.Timeout | null = null;
  /** Resolves when the pending edits have been queued as a run. */
  private editsQueued: Promise<void> | null = null;
  private queueEdits: (() => void) | null = null;
  private remote: RemoteVectorSource | null = null;
  private progress: EmbeddingProgress = {
    state: 'idle', providerId: null, done: 0, total: 0, calls: 0, callsSaved: 0, reused: 0, redacted: 0, skipped: 0, failed: 0,
  };
  private lastQueryError: string | undefined;
  private lastRemoteError: string | undefined;
  private readonly listeners = new Set<(progress: EmbeddingProgress) => void>();
  private readonly statements: { hashesOfPath: Statement<[string]>; unindexed: Statement<[string]> };

  constructor(private readonly options: SemanticIndexOptions) {
    this.store = new EmbeddingStore(options.db);
    this.statements = {
      hashesOfPath: options.db.prepare('SELECT hash FROM chunks WHERE path = ?').pluck(),
      unindexed: options.db
        .prepare('SELECT j.value FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.hash = j.value)')
        .pluck(),
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

  /** Where team vectors are looked up before the provider is asked (issue #7); null for none. Applies from the next run. */
  setRemoteVectorSource(source: RemoteVectorSource | null): void {
    this.remote = source;
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
      vectors: this.opened?.vectors.size ?? 0,
      vectorIndex: this.opened?.vectors.kind ?? null,
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
    return (parts?.vectors.size ?? 0) > 0;
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
      if (!parts || parts.vectors.size === 0) return null;
      const [vector] = await parts.provider.embed([query], signal);
      this.lastQueryError = undefined;
      return parts.vectors.search(vector as Float32Array, k, allowedHashes);
    } catch (err) {
      this.lastQueryError = signal.aborted && !this.abort.signal.aborted
        ? `The query embedding took longer than ${timeoutMs} ms; keyword results were used.`
        : `The query embedding failed (${(err as Error).message}); keyword results were used.`;
      return null;
    }
  }

  /** Cancels the running run, then persists the vector index and stops the writer thread. */
  async close(): Promise<void> {
    this.abort.abort();
    if (this.editTimer) clearTimeout(this.editTimer);
    this.queueEdits?.();
    await this.runs;
    const parts = await this.parts?.catch(() => null);
    if (!parts) return;
    await parts.vectors.save().catch(() => undefined);
    await parts.writer.close();
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
      const source = indexEmbeddingSource(this.options.db, parts.provider.maxInputTokens, undefined, this.textLoader(parts));
      const hashes = source.hashes();
      const next = new Set(hashes);
      const gone = [...this.live].filter((hash) => !next.has(hash));
      await this.updateLive(parts, hashes, gone);
      const result = await this.embed(parts, source);
      if (result.state !== 'cancelled') await parts.writer.prune(parts.provider.id, Math.max(this.live.size, MIN_KEEP_UNUSED));
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
        const source = indexEmbeddingSource(this.options.db, parts.provider.maxInputTokens, paths, this.textLoader(parts));
        const gone = this.statements.unindexed.all(JSON.stringify(previousHashes)) as string[];
        await this.updateLive(parts, source.hashes(), gone);
        await this.embed(parts, source);
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
    // A failed start (bad settings, server down while probing) is retried once per run.
    if (this.parts && !(await this.parts)) this.parts = null;
    const parts = await this.ensureParts();
    if (!parts) return;
    try {
      await body(parts);
    } catch (err) {
      this.report({ ...this.progress, state: signal.aborted ? 'cancelled' : 'failed', lastError: signal.aborted ? undefined : (err as Error).message });
    }
  }

  private async embed(parts: Parts, source: EmbeddingSource): Promise<EmbeddingProgress> {
    this.report({ ...this.progress, state: 'running', lastError: undefined });
    const result = await runEmbeddingPipeline({
      store: this.store,
      writer: parts.writer,
      provider: parts.provider,
      source,
      remote: this.remote,
      onRemoteError: (message) => (this.lastRemoteError = message),
      signal: this.abort.signal,
      onProgress: (progress) => this.report(progress),
      onVectors: (vectors) => parts.vectors.add(vectors),
    });
    this.report(result);
    return result;
  }

  /**
   * `hashes` join the live set (and their cached vectors the vector index); `gone`, chunks that
   * left the index, leave both. Their cache rows stay for a switch back until pruned.
   */
  private async updateLive({ vectors, provider }: Parts, hashes: readonly string[], gone: readonly string[]): Promise<void> {
    const back = hashes.filter((hash) => !this.live.has(hash));
    for (const hash of gone) this.live.delete(hash);
    for (const hash of back) this.live.add(hash);
    if (gone.length > 0) await vectors.removeHashes(gone);
    for (let i = 0; i < back.length; i += 512) {
      const cached = this.store.get(back.slice(i, i + 512), provider.id);
      if (cached.size > 0) await vectors.add([...cached.values()]);
    }
  }

  /** Texts are built on the writer's thread when it has one: tokenizing is the heaviest CPU work here. */
  private textLoader({ writer, provider }: Parts): ((hashes: readonly string[]) => Promise<ChunkToEmbed[]>) | undefined {
    return writer.loadTexts ? (hashes) => writer.loadTexts!(hashes, provider.maxInputTokens) : undefined;
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
      this.live = new Set(indexEmbeddingSource(this.options.db, provider.maxInputTokens).hashes());
      const vectors = await VectorSearch.open({
        store: this.store,
        providerId: provider.id,
        dimensions: provider.dimensions,
        indexPath: `${this.options.dbPath}.hnsw`,
        isLive: (hash) => this.live.has(hash),
        signal,
      });
      const writer = EmbeddingWriterThread.open(this.options.dbPath);
      this.opened = { provider, vectors, writer };
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
