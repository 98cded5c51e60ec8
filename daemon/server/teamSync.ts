import type { TeamSettings, TeamSyncState } from '../../protocol/lsp';
import { syncFolder, type SyncReport } from '../sync/folderSync';
import { TeamClient, TeamServerError } from '../sync/teamClient';
import { localVectorsOf } from '../sync/teamVectors';
import type { FolderIndex } from './folderIndex';
import { errorMessage } from './folderIndex';
import type { Logger } from './logger';

/** First retry after this long; each failure doubles it up to the cap (with jitter). */
const RETRY_BASE_MS = 2_000;
const RETRY_CAP_MS = 5 * 60_000;
/** Saved files settle for this long before a sync: a burst of saves or a checkout costs one. */
const CHANGE_DELAY_MS = 3_000;
/** Commits and checkouts do not always reach the file watcher; look again this often. */
const POLL_MS = 60_000;

export interface TeamConnection {
  client: TeamClient;
  projectId: string;
  /** The ref last synced, searched by default; null before the first sync. */
  ref: string | null;
}

/**
 * Keeps one folder's committed code synced with its team project: syncs after index runs and
 * saves (debounced), retries with exponential backoff while the server is away, stops retrying
 * on errors only the user can fix (bad key, no access), and logs state changes once, not each retry.
 */
export class FolderTeamSync {
  state: TeamSyncState = { phase: 'off' };
  private settings: TeamSettings | null = null;
  private apiKey: string | null = null;
  private client: TeamClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private poll: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private lastRef: string | null = null;
  /** Fingerprint of the last manifest the server took; a poll with nothing new sends nothing. */
  private lastFingerprint: string | null = null;
  private abort = new AbortController();
  private disposed = false;

  constructor(
    private readonly folder: FolderIndex,
    private readonly log: Logger,
    private readonly onStateChange: () => void,
  ) {}

  /** The connection team searches use, or null when the folder has none. */
  connection(): TeamConnection | null {
    if (!this.client || !this.settings) return null;
    return { client: this.client, projectId: this.settings.projectId, ref: this.lastRef };
  }

  get searchScope(): TeamSettings['searchScope'] {
    return this.settings?.searchScope ?? 'local';
  }

  configure(settings: TeamSettings, apiKey: string | null): void {
    const changed = JSON.stringify(settings) !== JSON.stringify(this.settings) || apiKey !== this.apiKey;
    this.settings = settings;
    this.apiKey = apiKey;
    if (!changed) return;
    const connected = settings.serverUrl !== '' && settings.projectId !== '' && apiKey !== null;
    this.client = connected ? new TeamClient({ serverUrl: settings.serverUrl, apiKey: apiKey! }) : null;
    // Team vectors serve embedding even when this folder does not sync (readers, sync off).
    this.folder.setTeamVectors(connected ? { serverUrl: settings.serverUrl, apiKey: apiKey!, projectId: settings.projectId } : null);
    this.failures = 0;
    this.lastFingerprint = null;
    if (!connected || !settings.sync) {
      this.cancelTimers();
      this.setState({ phase: 'off' });
      return;
    }
    this.schedule(0);
    this.poll ??= setInterval(() => this.schedule(0), POLL_MS);
    this.poll.unref();
  }

  /** Files changed on disk (saved, checked out): sync once they settle. */
  changed(): void {
    if (this.client && this.settings?.sync && this.state.phase !== 'error') this.schedule(CHANGE_DELAY_MS);
  }

  /** Sync now (index run finished, or the user asked); a sync under way runs once more after. */
  syncNow(): Promise<void> {
    if (!this.client || !this.settings?.sync) return Promise.resolve();
    this.cancelTimer();
    return this.run();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.cancelTimers();
    this.abort.abort();
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.disposed) return;
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, delayMs);
    this.timer.unref();
  }

  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.syncOnce().finally(() => {
      this.running = null;
      if (this.again && !this.disposed) {
        this.again = false;
        this.schedule(0);
      }
    });
    return this.running;
  }

  private async syncOnce(): Promise<void> {
    const client = this.client;
    const settings = this.settings;
    if (!client || !settings || this.disposed || this.folder.isClosed || this.folder.isIndexing) return;
    try {
      const report = await syncFolder({
        view: this.folder.syncView(),
        client,
        projectId: settings.projectId,
        include: settings.syncInclude,
        localVectors: localVectorsOf((hashes) => this.folder.storedVectors(hashes)),
        signal: this.abort.signal,
        previousFingerprint: this.state.phase === 'synced' ? this.lastFingerprint : null,
        onProgress: (filesDone, filesTotal) => {
          if (filesTotal > 0) this.setState({ phase: 'syncing', filesDone, filesTotal });
        },
      });
      this.lastRef = report.ref;
      this.lastFingerprint = report.fingerprint;
      if (report.upToDate) return;
      if (this.failures > 0 || this.state.phase !== 'synced' || report.filesUploaded > 0) this.logReport(report);
      this.failures = 0;
      this.setState({ phase: 'synced', files: report.files, ref: report.ref, at: Date.now(), behind: report.behind });
    } catch (err) {
      if (this.disposed) return;
      this.failed(err);
    }
  }

  private failed(err: unknown): void {
    const message = errorMessage(err);
    if (err instanceof TeamServerError && !err.retryable) {
      if (this.state.phase !== 'error') this.log.error(`Team sync of ${this.folder.folder.root} stopped: ${message}`);
      this.setState({ phase: 'error', message });
      return;
    }
    this.failures++;
    const serverWait = err instanceof TeamServerError && err.retryAfterSeconds ? err.retryAfterSeconds * 1000 : 0;
    const backoff = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** (this.failures - 1));
    const delay = Math.max(serverWait, Math.round(backoff * (0.5 + Math.random() / 2)));
    if (this.state.phase !== 'offline') {
      this.log.warn(`Team sync of ${this.folder.folder.root} paused: ${message} Local search is unaffected; retrying with backoff.`);
    } else {
      this.log.debug(`Team sync retry ${this.failures} failed: ${message}`);
    }
    this.setState({ phase: 'offline', message, retryAt: Date.now() + delay });
    this.schedule(delay);
  }

  private logReport(r: SyncReport): void {
    this.log.info(
      `Synced ${this.folder.folder.root} to ref ${r.ref}${r.commit ? ` (${r.commit.slice(0, 10)})` : ''}: ${r.files} files, ` +
        `${r.filesUploaded} uploaded (${r.chunksUploaded} chunks, ${r.vectorsUploaded} vectors, ${r.bytesSent} bytes), ` +
        `${r.redacted} chunks redacted, ${r.skippedSecret} kept back as secret, ${r.notSynced} not synced, in ${r.durationMs} ms.` +
        (r.behind ? ' The team already holds a newer commit of this ref: nothing was replaced.' : ''),
    );
  }

  private setState(state: TeamSyncState): void {
    this.state = state;
    this.folder.team = state;
    this.onStateChange();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private cancelTimers(): void {
    this.cancelTimer();
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }
}
