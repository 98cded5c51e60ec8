import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChunkToEmbed } from './embeddingPipeline';
import type { EmbeddingStats, EmbeddingStore, StoredVector } from './embeddingStore';

export interface VectorToWrite {
  hash: string;
  vector: Float32Array;
  redacted?: boolean;
}

/** Where the pipeline writes: the store on this thread, or a thread of its own (see below). */
export interface EmbeddingWriter {
  put(providerId: string, entries: readonly VectorToWrite[]): Promise<StoredVector[]>;
  putSkipped(providerId: string, dimensions: number, hashes: readonly string[]): Promise<void>;
  addStats(providerId: string, delta: Partial<EmbeddingStats>): Promise<void>;
  /** See {@link EmbeddingStore.prune}; resolves with the number of rows deleted. */
  prune(providerId: string, keepUnused: number): Promise<number>;
  /** Builds embedding texts on the writer's thread (see indexEmbeddingSource); absent when it is this thread. */
  loadTexts?(hashes: readonly string[], maxInputTokens: number): Promise<ChunkToEmbed[]>;
  close(): Promise<void>;
}

/** Writes on the calling thread: simplest, for tests and one-shot CLI runs. */
export function inlineWriter(store: EmbeddingStore): EmbeddingWriter {
  return {
    put: async (providerId, entries) => store.put(providerId, entries),
    putSkipped: async (providerId, dimensions, hashes) => store.putSkipped(providerId, dimensions, hashes),
    addStats: async (providerId, delta) => store.addStats(providerId, delta),
    prune: async (providerId, keepUnused) => store.prune(providerId, keepUnused),
    close: async () => undefined,
  };
}

/**
 * Vectors cross to the writer thread packed into one buffer that is transferred, not copied:
 * structured-cloning each Float32Array costs the main thread a copy and an object per vector.
 */
export interface PackedVectors {
  hashes: string[];
  redacted: boolean[];
  dimensions: number;
  /** hashes.length x dimensions floats, row by row. */
  data: Float32Array;
}

export type WriterRequest =
  | { id: number; op: 'put'; providerId: string; packed: PackedVectors }
  | { id: number; op: 'putSkipped'; providerId: string; dimensions: number; hashes: string[] }
  | { id: number; op: 'addStats'; providerId: string; delta: Partial<EmbeddingStats> }
  | { id: number; op: 'prune'; providerId: string; keepUnused: number }
  | { id: number; op: 'loadTexts'; hashes: string[]; maxInputTokens: number };

export type WriterResponse = { id: number; ids?: number[]; deleted?: number; chunks?: ChunkToEmbed[]; error?: string };

export function packVectors(entries: readonly VectorToWrite[]): PackedVectors {
  const dimensions = entries[0]?.vector.length ?? 0;
  const data = new Float32Array(entries.length * dimensions);
  entries.forEach((entry, i) => {
    if (entry.vector.length !== dimensions) throw new Error(`Vector ${entry.hash} has ${entry.vector.length} dimensions, not ${dimensions} like the rest of its batch.`);
    data.set(entry.vector, i * dimensions);
  });
  return { hashes: entries.map((e) => e.hash), redacted: entries.map((e) => e.redacted === true), dimensions, data };
}

export function unpackVectors(packed: PackedVectors): VectorToWrite[] {
  const { dimensions, data } = packed;
  return packed.hashes.map((hash, i) => ({ hash, redacted: packed.redacted[i], vector: data.subarray(i * dimensions, (i + 1) * dimensions) }));
}

export function writerWorkerScript(): string {
  // From source (tests, benchmarks) the worker is this folder's .ts; bundled, esbuild puts it beside this bundle.
  return __filename.endsWith('.ts') ? path.join(__dirname, 'embeddingWriterWorker.ts') : path.join(__dirname, 'embeddingWriterWorker.js');
}

/**
 * Writes vectors from a worker thread with its own connection to the index database. A commit can
 * trigger a WAL checkpoint that fsyncs for tens of milliseconds; on the daemon's main thread that
 * would stall keyword queries, here it stalls nobody. Writes wait on the main connection's locks
 * through busy_timeout, never the other way round.
 */
export class EmbeddingWriterThread implements EmbeddingWriter {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (response: WriterResponse) => void; reject: (err: Error) => void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (response: WriterResponse) => {
      const waiter = this.pending.get(response.id);
      this.pending.delete(response.id);
      if (response.error !== undefined) waiter?.reject(new Error(`Writing embeddings failed: ${response.error}`));
      else waiter?.resolve(response);
      if (this.pending.size === 0) worker.unref();
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => this.failAll(new Error(`The embedding writer thread exited with code ${code}.`)));
    worker.unref();
  }

  static open(dbPath: string, script = writerWorkerScript()): EmbeddingWriterThread {
    const options = { workerData: { dbPath } };
    const worker = script.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { ...options, eval: true })
      : new Worker(script, options);
    return new EmbeddingWriterThread(worker);
  }

  async put(providerId: string, entries: readonly VectorToWrite[]): Promise<StoredVector[]> {
    if (entries.length === 0) return [];
    const packed = packVectors(entries);
    const { ids = [] } = await this.send({ op: 'put', providerId, packed }, [packed.data.buffer as ArrayBuffer]);
    return entries.map((entry, i) => ({ id: ids[i] as number, hash: entry.hash, vector: entry.vector }));
  }

  async putSkipped(providerId: string, dimensions: number, hashes: readonly string[]): Promise<void> {
    await this.send({ op: 'putSkipped', providerId, dimensions, hashes: [...hashes] });
  }

  async addStats(providerId: string, delta: Partial<EmbeddingStats>): Promise<void> {
    await this.send({ op: 'addStats', providerId, delta });
  }

  async prune(providerId: string, keepUnused: number): Promise<number> {
    const { deleted = 0 } = await this.send({ op: 'prune', providerId, keepUnused });
    return deleted;
  }

  /** Tokenizing and truncating texts is the heaviest CPU work of embedding: it runs on this thread, not the main one. */
  async loadTexts(hashes: readonly string[], maxInputTokens: number): Promise<ChunkToEmbed[]> {
    const { chunks = [] } = await this.send({ op: 'loadTexts', hashes: [...hashes], maxInputTokens });
    return chunks;
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
    this.failAll(new Error('The embedding writer was closed.'));
  }

  private send(request: DistributiveOmit<WriterRequest, 'id'>, transfer: ArrayBuffer[] = []): Promise<WriterResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  private failAll(err: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
