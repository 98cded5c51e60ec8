import * as vscode from 'vscode';
import type { IndexState } from '../../protocol/lsp';
import type { DaemonAvailability } from '../../protocol/webview';
import { DaemonNotRunningError, type DaemonClient } from '../daemonClient';

/** How long the daemon may be down (a crash and its automatic restart) before the panel says so. */
const RESTART_GRACE_MS = 4000;

/**
 * Whether the panel can reach the daemon. The daemon client restarts a crashed daemon by itself,
 * so a stop is reported only when it lasts; a request that finds the daemon down reports it at
 * once, with the client's explanation.
 */
export class DaemonAvailabilityTracker implements vscode.Disposable {
  private current: DaemonAvailability;
  private graceTimer: NodeJS.Timeout | null = null;
  private readonly emitter = new vscode.EventEmitter<DaemonAvailability>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  constructor(private readonly daemon: DaemonClient) {
    this.current = daemon.isRunning ? { state: 'running' } : { state: 'starting' };
    if (!daemon.isRunning && daemon.state === null) this.startGrace();
    this.subscription = daemon.onDidChangeState((state) => this.stateChanged(state));
  }

  get availability(): DaemonAvailability {
    return this.current;
  }

  /** A request failed; when it failed because the daemon is down, the panel shows that. */
  requestFailed(err: unknown): boolean {
    if (!(err instanceof DaemonNotRunningError)) return false;
    this.set({ state: 'unavailable', message: err.message });
    return true;
  }

  /** A request succeeded: the daemon is up, whatever the last event said. */
  requestSucceeded(): void {
    if (this.current.state !== 'running') this.set({ state: 'running' });
  }

  /** The user pressed Retry: start the daemon again (the client's crash count starts over). */
  async retry(): Promise<void> {
    this.set({ state: 'starting' });
    await this.daemon.restart();
    if (this.daemon.isRunning) this.set({ state: 'running' });
    else this.set({ state: 'unavailable', message: 'The Mobius daemon did not start. The "Mobius" output says why; fix that and press Retry.' });
  }

  dispose(): void {
    this.clearGrace();
    this.subscription.dispose();
    this.emitter.dispose();
  }

  private stateChanged(state: IndexState | null): void {
    if (state === null) {
      if (this.current.state === 'running') this.set({ state: 'starting' });
      this.startGrace();
      return;
    }
    this.clearGrace();
    // The client reports `starting` as the process launches; any later state comes from the daemon itself.
    this.set(state.phase === 'starting' && !this.daemon.isRunning ? { state: 'starting' } : { state: 'running' });
  }

  private startGrace(): void {
    this.clearGrace();
    this.graceTimer = setTimeout(() => {
      this.graceTimer = null;
      if (this.daemon.state === null && !this.daemon.isRunning) {
        this.set({ state: 'unavailable', message: 'It stopped and did not come back. The "Mobius" output has its last messages.' });
      }
    }, RESTART_GRACE_MS);
  }

  private clearGrace(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
  }

  private set(next: DaemonAvailability): void {
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.emitter.fire(next);
  }
}
