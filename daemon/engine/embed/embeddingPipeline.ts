import type { EmbeddingProgress } from '../../../protocol/embeddings';
import { redactSecrets } from '../secrets/secretScanner';
import { normalizeInPlace } from '../vectors/vectorMath';
import { EmbeddingError } from './embeddingErrors';
import type { EmbeddingProvider } from './embeddingProvider';
import type { EmbeddingStore, StoredVector, VectorToWrite } from './embeddingStore';
import type { RemoteVectorSource } from './remoteVectorSource';
import { TimeSlicer } from './timeSlicer';

/** A chunk's embedding text (see ./embeddingText.ts), under its content hash. */
export interface ChunkToEmbed {
  hash: string;
  text: string;
  /** The chunk's file, so `.env` files are recognised as secret however they were chunked. */
  path?: string;
}

/** What the indexer offers the pipeline: every hash that should have a vector, and their texts on demand. */
export interface EmbeddingSource {
  /** Content hashes of every chunk in the workspace (duplicates are fine). */
  hashes(): readonly string[];
  /** Embedding texts of the given hashes; hashes whose chunks are gone are simply left out. */
  load(hashes: readonly string[]): ChunkToEmbed[];
}

export interface EmbeddingPipelineOptions {
  /** The embedding cache: read for what is there, written as vectors arrive. In the daemon all of this runs on the embedding thread (./embeddingThread.ts). */
  store: EmbeddingStore;
  provider: EmbeddingProvider;
  source: EmbeddingSource;
  /** Asked for the vectors of a page before the provider is (team vector reuse); optional. */
  remote?: RemoteVectorSource | null;
  /** Told why a lookup in `remote` failed; embedding carries on with the provider regardless. */
  onRemoteError?: (message: string) => void;
  /** Longest a lookup in `remote` is waited for; defaults to {@link REMOTE_LOOKUP_TIMEOUT_MS}. */
  remoteTimeoutMs?: number;
  signal?: AbortSignal;
  /** Chunks handed to the provider at once; it batches them into requests and runs those concurrently. */
  pageSize?: number;
  /** Longest the event loop is held between yields. */
  sliceMs?: number;
  /** Pages in a row that fail after the provider's retries before the run gives up until next time. */
  maxConsecutiveFailures?: number;
  onProgress?: (progress: EmbeddingProgress) => void;
  /** New vectors as they are stored: hand them to `VectorSearch.add` so search improves as they arrive. */
  onVectors?: (vectors: StoredVector[]) => void | Promise<void>;
}

/** Failures that no retry or smaller batch can fix: stop and tell the user. */
const FATAL_CODES = new Set(['auth', 'quota', 'config']);
/** Hashes checked against the cache per query. */
const CACHE_PAGE = 1000;
/** Vectors written per transaction: small commits keep each write short. */
const WRITE_PAGE = 32;
/** Chunks whose texts are built at once: building one tokenizes it, ~0.1-3 ms apiece. */
const LOAD_STEP = 4;
/** Longest the pipeline waits on a remote vector source before embedding the page itself. */
export const REMOTE_LOOKUP_TIMEOUT_MS = 5000;

/**
 * Embeds, in the background, every chunk that has no vector yet for this provider. Cached vectors
 * are reused (that is the "calls saved"), vectors a remote source (the team server) has are
 * fetched instead of embedded ("reused"), secret-looking values are redacted and secret-only chunks
 * skipped, progress is reported after every page, and the event loop is handed back every few
 * milliseconds so keyword queries never wait on it. Nothing is lost on failure or cancellation:
 * what was stored stays, what was not is still missing and is picked up by the next run.
 */
export async function runEmbeddingPipeline(options: EmbeddingPipelineOptions): Promise<EmbeddingProgress> {
  const { store, provider, source, signal } = options;
  const slicer = new TimeSlicer(options.sliceMs, signal);
  const pageSize = options.pageSize ?? 256;
  const maxConsecutiveFailures = options.maxConsecutiveFailures ?? 3;
  const requestsBefore = provider.usage.requests;
  const progress: EmbeddingProgress = {
    state: 'running', providerId: provider.id, done: 0, total: 0, calls: 0, callsSaved: 0, reused: 0, redacted: 0, skipped: 0, failed: 0,
  };
  const report = () => {
    progress.calls = provider.usage.requests - requestsBefore;
    options.onProgress?.({ ...progress });
  };
  let embeddedCount = 0;
  /** Stores vectors a transaction at a time and hands them to `onVectors`; returns how many were stored. */
  const write = async (entries: readonly VectorToWrite[]): Promise<number> => {
    let count = 0;
    for (let w = 0; w < entries.length; w += WRITE_PAGE) {
      const stored = store.put(provider.id, entries.slice(w, w + WRITE_PAGE));
      count += stored.length;
      progress.done += stored.length;
      await options.onVectors?.(stored);
      await slicer.checkpoint();
    }
    return count;
  };

  try {
    const hashes = [...new Set(source.hashes())];
    progress.total = hashes.length;
    const missing: string[] = [];
    for (let i = 0; i < hashes.length; i += CACHE_PAGE) {
      missing.push(...store.missing(hashes.slice(i, i + CACHE_PAGE), provider.id));
      await slicer.checkpoint();
    }
    progress.callsSaved = hashes.length - missing.length;
    progress.done = progress.callsSaved;
    report();

    let consecutiveFailures = 0;
    for (let i = 0; i < missing.length; i += pageSize) {
      signal?.throwIfAborted();
      const page = missing.slice(i, i + pageSize);
      const chunks: ChunkToEmbed[] = [];
      for (let j = 0; j < page.length; j += LOAD_STEP) {
        chunks.push(...source.load(page.slice(j, j + LOAD_STEP)));
        await slicer.checkpoint();
      }
      progress.total -= page.length - new Set(chunks.map((c) => c.hash)).size;
      const outgoing = await prepare(chunks, slicer, progress);
      if (outgoing.skipped.length > 0) store.putSkipped(provider.id, provider.dimensions, outgoing.skipped);
      progress.done += outgoing.skipped.length;

      const fetched = options.remote ? await lookUpRemote(options, outgoing.send) : [];
      progress.reused += await write(fetched);
      const fetchedHashes = new Set(fetched.map((f) => f.hash));
      const toEmbed = fetched.length === 0 ? outgoing.send : outgoing.send.filter((item) => !fetchedHashes.has(item.hash));

      const result = await embedIsolatingBadInputs(provider, toEmbed, signal);
      progress.failed += result.failed.length;
      if (result.error) progress.lastError = result.error.message;
      embeddedCount += await write(result.embedded);
      progress.redacted += result.embedded.filter((e) => e.redacted).length;
      report();
      consecutiveFailures = result.embedded.length === 0 && result.failed.length > 0 ? consecutiveFailures + 1 : 0;
      if (result.fatal || consecutiveFailures >= maxConsecutiveFailures) {
        progress.state = 'failed';
        break;
      }
      // Always let pending I/O in between pages, even when the page itself was quick.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (progress.state === 'running') progress.state = 'done';
  } catch (err) {
    if (!signal?.aborted && !(err instanceof EmbeddingError && err.code === 'aborted')) throw err;
    progress.state = 'cancelled';
  } finally {
    progress.calls = provider.usage.requests - requestsBefore;
    store.addStats(provider.id, {
      calls: progress.calls, embedded: embeddedCount, callsSaved: progress.callsSaved, reused: progress.reused,
      redacted: progress.redacted, skipped: progress.skipped, failed: progress.failed,
    });
  }
  report();
  return { ...progress };
}

interface OutgoingChunk {
  hash: string;
  text: string;
  redacted: boolean;
}

interface Outgoing {
  send: OutgoingChunk[];
  skipped: string[];
}

/**
 * The vectors `remote` already has for a page, checked (the provider's size, finite) and made
 * unit length like the provider's. Any failure, or no answer in time, is reported and leaves the
 * whole page to the provider: a team server being down never costs a vector.
 */
async function lookUpRemote(
  { remote, provider, signal, onRemoteError, remoteTimeoutMs = REMOTE_LOOKUP_TIMEOUT_MS }: EmbeddingPipelineOptions,
  items: readonly OutgoingChunk[],
): Promise<(VectorToWrite & { redacted: boolean })[]> {
  if (!remote || items.length === 0) return [];
  let timer: NodeJS.Timeout | undefined;
  let found: Map<string, Float32Array>;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${remoteTimeoutMs} ms`)), remoteTimeoutMs);
    });
    // Called inside the try: a source that throws instead of rejecting is a failed lookup too.
    found = await Promise.race([remote.lookup(provider.model, provider.dimensions, items.map((item) => item.hash)), timeout]);
    if (!(found instanceof Map)) throw new Error('the answer is not a Map of hashes to vectors');
  } catch (err) {
    onRemoteError?.(`Looking up team vectors failed (${(err as Error)?.message ?? String(err)}); embedding those chunks with the provider instead.`);
    return [];
  } finally {
    clearTimeout(timer);
  }
  signal?.throwIfAborted();
  const fetched: (VectorToWrite & { redacted: boolean })[] = [];
  for (const item of items) {
    const vector = found.get(item.hash);
    if (vector instanceof Float32Array && vector.length === provider.dimensions && vector.every(Number.isFinite)) {
      fetched.push({ hash: item.hash, vector: normalizeInPlace(vector), redacted: item.redacted });
    }
  }
  return fetched;
}

/** Redacts secret-looking values; chunks that are mostly secret are not sent at all. */
async function prepare(chunks: readonly ChunkToEmbed[], slicer: TimeSlicer, progress: EmbeddingProgress): Promise<Outgoing> {
  const outgoing: Outgoing = { send: [], skipped: [] };
  const seen = new Set<string>();
  for (const chunk of chunks) {
    if (seen.has(chunk.hash)) continue;
    seen.add(chunk.hash);
    const redaction = redactSecrets(chunk.text, { path: chunk.path });
    if (redaction.verdict === 'skip') {
      outgoing.skipped.push(chunk.hash);
      progress.skipped++;
    } else {
      outgoing.send.push({ hash: chunk.hash, text: redaction.text, redacted: redaction.verdict === 'redacted' });
    }
    await slicer.checkpoint();
  }
  return outgoing;
}

interface EmbedResult {
  embedded: { hash: string; vector: Float32Array; redacted: boolean }[];
  failed: string[];
  error?: EmbeddingError;
  fatal: boolean;
}

/**
 * Embeds a page; when the server refuses a request (400-class), halves it until the inputs it
 * refuses are alone, so one bad chunk does not cost its whole page.
 */
async function embedIsolatingBadInputs(
  provider: EmbeddingProvider,
  items: readonly OutgoingChunk[],
  signal: AbortSignal | undefined,
): Promise<EmbedResult> {
  const result: EmbedResult = { embedded: [], failed: [], fatal: false };
  if (items.length === 0) return result;
  try {
    const vectors = await provider.embed(items.map((item) => item.text), signal);
    items.forEach((item, i) => result.embedded.push({ hash: item.hash, vector: vectors[i] as Float32Array, redacted: item.redacted }));
    return result;
  } catch (err) {
    if (!(err instanceof EmbeddingError) || err.code === 'aborted') throw err;
    result.error = err;
    result.fatal = FATAL_CODES.has(err.code);
    if (err.code !== 'bad-request' || items.length === 1) {
      result.failed.push(...items.map((item) => item.hash));
      return result;
    }
  }
  const middle = Math.ceil(items.length / 2);
  for (const half of [items.slice(0, middle), items.slice(middle)]) {
    const part = await embedIsolatingBadInputs(provider, half, signal);
    result.embedded.push(...part.embedded);
    result.failed.push(...part.failed);
    result.error = part.error ?? result.error;
    if (part.fatal) {
      result.fatal = true;
      break;
    }
  }
  return result;
}
