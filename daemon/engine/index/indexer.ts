import type { IndexProgress, IndexSummary, SkipReason } from '../../../protocol/engine';
import type { EngineConfig } from '../config';
import { languageForPath } from '../parse/languages';
import { scanWorkspace } from '../scan/scanner';
import type { ScannedFile } from '../scan/scanner';
import type { FileRecord, IndexStore } from './indexStore';
import type { ParseOutcome, ParseTask } from './parseTask';
import type { WorkerPool } from './workerPool';

export interface IndexRunOptions {
  onProgress?: (progress: IndexProgress) => void;
  signal?: AbortSignal;
}

interface RunContext {
  root: string;
  store: IndexStore;
  pool: WorkerPool<ParseTask, ParseOutcome>;
  config: EngineConfig;
}

/** Files finished by workers, written together in one transaction. */
const WRITE_BATCH_FILES = 128;
const WRITE_BATCH_MS = 250;
/** Files in flight per worker: enough to fill the pool's per-worker queue with one to spare. */
const LANES_PER_WORKER = 4;

export class IndexAbortedError extends Error {
  constructor() {
    super('Indexing was cancelled; what was done so far is saved and the next run continues from there.');
    this.name = 'IndexAbortedError';
  }
}

/**
 * One incremental index run: scan, compare with the catalog by size and mtime, parse what changed
 * in the worker pool, write in batched transactions, then drop what disappeared.
 */
export async function runIndex(ctx: RunContext, options: IndexRunOptions = {}): Promise<IndexSummary> {
  const started = performance.now();
  const { store, pool } = ctx;
  const summary: IndexSummary = {
    files: 0, chunks: 0, added: 0, changed: 0, removed: 0, unchanged: 0, chunksWritten: 0,
    skipped: {}, errors: [], bytes: 0, durationMs: 0,
  };
  const skip = (reason: SkipReason) => (summary.skipped[reason] = (summary.skipped[reason] ?? 0) + 1);

  const scan = await scanWorkspace(ctx.root, { include: ctx.config.include, exclude: ctx.config.exclude, maxFileBytes: ctx.config.maxFileBytes });
  for (const s of scan.skipped) skip(s.reason);

  const catalog = store.catalog();
  const seen = new Set<string>();
  const work: ScannedFile[] = [];
  for (const file of scan.files) {
    seen.add(file.relPath);
    const known = catalog.get(file.relPath);
    if (known && (known.source === 'buffer' || (known.size === file.size && known.mtimeMs === file.mtimeMs))) summary.unchanged++;
    else work.push(file);
  }
  const gone = [...catalog.entries()].filter(([path, entry]) => entry.source === 'disk' && !seen.has(path)).map(([path]) => path);

  const progress: IndexProgress = {
    phase: 'index', filesDone: 0, filesTotal: work.length, bytesDone: 0,
    bytesTotal: work.reduce((sum, f) => sum + f.size, 0),
  };
  options.onProgress?.({ ...progress });

  pool.broadcast({ knownHashes: store.fileHashes() });
  const batch: { file: ScannedFile; outcome: ParseOutcome }[] = [];
  const mustParse: ScannedFile[] = [];
  let lastFlush = performance.now();
  const flush = () => {
    store.transaction(() => {
      for (const { file, outcome } of batch) {
        if (applyOutcome(store, file, outcome, catalog.has(file.relPath), summary, skip) === 'parse-instead') mustParse.push(file);
      }
    });
    batch.length = 0;
    lastFlush = performance.now();
  };

  const parseOne = async (file: ScannedFile, forceParse: boolean): Promise<void> => {
    const outcome = await pool
      .run({ relPath: file.relPath, absPath: file.absPath, previousHash: catalog.get(file.relPath)?.hash, forceParse })
      .catch((err: Error): ParseOutcome => ({ kind: 'failed', message: err.message }));
    batch.push({ file, outcome });
    if (!forceParse) {
      progress.filesDone++;
      progress.bytesDone += file.size;
      options.onProgress?.({ ...progress });
    }
    if (batch.length >= WRITE_BATCH_FILES || performance.now() - lastFlush > WRITE_BATCH_MS) flush();
  };

  // A small lead per worker streams results into batches without piling them up in memory.
  const runAll = async (files: ScannedFile[], forceParse: boolean) => {
    let next = 0;
    const lanes = Array.from({ length: pool.size * LANES_PER_WORKER }, async () => {
      while (next < files.length && !options.signal?.aborted) await parseOne(files[next++], forceParse);
    });
    await Promise.all(lanes);
    flush();
  };
  await runAll(work, false);
  // Duplicates whose original changed in this same run are parsed after all.
  await runAll(mustParse.splice(0), true);
  if (options.signal?.aborted) throw new IndexAbortedError();

  store.transaction(() => {
    for (const path of gone) store.removeFile(path);
    store.collectGarbage();
    store.setMeta('lastIndexedAt', String(Date.now()));
  });
  summary.removed += gone.length;

  const counts = store.counts();
  summary.files = counts.files;
  summary.chunks = counts.chunks;
  summary.bytes = progress.bytesDone;
  summary.durationMs = Math.round(performance.now() - started);
  options.onProgress?.({ ...progress, phase: 'done' });
  return summary;
}

/** Writes one worker outcome. Runs inside the batch transaction. */
function applyOutcome(
  store: IndexStore,
  file: ScannedFile,
  outcome: ParseOutcome,
  wasIndexed: boolean,
  summary: IndexSummary,
  skip: (reason: SkipReason) => void,
): 'done' | 'parse-instead' {
  // An editor's unsaved buffer that arrived during the run wins over the disk.
  if (store.catalogEntry(file.relPath)?.source === 'buffer') return 'done';
  const record = (hash: string, size: number, language: FileRecord['language']): FileRecord => ({
    path: file.relPath, hash, size, mtimeMs: file.mtimeMs, language, source: 'disk',
  });
  switch (outcome.kind) {
    case 'skipped':
      skip(outcome.reason);
      if (wasIndexed) { store.removeFile(file.relPath); summary.removed++; }
      return 'done';
    case 'vanished':
      if (wasIndexed) { store.removeFile(file.relPath); summary.removed++; }
      return 'done';
    case 'failed':
      summary.errors.push({ path: file.relPath, message: outcome.message });
      return 'done';
    case 'unchanged':
      store.touchFile(file.relPath, outcome.size, file.mtimeMs);
      summary.unchanged++;
      return 'done';
    case 'duplicate':
      if (!store.copyFrom(record(outcome.hash, outcome.size, languageForPath(file.relPath)))) return 'parse-instead';
      break;
    case 'parsed':
      summary.chunksWritten += store.putFile(record(outcome.hash, outcome.size, outcome.language), outcome.analysis, outcome.terms);
      break;
  }
  if (wasIndexed) summary.changed++;
  else summary.added++;
  return 'done';
}
