import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { IndexChangedNotification, type IndexState } from '../../protocol/lsp';

/** At most this many state notifications per second reach the client, whatever the file rate. */
const MIN_INTERVAL_MS = 200;

/**
 * Tells the client how indexing goes, two ways: standard work-done progress (VS Code shows it in
 * the status bar's progress area, other LSP clients their own way) and `mobius/indexChanged`
 * with the full state, for the extension's own status item. Both are throttled.
 */
export class IndexProgressReporter {
  private timer: NodeJS.Timeout | null = null;
  private lastSent = 0;
  private progress: Promise<WorkDoneProgressServerReporter> | null = null;
  private lastSentKey = '';
  private lastPhase: IndexState['phase'] | null = null;
  private disposed = false;

  constructor(
    private readonly connection: Connection,
    private readonly getState: () => IndexState,
  ) {}

  /**
   * Something changed; the client hears about it within MIN_INTERVAL_MS, and at once when the
   * phase changes, so even a run shorter than the interval is seen to start and end.
   */
  changed(): void {
    if (this.disposed) return;
    if (this.getState().phase !== this.lastPhase) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.lastSent = Date.now();
      this.flush();
      return;
    }
    if (this.timer) return;
    const wait = Math.max(0, this.lastSent + MIN_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastSent = Date.now();
      this.flush();
    }, wait);
  }

  /** After shutdown the client hears nothing more: folders closing are not an index change. */
  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.endProgress();
  }

  private flush(): void {
    const state = this.getState();
    this.lastPhase = state.phase;
    const key = JSON.stringify(state);
    if (key !== this.lastSentKey) {
      this.lastSentKey = key;
      void this.connection.sendNotification(IndexChangedNotification.type, state);
    }
    if (state.phase === 'indexing') this.reportProgress(state);
    else this.endProgress();
  }

  private reportProgress(state: IndexState): void {
    if (!this.progress) {
      this.progress = this.connection.window.createWorkDoneProgress().then((reporter) => {
        reporter.begin('Mobius: indexing', 0, 'scanning files', false);
        return reporter;
      });
    }
    const percentage = state.filesTotal > 0 ? Math.floor((100 * state.filesDone) / state.filesTotal) : 0;
    const message = state.filesTotal > 0 ? `${state.filesDone}/${state.filesTotal} files` : 'scanning files';
    void this.progress.then((reporter) => reporter.report(percentage, message), () => undefined);
  }

  private endProgress(): void {
    const progress = this.progress;
    this.progress = null;
    void progress?.then((reporter) => reporter.done(), () => undefined);
  }
}
