// A minimal LSP client for the built daemon (dist/daemon.js) over stdio: what the integration
// tests and bench/daemon.ts drive instead of VS Code. It answers the requests VS Code would
// (configuration, registrations, progress tokens) and records what the daemon sends.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest, createMessageConnection, DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, InitializedNotification, InitializeRequest, LogMessageNotification, RegistrationRequest,
  ShutdownRequest, StreamMessageReader, StreamMessageWriter, WorkDoneProgressCreateRequest, type FileEvent,
  type InitializeResult, type MessageConnection, type Registration, type WorkspaceFolder, type WorkDoneProgressBegin,
  type WorkDoneProgressEnd, type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import {
  ContextRequest, DEFAULT_SETTINGS, IndexChangedNotification, PauseIndexingRequest, ReindexRequest,
  ResumeIndexingRequest, SearchRequest, StatusRequest, type ContextParams, type IndexState, type MobiusSettings,
  type ReindexParams, type SearchParams,
} from '../../../protocol/lsp';

/** The built daemon; MOBIUS_DAEMON_BUNDLE points the tests at another build (e.g. an unpacked .vsix). */
export const DAEMON_BUNDLE = process.env.MOBIUS_DAEMON_BUNDLE || path.resolve(__dirname, '../../../dist/daemon.js');

export interface DaemonOptions {
  folders: string[];
  /** Where the engine keeps its index files (MOBIUS_HOME): tests use a temp dir. */
  mobiusHome: string;
  settings?: Partial<MobiusSettings>;
  /** Runtime to spawn; the Node running the tests by default. */
  runtime?: string;
  /** Path of the daemon bundle; dist/daemon.js by default. */
  bundle?: string;
  /** Extra environment for the daemon process (e.g. MOBIUS_EMBEDDINGS_*). */
  env?: NodeJS.ProcessEnv;
}

type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export class DaemonProcess {
  readonly states: IndexState[] = [];
  readonly logs: string[] = [];
  readonly registrations: Registration[] = [];
  readonly progress: { token: string | number; value: ProgressValue }[] = [];
  settings: MobiusSettings;
  private readonly versions = new Map<string, number>();
  private stateWaiters: { test: (s: IndexState) => boolean; resolve: (s: IndexState) => void }[] = [];
  private exited: Promise<number | null>;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    options: DaemonOptions,
  ) {
    this.settings = { ...structuredClone(DEFAULT_SETTINGS), ...options.settings };
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    // Progress tokens are created by the daemon, so its reports arrive as "unhandled" progress.
    connection.onUnhandledProgress((params) => this.progress.push(params as { token: string | number; value: ProgressValue }));
    connection.onNotification(LogMessageNotification.type, (params) => this.logs.push(params.message));
    connection.onNotification(IndexChangedNotification.type, (state) => {
      this.states.push(state);
      this.stateWaiters = this.stateWaiters.filter((w) => {
        if (!w.test(state)) return true;
        w.resolve(state);
        return false;
      });
    });
  }

  /** Spawns the daemon and completes the initialize handshake. */
  static async start(options: DaemonOptions): Promise<{ daemon: DaemonProcess; result: InitializeResult }> {
    const bundle = options.bundle ?? DAEMON_BUNDLE;
    if (!fs.existsSync(bundle)) throw new Error(`${bundle} does not exist: run \`npm run build\` first.`);
    const child = spawn(options.runtime ?? process.execPath, [bundle, '--stdio', `--clientProcessId=${process.pid}`], {
      env: { ...process.env, ...options.env, MOBIUS_HOME: options.mobiusHome },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stderr: string[] = [];
    child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const daemon = new DaemonProcess(child, connection, options);
    connection.listen();
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.folders.map(toWorkspaceFolder),
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        window: { workDoneProgress: true },
        textDocument: { synchronization: { dynamicRegistration: false } },
      },
      initializationOptions: { clientVersion: 'test' },
    }).catch((err: Error) => {
      child.kill();
      throw Object.assign(err, { stderr: stderr.join('') });
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return { daemon, result };
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** How many states have arrived so far: pass it to `waitForState` to ignore older ones. */
  mark(): number {
    return this.states.length;
  }

  /** The first state received at or after position `since` that passes `test`. */
  waitForState(test: (s: IndexState) => boolean, timeoutMs = 60_000, description = 'the expected index state', since = 0): Promise<IndexState> {
    const seen = this.states.slice(since).find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}; last state: ${JSON.stringify(this.states.at(-1))}`));
      }, timeoutMs);
      this.stateWaiters.push({ test, resolve: (s) => { clearTimeout(timer); resolve(s); } });
    });
  }

  /** The first `ready` state with nothing pending, received at or after `since`. */
  waitUntilReady(timeoutMs = 60_000, since = 0): Promise<IndexState> {
    return this.waitForState((s) => s.phase === 'ready' && s.pendingUpdates === 0, timeoutMs, 'ready', since);
  }

  search(query: string, extra: Partial<SearchParams> = {}) {
    return this.connection.sendRequest(SearchRequest.type, { query, ...extra });
  }

  context(params: ContextParams) {
    return this.connection.sendRequest(ContextRequest.type, params);
  }

  status() {
    return this.connection.sendRequest(StatusRequest.type);
  }

  reindex(params: ReindexParams = {}) {
    return this.connection.sendRequest(ReindexRequest.type, params);
  }

  pause() {
    return this.connection.sendRequest(PauseIndexingRequest.type);
  }

  resume() {
    return this.connection.sendRequest(ResumeIndexingRequest.type);
  }

  async open(file: string, text = fs.readFileSync(file, 'utf8'), languageId = 'plaintext'): Promise<void> {
    const uri = fileUri(file);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole buffer (unsaved). */
  async change(file: string, text: string): Promise<void> {
    const uri = fileUri(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  async close(file: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: fileUri(file) } });
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async foldersChanged(added: string[], removed: string[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: added.map(toWorkspaceFolder), removed: removed.map(toWorkspaceFolder) },
    });
  }

  /** Kills the process without a shutdown, as a crash would. */
  async kill(): Promise<void> {
    this.process.kill('SIGKILL');
    await this.exited;
    this.connection.dispose();
  }

  /** Orderly LSP shutdown and exit. */
  async stop(): Promise<number | null> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return this.process.exitCode;
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** Resident set size of the daemon process, from /proc (Linux). */
  rssBytes(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    if (!kb) throw new Error(`No VmRSS in /proc/${this.pid}/status`);
    return Number(kb[1]) * 1024;
  }
}

/** Polls `condition` every 20 ms until it holds. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs: number, description: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}.`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

function toWorkspaceFolder(folder: string): WorkspaceFolder {
  return { uri: fileUri(folder), name: path.basename(folder) };
}
