// The `mobius/*` extensions to the Language Server Protocol, spoken between the VS Code extension
// (client) and the daemon (server). Each message is declared once here and imported by both sides;
// docs/lsp-extensions.md describes them for other clients.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type {
  ContextPack, IndexStatus, IndexSummary, SearchFilters, SearchResult,
} from './engine';

/** Sent by the client as `initializationOptions`. */
export interface MobiusInitializationOptions {
  /** Version of the extension that started the daemon, for the logs. */
  clientVersion: string;
}

/** The daemon reads these per workspace folder through `workspace/configuration` (section `mobius`). */
export interface MobiusSettings {
  include: string[];
  exclude: string[];
  /** Files larger than this many kilobytes are not indexed. */
  maxFileSize: number;
  /** Default token budget of a context pack. */
  tokenBudget: number;
  /** Parse workers and concurrent index updates; 0 picks a value from the CPU count. */
  workers: number;
  logLevel: LogLevel;
  daemon: { runtime: string };
  team: TeamSettings;
}

/** Where a folder syncs to and what it shares (`mobius.team.*`). The API key is never a setting. */
export interface TeamSettings {
  /** Root URL of the team server, e.g. `https://mobius.example.com`; empty when not connected. */
  serverUrl: string;
  /** The server project this folder syncs to and searches; empty when not connected. */
  projectId: string;
  /** Sync this folder's committed code to the team server. */
  sync: boolean;
  /** Globs (relative paths) allowed to leave the machine; empty means everything indexed. */
  syncInclude: string[];
  /** Where searches look: this machine, the team server, or both merged. */
  searchScope: SearchScope;
}

export const SEARCH_SCOPES = ['local', 'team', 'both'] as const;
export type SearchScope = (typeof SEARCH_SCOPES)[number];

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What a folder gets when a setting is unset; package.json's `contributes.configuration` declares the same. */
export const DEFAULT_SETTINGS: MobiusSettings = {
  include: [],
  exclude: [],
  maxFileSize: 1024,
  tokenBudget: 8000,
  workers: 0,
  logLevel: 'info',
  daemon: { runtime: '' },
  team: { serverUrl: '', projectId: '', sync: true, syncInclude: [], searchScope: 'both' },
};

/** A search hit with the workspace folder it came from. `path` stays relative to that folder. */
export interface SearchHit extends SearchResult {
  /** URI of the file: the folder URI joined with `path`, or a `mobius-team:` URI for a team file not on disk. */
  uri: string;
  folderUri: string;
  folderName: string;
  /** `team` when the hit came from the team server (the file is not on this disk or equals it). */
  origin: 'local' | 'team';
}

export interface SearchParams extends SearchFilters {
  query: string;
  limit?: number;
  /** Restrict the search to these workspace folders; all folders when omitted. */
  folderUris?: string[];
  /** Overrides the folders' `mobius.team.searchScope`. */
  scope?: SearchScope;
}

export { TEAM_FILE_SCHEME } from './teamUri';

/** Sync with the team server, per folder. */
export type TeamSyncState =
  /** Not connected, or sync is off for the folder: local search only. */
  | { phase: 'off' }
  | { phase: 'syncing'; filesDone: number; filesTotal: number }
  /** `behind`: the team's ref holds a newer commit than this checkout, so this one was not applied. */
  | { phase: 'synced'; files: number; ref: string; at: number; behind: boolean }
  /** The server cannot be reached; retrying at `retryAt` (ms since epoch). */
  | { phase: 'offline'; message: string; retryAt: number }
  /** A problem retrying cannot fix (bad key, no access, bad project): what failed and what to do. */
  | { phase: 'error'; message: string };

export interface SearchResponse {
  hits: SearchHit[];
  /** How long the search took inside the daemon, in ms. */
  tookMs: number;
  /** True while some folder is still being indexed: results may be incomplete. */
  partial: boolean;
  /** Why team results are missing (server unreachable, slow, refused); local results are still given. */
  teamError?: string;
}

/**
 * Pack the code most related to a query, or to a range of a file. Lines are 1-based and inclusive
 * here as everywhere in `mobius/*` (the engine's convention), unlike LSP's 0-based positions.
 * `budget` defaults to the folder's `mobius.tokenBudget`.
 */
export type ContextParams =
  | { query: string; budget?: number; filters?: SearchFilters }
  | { uri: string; startLine: number; endLine: number; budget?: number }
  /** Exactly these spans in this priority order (the search panel's context basket), packed into the budget. */
  | { spans: SpanRef[]; budget?: number };

/** A range of a file; lines 1-based and inclusive. */
export interface SpanRef {
  uri: string;
  startLine: number;
  endLine: number;
}

export interface ContextResult extends ContextPack {
  /** Each span with the URI of its file. */
  uris: string[];
  chunks: number;
}

/** `queued`: opened, waiting for its index run (bulk work waits for interactive updates). */
export const FOLDER_PHASES = ['opening', 'queued', 'indexing', 'ready', 'paused', 'failed'] as const;
export type FolderPhase = (typeof FOLDER_PHASES)[number];

/** Index state of one workspace folder. */
export interface FolderState {
  uri: string;
  name: string;
  phase: FolderPhase;
  filesDone: number;
  filesTotal: number;
  files: number;
  chunks: number;
  /** Why the folder failed to open or index, with what to do about it. */
  error?: string;
  team: TeamSyncState;
}

/** What the status bar needs; sent as `mobius/indexChanged` and embedded in `mobius/status`. */
export interface IndexState {
  /** `starting` until the folders are known; `indexing` while any folder opens or indexes; `ready` when all are. */
  phase: 'starting' | 'indexing' | 'ready' | 'paused' | 'failed';
  paused: boolean;
  filesDone: number;
  filesTotal: number;
  files: number;
  chunks: number;
  /** Index updates waiting in the daemon's queue. */
  pendingUpdates: number;
  folders: FolderState[];
}

export interface FolderStatus extends FolderState {
  index: IndexStatus | null;
  lastRun: IndexSummary | null;
}

export interface StatusResult {
  state: IndexState;
  folders: FolderStatus[];
  daemon: {
    pid: number;
    /** The Node binary the daemon runs on, its version and native-module ABI. */
    execPath: string;
    nodeVersion: string;
    abi: string;
    rssBytes: number;
    uptimeMs: number;
    workers: number;
  };
}

export interface ReindexParams {
  /** Reindex only these folders; all when omitted. */
  folderUris?: string[];
  /** Drop the index and rebuild it from scratch instead of the incremental default. */
  full?: boolean;
}

export namespace SearchRequest {
  export const method = 'mobius/search';
  export const type = new RequestType<SearchParams, SearchResponse, void>(method);
}

export namespace ContextRequest {
  export const method = 'mobius/context';
  export const type = new RequestType<ContextParams, ContextResult, void>(method);
}

export namespace StatusRequest {
  export const method = 'mobius/status';
  export const type = new RequestType0<StatusResult, void>(method);
}

export namespace ReindexRequest {
  export const method = 'mobius/reindex';
  export const type = new RequestType<ReindexParams, IndexState, void>(method);
}

export namespace PauseIndexingRequest {
  export const method = 'mobius/pauseIndexing';
  export const type = new RequestType0<IndexState, void>(method);
}

export namespace ResumeIndexingRequest {
  export const method = 'mobius/resumeIndexing';
  export const type = new RequestType0<IndexState, void>(method);
}

/** The team server's API key, from the extension's SecretStorage; null forgets it. Kept in memory only. */
export interface TeamCredentials {
  apiKey: string | null;
}

export namespace SetTeamCredentialsNotification {
  export const method = 'mobius/setTeamCredentials';
  export const type = new NotificationType<TeamCredentials>(method);
}

/** Runs a sync of these folders (all when omitted) now instead of waiting for the next change. */
export namespace SyncNowRequest {
  export const method = 'mobius/syncNow';
  export const type = new RequestType<{ folderUris?: string[] }, IndexState, void>(method);
}

export interface TeamFileParams {
  /** A `mobius-team:` URI from a search hit. */
  uri: string;
}

/** The text of a team file not on disk: its chunks at their lines, blank lines where no chunk is. */
export interface TeamFileResult {
  text: string;
  language: string;
  ref: string;
}

export namespace TeamFileRequest {
  export const method = 'mobius/teamFile';
  export const type = new RequestType<TeamFileParams, TeamFileResult, void>(method);
}

export namespace IndexChangedNotification {
  export const method = 'mobius/indexChanged';
  export const type = new NotificationType<IndexState>(method);
}

/** JSON-RPC error code (server-error range) of an `initialize` refused because the native module cannot load. */
export const NATIVE_MODULE_ERROR_CODE = -32050;

/** `data` of the error the daemon answers `initialize` with when its native module cannot load. */
export interface NativeModuleErrorData {
  kind: 'native-module';
  /** The full message shown to the user: what failed, ABI numbers, and the fix. */
  message: string;
  moduleAbi: string | null;
  runtimeAbi: string;
  runtimePath: string;
  /** Tells vscode-languageclient not to offer a retry: the same runtime fails the same way. */
  retry: false;
}

/**
 * `node daemon.js --check-runtime` loads the native module and prints one line of JSON with this
 * shape, so the extension can tell a wrong runtime apart before it starts the language client.
 */
export const RUNTIME_CHECK_FLAG = '--check-runtime';

export type RuntimeCheckResult =
  | { ok: true; execPath: string; nodeVersion: string; abi: string }
  | { ok: false; error: NativeModuleErrorData };
