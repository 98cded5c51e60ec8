import * as fs from 'node:fs';
import { IndexCorruptError, IndexTooNewError, deleteDatabase } from '../engine/index/openDatabase';
import { defaultDbPath } from '../engine/paths';
import { defaultEngineConfig } from '../engine/config';
import { DEFAULT_SETTINGS, type IndexState, type MobiusSettings, type ReindexParams } from '../../protocol/lsp';
import type { EmbeddingConfig } from '../../protocol/embeddings';
import { embeddingConfigFromEnv } from '../engine/semantic/embeddingEnv';
import { errorMessage, FolderIndex, type FolderIdentity } from './folderIndex';
import type { Logger } from './logger';
import { engineConfigFor, engineConfigKey, type SettingsResult } from './settings';
import { WorkQueue } from './workQueue';
import { FolderTeamSync } from './teamSync';
import { FolderEntry, uriToPath, Workspace } from './workspace';

export interface CoordinatorHooks {
  /** The `mobius` settings of a folder, or of the window when `scopeUri` is undefined. */
  settingsFor(scopeUri?: string): Promise<SettingsResult>;
  log: Logger;
  /** Called after anything that changes `state()`; the caller throttles. */
  onStateChange(): void;
  /** The editor's open documents: their text, not the disk's, is what a folder indexes. */
  openDocuments(): { uri: string; text: string }[];
}

/** How long deletions and directory events gather before one reconciling index run. */
const RECONCILE_DELAY_MS = 500;

/**
 * Keeps every folder's index in step with the editor and the disk: opens and closes folders,
 * runs their index in the background, applies buffer and disk changes through the work queue,
 * and pauses, resumes and rebuilds on request.
 */
export class IndexCoordinator {
  readonly workspace = new Workspace();
  private readonly queue: WorkQueue;
  private readonly settings = new Map<string, MobiusSettings>();
  private readonly reconcileTimers = new Map<string, NodeJS.Timeout>();
  private started = false;
  private workers = defaultEngineConfig().workers;
  /** The team server's API key, from the extension's SecretStorage; held in memory only. */
  private teamApiKey: string | null = null;

  /** The daemon's embedding provider, from the MOBIUS_EMBEDDINGS_* variables it was started with. */
  private readonly embeddings: EmbeddingConfig | undefined;

  constructor(private readonly hooks: CoordinatorHooks) {
    this.queue = new WorkQueue(this.workers, () => hooks.onStateChange());
    this.embeddings = this.embeddingsFromEnv();
  }

  /** Applies window-wide settings (workers, log level) and opens the initial folders. */
  async start(folders: { uri: string; name: string }[]): Promise<void> {
    await this.applyWindowSettings();
    await Promise.all(folders.map((f) => this.addFolder(f)));
    this.started = true;
    this.hooks.onStateChange();
  }

  get workerCount(): number {
    return this.workers;
  }

  addFolder(folder: { uri: string; name: string }): Promise<void> {
    if (this.workspace.get(folder.uri)) return Promise.resolve();
    const root = uriToPath(folder.uri);
    if (!root) {
      this.hooks.log.warn(`Skipping workspace folder ${folder.uri}: only file: folders can be indexed.`);
      return Promise.resolve();
    }
    const identity: FolderIdentity = { uri: folder.uri, name: folder.name, root };
    const entry = new FolderEntry(identity, this.openFolder(identity).then(
      (index) => index,
      (err: unknown) => {
        entry.failure = openFailureMessage(identity, err);
        this.hooks.log.error(entry.failure);
        return null;
      },
    ));
    this.workspace.add(entry);
    this.hooks.onStateChange();
    return entry.ready.then((index) => {
      if (index) {
        // Buffers first (the engine forgot any left by an earlier daemon), so the run keeps them.
        for (const doc of this.hooks.openDocuments()) {
          if (this.workspace.locate(doc.uri)?.entry === entry) {
            this.updateBuffer(doc.uri, doc.text).catch((err: unknown) => this.hooks.log.warn(`Could not index the open ${doc.uri}: ${errorMessage(err)}`));
          }
        }
        entry.team = new FolderTeamSync(index, this.hooks.log, () => this.hooks.onStateChange());
        entry.team.configure(this.settingsOf(entry.uri).team, this.teamApiKey);
        this.scheduleIndex(index);
      }
      this.hooks.onStateChange();
    });
  }

  /** A new team API key (or null): every folder reconnects with it. */
  setTeamApiKey(apiKey: string | null): void {
    this.teamApiKey = apiKey;
    for (const entry of this.workspace.allEntries()) entry.team?.configure(this.settingsOf(entry.uri).team, apiKey);
  }

  /** Syncs folders (all when omitted) with the team server now; resolves when their syncs end. */
  async syncNow(folderUris?: string[]): Promise<IndexState> {
    const entries = this.workspace.allEntries().filter((e) => !folderUris || folderUris.includes(e.uri));
    await Promise.all(entries.map((e) => e.team?.syncNow()));
    return this.state();
  }

  private settingsOf(uri: string): MobiusSettings {
    return this.settings.get(uri) ?? DEFAULT_SETTINGS;
  }

  async removeFolder(uri: string): Promise<void> {
    const entry = this.workspace.remove(uri);
    if (!entry) return;
    this.queue.cancelWaiting(folderKey(uri));
    clearTimeout(this.reconcileTimers.get(uri));
    this.reconcileTimers.delete(uri);
    this.settings.delete(uri);
    await entry.team?.dispose();
    const index = await entry.ready;
    await index?.close();
    this.hooks.log.info(`Closed the index of ${entry.identity.root}.`);
    this.hooks.onStateChange();
  }

  /** Re-reads the settings; folders whose include/exclude/size/worker settings changed are reopened and reindexed. */
  async settingsChanged(): Promise<void> {
    await this.applyWindowSettings();
    for (const entry of this.workspace.allEntries()) {
      const { settings } = await this.hooks.settingsFor(entry.uri);
      const index = await entry.ready;
      if (index && engineConfigKey(settings) === index.configKey) {
        this.settings.set(entry.uri, settings);
        entry.team?.configure(settings.team, this.teamApiKey);
        continue;
      }
      this.hooks.log.info(`Settings of ${entry.identity.root} changed: reopening its index.`);
      await this.removeFolder(entry.uri);
      await this.addFolder({ uri: entry.uri, name: entry.identity.name });
    }
  }

  tokenBudget(folder: FolderIndex): number {
    return this.settings.get(folder.uri)?.tokenBudget ?? DEFAULT_SETTINGS.tokenBudget;
  }

  /** An editor's unsaved text for a file. Resolves when it is searchable. */
  updateBuffer(uri: string, text: string): Promise<void> {
    return this.updateFile(uri, text);
  }

  /** Re-reads a file from disk (saved, closed without saving, changed or deleted on disk). */
  updateFromDisk(uri: string): Promise<void> {
    return this.updateFile(uri, null).then(() => this.workspace.locate(uri)?.entry.team?.changed());
  }

  /**
   * Deleted paths and new directories may stand for many files the watcher does not list one by
   * one; an incremental index run reconciles the folder with the disk (unchanged files cost a stat).
   */
  scheduleReconcile(uri: string): void {
    const location = this.workspace.locate(uri);
    const entry = location?.entry ?? this.workspace.get(uri);
    if (!entry) return;
    clearTimeout(this.reconcileTimers.get(entry.uri));
    this.reconcileTimers.set(entry.uri, setTimeout(() => {
      this.reconcileTimers.delete(entry.uri);
      if (entry.index) this.scheduleIndex(entry.index);
    }, RECONCILE_DELAY_MS));
  }

  isDirectory(uri: string): boolean {
    const file = uriToPath(uri);
    try {
      return file !== null && fs.statSync(file).isDirectory();
    } catch {
      return false;
    }
  }

  pause(): IndexState {
    if (!this.queue.isPaused) {
      this.queue.pause();
      for (const folder of this.workspace.all()) folder.abortIndex();
      this.hooks.log.info('Indexing paused: searches use the index as it is.');
    }
    return this.state();
  }

  resume(): IndexState {
    if (this.queue.isPaused) {
      this.queue.resume();
      for (const folder of this.workspace.all()) {
        if (folder.phase === 'paused' || folder.phase === 'queued') this.scheduleIndex(folder);
      }
      this.hooks.log.info('Indexing resumed.');
    }
    return this.state();
  }

  async reindex(params: ReindexParams): Promise<IndexState> {
    const entries = this.workspace.allEntries().filter((e) => !params.folderUris || params.folderUris.includes(e.uri));
    for (const entry of entries) {
      const index = await entry.ready;
      // A folder whose index could not be opened is rebuilt: incremental runs need a readable index.
      if (params.full || !index) {
        this.hooks.log.info(`Rebuilding the index of ${entry.identity.root} from scratch.`);
        await this.removeFolder(entry.uri);
        deleteDatabase(defaultDbPath(entry.identity.root));
        void this.addFolder({ uri: entry.uri, name: entry.identity.name });
      } else {
        this.scheduleIndex(index);
      }
    }
    return this.state();
  }

  state(): IndexState {
    return this.workspace.state(this.started, this.queue.isPaused, this.queue.size);
  }

  async dispose(): Promise<void> {
    for (const timer of this.reconcileTimers.values()) clearTimeout(timer);
    await Promise.all(this.workspace.allEntries().map((e) => this.removeFolder(e.uri)));
  }

  private async openFolder(identity: FolderIdentity): Promise<FolderIndex> {
    const { settings, problems } = await this.hooks.settingsFor(identity.uri);
    for (const problem of problems) this.hooks.log.warn(problem);
    this.settings.set(identity.uri, settings);
    const config = { ...engineConfigFor(settings), workers: this.workers, embeddings: this.embeddings };
    const index = await FolderIndex.open(identity, config, engineConfigKey(settings));
    const status = index.status();
    this.hooks.log.info(`Opened the index of ${identity.root} (${status.files} files, ${status.chunks} chunks) at ${status.dbPath}.`);
    return index;
  }

  private embeddingsFromEnv(): EmbeddingConfig | undefined {
    try {
      return embeddingConfigFromEnv();
    } catch (err) {
      this.hooks.log.warn(`Embeddings are off: ${errorMessage(err)} Search uses keywords only.`);
      return undefined;
    }
  }

  private async applyWindowSettings(): Promise<void> {
    const { settings, problems } = await this.hooks.settingsFor();
    for (const problem of problems) this.hooks.log.warn(problem);
    this.hooks.log.setLevel(settings.logLevel);
    this.workers = settings.workers > 0 ? settings.workers : defaultEngineConfig().workers;
    this.queue.setConcurrency(this.workers);
  }

  private scheduleIndex(folder: FolderIndex): void {
    if (folder.isClosed) return;
    if (folder.phase !== 'indexing') folder.phase = this.queue.isPaused ? 'paused' : 'queued';
    this.hooks.onStateChange();
    this.queue.enqueue(`${folderKey(folder.uri)}index`, 'bulk', async () => {
      if (folder.isClosed) return;
      try {
        const s = await folder.index(() => this.hooks.onStateChange());
        this.hooks.log.info(
          `Indexed ${folder.folder.root}: ${s.files} files, ${s.chunks} chunks (${s.added} added, ${s.changed} changed, ` +
            `${s.removed} removed, ${s.unchanged} unchanged) in ${s.durationMs} ms.`,
        );
        for (const e of s.errors) this.hooks.log.warn(`Could not index ${e.path}: ${e.message}`);
        void this.workspace.get(folder.uri)?.team?.syncNow();
      } catch (err) {
        if (folder.phase === 'paused' || folder.isClosed) this.hooks.log.info(`Index run of ${folder.folder.root} stopped; it continues from there on resume.`);
        else this.hooks.log.error(folder.error ?? errorMessage(err));
      }
    }).catch((err: unknown) => this.hooks.log.error(errorMessage(err)));
  }

  private async updateFile(uri: string, content: string | null): Promise<void> {
    const location = this.workspace.locate(uri);
    if (!location) return;
    const { entry, relPath } = location;
    await this.queue.enqueue(`${folderKey(entry.uri)}file\n${relPath}`, 'interactive', async () => {
      const index = await entry.ready;
      if (!index || index.isClosed) return;
      const started = performance.now();
      await index.updateFile(relPath, content);
      this.hooks.log.debug(`Updated ${relPath} from ${content === null ? 'disk' : 'the editor'} in ${Math.round(performance.now() - started)} ms.`);
    });
  }
}

function folderKey(uri: string): string {
  return `${uri}\n`;
}

function openFailureMessage(identity: FolderIdentity, err: unknown): string {
  if (err instanceof IndexCorruptError || err instanceof IndexTooNewError) {
    return `${err.message} In VS Code, "Mobius: Reindex Workspace" rebuilds it.`;
  }
  return `Could not open the index of ${identity.root}: ${errorMessage(err)}`;
}
