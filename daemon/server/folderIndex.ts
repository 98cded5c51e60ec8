import { Engine } from '../engine/engine';
import type { EngineConfig } from '../engine/config';
import type {
  ContextPack, ContextRequest, IndexProgress, IndexStatus, IndexSummary, SearchOptions, SearchResult,
} from '../../protocol/engine';
import type { FolderPhase, FolderState, TeamSyncState } from '../../protocol/lsp';
import type { SyncView } from '../engine/index/syncView';
import type { TeamVectorTarget } from '../engine/embed/embeddingThread';

export interface FolderIdentity {
  uri: string;
  name: string;
  /** Absolute file-system path of the folder. */
  root: string;
}

/**
 * One workspace folder's engine and what the daemon knows about it: its phase, the progress of the
 * running index, the last run's summary and the last error. Index runs can be aborted (pause,
 * folder removed, settings changed) and resume incrementally.
 */
export class FolderIndex {
  phase: FolderPhase = 'queued';
  error: string | undefined;
  lastRun: IndexSummary | null = null;
  /** Set by the folder's team sync. */
  team: TeamSyncState = { phase: 'off' };
  private progress: Pick<IndexProgress, 'filesDone' | 'filesTotal'> = { filesDone: 0, filesTotal: 0 };
  private abort: AbortController | null = null;
  private closed = false;
  private counts = { files: 0, chunks: 0 };

  private constructor(
    readonly folder: FolderIdentity,
    readonly configKey: string,
    private readonly engine: Engine,
  ) {
    this.refreshCounts();
  }

  static async open(folder: FolderIdentity, config: Partial<EngineConfig>, configKey: string, dbPath?: string): Promise<FolderIndex> {
    const engine = await Engine.open({ root: folder.root, config, dbPath });
    return new FolderIndex(folder, configKey, engine);
  }

  get uri(): string {
    return this.folder.uri;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get isIndexing(): boolean {
    return this.abort !== null;
  }

  /** An incremental run; `onProgress` fires per file. Rejects with the engine's error when aborted. */
  async index(onProgress: () => void): Promise<IndexSummary> {
    if (this.closed) throw new Error(`The index of ${this.folder.name} is closed.`);
    const abort = new AbortController();
    this.abort = abort;
    this.phase = 'indexing';
    this.error = undefined;
    this.progress = { filesDone: 0, filesTotal: 0 };
    try {
      const summary = await this.engine.index({
        signal: abort.signal,
        onProgress: (p) => {
          this.progress = { filesDone: p.filesDone, filesTotal: p.filesTotal };
          onProgress();
        },
      });
      this.lastRun = summary;
      this.phase = 'ready';
      return summary;
    } catch (err) {
      if (abort.signal.aborted) this.phase = 'paused';
      else {
        this.phase = 'failed';
        this.error = `Indexing ${this.folder.root} failed: ${errorMessage(err)}. Run "Mobius: Reindex Workspace" to retry; the logs ("Mobius" output) have details.`;
      }
      throw err;
    } finally {
      if (this.abort === abort) this.abort = null;
      this.refreshCounts();
    }
  }

  /** Stops a running index at the next file; what was indexed stays. */
  abortIndex(): void {
    this.abort?.abort();
  }

  async updateFile(relPath: string, content: string | null): Promise<void> {
    if (this.closed) return;
    await this.engine.updateFile(relPath, content);
    this.refreshCounts();
  }

  /** Keyword search, fused with vectors when an embedding provider is configured and vectors exist. */
  search(query: string, options: SearchOptions): Promise<SearchResult[]> {
    return this.engine.searchHybrid(query, options);
  }

  context(request: ContextRequest): Promise<ContextPack> {
    return this.engine.contextHybrid(request);
  }

  /** The indexed hash of a file (its unsaved buffer's, when open), or undefined when not indexed. */
  localHash(relPath: string): string | undefined {
    return this.closed ? undefined : this.engine.fileHash(relPath);
  }

  /** Cached vectors of chunk hashes for the folder's provider (null without one). */
  storedVectors(hashes: readonly string[]): ReturnType<Engine['storedVectors']> {
    return this.closed ? null : this.engine.storedVectors(hashes);
  }

  /** Where embedding looks for vectors before asking the provider (the team server); null for none. */
  setTeamVectors(target: TeamVectorTarget | null): void {
    if (!this.closed) this.engine.setTeamVectors(target);
  }

  syncView(): SyncView {
    return this.engine.syncView();
  }

  status(): IndexStatus {
    return this.engine.status();
  }

  state(): FolderState {
    return {
      uri: this.folder.uri,
      name: this.folder.name,
      phase: this.phase,
      filesDone: this.progress.filesDone,
      filesTotal: this.progress.filesTotal,
      files: this.counts.files,
      chunks: this.counts.chunks,
      team: this.team,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abortIndex();
    await this.engine.close();
  }

  /** Counts are cached: the status bar asks often and a count query is not free on a big index. */
  private refreshCounts(): void {
    if (this.closed) return;
    const status = this.engine.status();
    this.counts = { files: status.files, chunks: status.chunks };
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
