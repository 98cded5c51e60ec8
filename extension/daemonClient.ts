import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, State, TransportKind,
  type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import type { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import {
  IndexChangedNotification, type IndexState, type MobiusInitializationOptions, type NativeModuleErrorData,
} from '../protocol/lsp';
import { errorMessage } from './commands/commandErrors';
import { readSettings } from './config';
import { checkDaemonRuntime, resolveDaemonRuntime, type DaemonRuntime } from './daemonRuntime';

/** After this many crashes within CRASH_WINDOW_MS the daemon stays down and the user is told. */
const MAX_RESTARTS = 4;
const CRASH_WINDOW_MS = 3 * 60_000;

/** Shown from the moment the daemon process starts until it reports its own state. */
const STARTING: IndexState = {
  phase: 'starting', paused: false, filesDone: 0, filesTotal: 0, files: 0, chunks: 0, pendingUpdates: 0, folders: [],
};

export interface DaemonHooks {
  /** Extra environment of the daemon process (embedding settings and key). */
  environment?(): Promise<Record<string, string>>;
  /** Called each time the daemon is up, after a start or an automatic restart. */
  onRunning?(): Promise<void>;
}

export class DaemonNotRunningError extends Error {
  constructor(why: string) {
    super(`The Mobius daemon is not running (${why}). See the "Mobius" output for details, then run "Mobius: Reindex Workspace" or reload the window.`);
    this.name = 'DaemonNotRunningError';
  }
}

/**
 * Owns the language client that runs the daemon: picks and checks the runtime, restarts the
 * daemon when it dies, and forwards `mobius/indexChanged` to the status bar.
 */
export class DaemonClient implements vscode.Disposable {
  private client: LanguageClient | null = null;
  private stopReason = 'it has not started yet';
  private readonly stateEmitter = new vscode.EventEmitter<IndexState | null>();
  private readonly crashes: number[] = [];
  /** The latest state from the daemon; null while it is not running. */
  state: IndexState | null = null;
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly hooks: DaemonHooks = {},
  ) {}

  async start(): Promise<void> {
    const daemonModule = this.context.asAbsolutePath('dist/daemon.js');
    let runtime: DaemonRuntime;
    try {
      runtime = resolveDaemonRuntime(readSettings().daemon.runtime);
      const check = await checkDaemonRuntime(runtime, daemonModule);
      if (!check.ok) return this.failToStart(check.error.message, check.error);
      this.output.info(`Starting the daemon on ${check.execPath} (Node ${check.nodeVersion}, NODE_MODULE_VERSION ${check.abi}; from ${runtime.source}).`);
    } catch (err) {
      return this.failToStart(errorMessage(err));
    }

    const serverOptions: ServerOptions = {
      module: daemonModule,
      runtime: runtime.path,
      transport: TransportKind.ipc,
      options: { env: { ...process.env, ...runtime.env, ...(await this.hooks.environment?.()) } },
    };
    const initializationOptions: MobiusInitializationOptions = { clientVersion: String(this.context.extension.packageJSON.version) };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file' }],
      outputChannel: this.output,
      initializationOptions,
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue }),
        closed: () => this.onDaemonClosed(),
      },
    };
    const client = new LanguageClient('mobius', 'Mobius', serverOptions, clientOptions);
    // A client being stopped may still deliver a last message: only the current one sets the state.
    client.onDidChangeState(({ newState }) => {
      if (this.client !== client) return;
      if (newState === State.Starting) this.setState(STARTING);
      else if (newState === State.Stopped) this.setState(null);
    });
    client.onNotification(IndexChangedNotification.type, (state) => {
      if (this.client === client) this.setState(state);
    });
    // Every (re)start of the process: the daemon keeps secrets in memory only, so they are sent again.
    client.onDidChangeState(({ newState }) => {
      if (this.client === client && newState === State.Running) void this.hooks.onRunning?.();
    });
    this.client = client;
    try {
      await client.start();
      this.stopReason = 'it stopped';
    } catch (err) {
      this.stopReason = `it failed to start: ${errorMessage(err)}`;
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    this.crashes.length = 0;
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.setState(null);
    if (!client) return;
    // A start in flight must settle first: the client refuses to stop while starting.
    if (client.state === State.Starting) await client.start().catch(() => undefined);
    if (client.isRunning()) await client.dispose();
  }

  get isRunning(): boolean {
    return this.client?.isRunning() ?? false;
  }

  async request<P, R>(type: RequestType<P, R, void>, params: P, token?: vscode.CancellationToken): Promise<R> {
    return (await this.runningClient()).sendRequest(type, params, token);
  }

  /** Sends a notification if the daemon runs; a daemon that starts later gets state through `onRunning`. */
  notify<P>(type: NotificationType<P>, params: P): void {
    if (this.client?.isRunning()) void this.client.sendNotification(type, params);
  }

  async request0<R>(type: RequestType0<R, void>): Promise<R> {
    return (await this.runningClient()).sendRequest(type);
  }

  dispose(): void {
    void this.stop();
    this.stateEmitter.dispose();
  }

  /** Waits for a (re)starting daemon rather than failing the user's command. */
  private async runningClient(): Promise<LanguageClient> {
    const client = this.client;
    if (!client) throw new DaemonNotRunningError(this.stopReason);
    if (!client.isRunning()) {
      try {
        await client.start();
      } catch {
        throw new DaemonNotRunningError(this.stopReason);
      }
    }
    return client;
  }

  private onDaemonClosed() {
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0] > CRASH_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length > MAX_RESTARTS) {
      this.stopReason = `it stopped ${this.crashes.length} times in ${CRASH_WINDOW_MS / 60_000} minutes`;
      return {
        action: CloseAction.DoNotRestart,
        message: `The Mobius daemon stopped ${this.crashes.length} times in a few minutes and will not be restarted. The "Mobius" output has its last messages; reload the window to try again.`,
      };
    }
    return { action: CloseAction.Restart, message: 'The Mobius daemon stopped; restarting it. The index on disk is kept.', handled: true };
  }

  /** The single message a user sees when the daemon cannot run here, with the way out. */
  private failToStart(message: string, nativeError?: NativeModuleErrorData): void {
    this.stopReason = nativeError ? 'its native module does not load on the chosen runtime' : message;
    this.output.error(message);
    const openSettings = 'Set Runtime';
    const showLogs = 'Show Logs';
    void vscode.window.showErrorMessage(message, openSettings, showLogs).then((choice) => {
      if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', 'mobius.daemon.runtime');
      if (choice === showLogs) this.output.show(true);
    });
  }

  private setState(state: IndexState | null): void {
    this.state = state;
    this.stateEmitter.fire(state);
  }
}
