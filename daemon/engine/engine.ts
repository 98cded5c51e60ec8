import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EmbeddingProgress } from '../../protocol/embeddings';
import type {
  ContextPack, ContextRequest, IndexStatus, IndexSummary, SearchOptions, SearchResult,
} from '../../protocol/engine';
import { defaultEngineConfig, type EngineConfig } from './config';
import { packContext } from './context/packContext';
import type { TeamVectorTarget } from './embed/embeddingThread';
import { runIndex, type IndexRunOptions } from './index/indexer';
import { IndexStore } from './index/indexStore';
import { SyncView } from './index/syncView';
import { openDatabase, schemaVersion } from './index/openDatabase';
import type { ParseOutcome, ParseTask } from './index/parseTask';
import { WorkerPool } from './index/workerPool';
import { defaultDbPath, parseWorkerScript } from './paths';
import { createPathFilter } from './scan/scanner';
import { KeywordSearch } from './search/keywordSearch';
import { relatedQuery } from './search/relatedQuery';
import { DEFAULT_FUSION_WEIGHTS, HybridSearch } from './semantic/hybridSearch';
import { SemanticIndex } from './semantic/semanticIndex';

export interface EngineOpenOptions {
  /** The folder to index. */
  root: string;
  /** Where the index lives; defaults to a file under the per-user cache folder. */
  dbPath?: string;
  config?: Partial<EngineConfig>;
}

export class FolderNotFoundError extends Error {
  constructor(readonly folder: string) {
    super(`No folder at ${folder}. Pass an existing folder (e.g. \`mobius index path/to/repo\`).`);
    this.name = 'FolderNotFoundError';
  }
}

/**
 * The local engine for one folder: an incremental index and the searches over it.
 * The CLI and the daemon both use it in-process.
 */
export class Engine {
  private pool: WorkerPool<ParseTask, ParseOutcome> | null = null;
  private running: Promise<IndexSummary> | null = null;
  private readonly keyword: KeywordSearch;
  /** Null unless an embedding provider is configured: then the engine behaves exactly as keyword-only. */
  private readonly semantic: SemanticIndex | null;
  private readonly hybrid: HybridSearch | null;
  private readonly isIndexable: (relPath: string) => boolean;

  private constructor(
    readonly root: string,
    readonly dbPath: string,
    readonly config: EngineConfig,
    private readonly db: Database,
    private readonly store: IndexStore,
    pathFilter: (relPath: string) => unknown,
  ) {
    this.keyword = new KeywordSearch(db);
    const embeddings = config.embeddings;
    this.semantic = embeddings && embeddings.provider !== undefined && embeddings.provider !== 'none'
      ? new SemanticIndex({ db, dbPath, config: embeddings })
      : null;
    this.hybrid = this.semantic ? new HybridSearch(db, this.keyword, this.semantic, { ...DEFAULT_FUSION_WEIGHTS, ...config.fusion }) : null;
    this.semantic?.warmUp();
    this.isIndexable = (relPath) => pathFilter(relPath) === null;
  }

  static async open(options: EngineOpenOptions): Promise<Engine> {
    const root = path.resolve(options.root);
    if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new FolderNotFoundError(root);
    const config = { ...defaultEngineConfig(), ...options.config };
    const dbPath = options.dbPath ? path.resolve(options.dbPath) : defaultDbPath(root);
    const db = openDatabase(dbPath);
    const store = new IndexStore(db);
    store.setMeta('root', root);
    // Unsaved text from an editor session that has ended must not outlive it: re-read those files.
    store.forgetBuffers();
    const filter = await createPathFilter(root, { include: config.include, exclude: config.exclude, maxFileBytes: config.maxFileBytes });
    return new Engine(root, dbPath, config, db, store, filter);
  }

  /**
   * Brings the index up to date with the folder. Concurrent calls share one run. With a provider
   * configured, embedding the new chunks starts in the background once the keyword index is ready.
   */
  index(options: IndexRunOptions = {}): Promise<IndexSummary> {
    if (!this.running) {
      this.running = runIndex({ root: this.root, store: this.store, pool: this.workers(), config: this.config }, options)
        .then((summary) => {
          this.semantic?.start();
          return summary;
        })
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }

  /** Where background embedding stands, or null when no provider is configured. */
  embeddings(): IndexStatus['embeddings'] | null {
    return this.semantic?.status() ?? null;
  }

  /** Resolves when loading vectors and the background embedding run(s) under way end; at once without a provider. */
  async waitForEmbeddings(onProgress?: (progress: EmbeddingProgress) => void): Promise<EmbeddingProgress | null> {
    return (await this.semantic?.whenIdle(onProgress)) ?? null;
  }

  /**
   * Re-indexes one file from an editor's unsaved text, or, with `null`, from the disk (the buffer
   * was closed or the file changed on disk; a file gone from disk leaves the index).
   * Resolves when the change is searchable by keyword; with a provider configured, its new chunks
   * are embedded in the background once edits pause.
   */
  async updateFile(relPath: string, content: string | null): Promise<void> {
    const rel = relPath.split(path.sep).join('/');
    const previousHashes = this.semantic?.chunkHashesOf(rel) ?? [];
    await this.reindexFile(rel, content);
    this.semantic?.fileChanged(rel, previousHashes);
  }

  /** Where embedding runs look up team vectors before calling the provider (issue #7); null to stop. */
  setTeamVectors(target: TeamVectorTarget | null): void {
    this.semantic?.setTeamVectors(target);
  }

  private async reindexFile(rel: string, content: string | null): Promise<void> {
    const absPath = path.join(this.root, rel);
    const known = this.store.catalogEntry(rel);
    const stat = content === null ? statOrNull(absPath) : null;
    if (!this.isIndexable(rel) || (content === null && !stat)) {
      if (known) this.store.transaction(() => this.store.removeFile(rel));
      return;
    }
    const outcome = await this.workers().run({ relPath: rel, absPath, content: content ?? undefined, previousHash: known?.hash, forceParse: true }, 'interactive');
    const source = content === null ? 'disk' : 'buffer';
    const size = stat?.size ?? Buffer.byteLength(content ?? '');
    const mtimeMs = stat?.mtimeMs ?? 0;
    this.store.transaction(() => {
      switch (outcome.kind) {
        case 'parsed':
          this.store.putFile({ path: rel, hash: outcome.hash, size, mtimeMs, language: outcome.language, source }, outcome.analysis, outcome.terms);
          return;
        case 'unchanged':
          this.store.touchFile(rel, size, mtimeMs, source);
          return;
        case 'failed':
          throw new Error(`Could not index ${rel}: ${outcome.message}`);
        default:
          if (known) this.store.removeFile(rel);
      }
    });
  }

  /** Keyword search alone: synchronous, never waits on embeddings. */
  search(query: string, options: SearchOptions = {}): SearchResult[] {
    return this.keyword.search(query, options);
  }

  /**
   * Keyword and vector rankings fused when vectors exist; otherwise (no provider, no vectors yet,
   * or the query could not be embedded in time) exactly {@link search}'s results.
   */
  async searchHybrid(query: string, options: SearchOptions = {}): Promise<SearchResult[]> {
    return this.hybrid ? this.hybrid.search(query, options) : this.search(query, options);
  }

  context(request: ContextRequest): ContextPack {
    if ('query' in request) {
      return packContext(this.search(request.query, { ...request.filters, limit: 50 }), request.budget);
    }
    return this.contextOfSelection(request);
  }

  /** {@link context} with a query's candidates ranked by {@link searchHybrid}. */
  async contextHybrid(request: ContextRequest): Promise<ContextPack> {
    if ('query' in request) {
      return packContext(await this.searchHybrid(request.query, { ...request.filters, limit: 50 }), request.budget);
    }
    return this.contextOfSelection(request);
  }

  private contextOfSelection(request: Extract<ContextRequest, { path: string }>): ContextPack {
    const rel = request.path.split(path.sep).join('/');
    const selected = this.store.chunksOf(rel).filter((c) => c.startLine <= request.endLine && c.endLine >= request.startLine);
    const related = this.search(relatedQuery(selected.map((c) => c.content).join('\n')), { limit: 50 });
    const selectedHashes = new Set(selected.map((c) => c.hash));
    const candidates = [
      ...selected.map((c) => ({ ...c, score: Number.POSITIVE_INFINITY })),
      ...related.filter((r) => !selectedHashes.has(r.hash) || r.path !== rel),
    ];
    return packContext(candidates, request.budget);
  }

  /** The indexed content hash of a file, or undefined when it is not indexed. */
  fileHash(relPath: string): string | undefined {
    return this.store.catalogEntry(relPath)?.hash;
  }

  /** Cached vectors of chunk hashes for the configured provider (null without one), for the team sync. */
  storedVectors(hashes: readonly string[]): ReturnType<SemanticIndex['storedVectors']> {
    return this.semantic?.storedVectors(hashes) ?? null;
  }

  /** What the team sync reads of this folder (daemon/sync/). */
  syncView(): SyncView {
    return new SyncView(this.store, (task) => this.workers().run(task, 'bulk'), this.isIndexable, this.config.maxFileBytes, this.root);
  }

  status(): IndexStatus {
    const counts = this.store.counts();
    const last = this.store.getMeta('lastIndexedAt');
    return {
      root: this.root,
      dbPath: this.dbPath,
      files: counts.files,
      chunks: counts.chunks,
      dbBytes: ['', '-wal'].reduce((sum, s) => sum + (statOrNull(this.dbPath + s)?.size ?? 0), 0),
      lastIndexedAt: last ? Number(last) : null,
      schemaVersion: schemaVersion(),
      languages: counts.languages,
      ...(this.semantic ? { embeddings: this.semantic.status() } : {}),
    };
  }


  async close(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.semantic?.close();
    await this.pool?.close();
    this.pool = null;
    this.db.close();
  }

  private workers(): WorkerPool<ParseTask, ParseOutcome> {
    this.pool ??= new WorkerPool(parseWorkerScript(), this.config.workers);
    return this.pool;
  }
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}
