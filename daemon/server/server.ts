import { packSpans } from './spanContext';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ResponseError, TextDocuments,
  TextDocumentSyncKind, type Connection, type InitializeError, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ContextRequest, PauseIndexingRequest, ReindexRequest, ResumeIndexingRequest, SearchRequest, SetTeamCredentialsNotification,
  StatusRequest, SyncNowRequest, TeamFileRequest,
  NATIVE_MODULE_ERROR_CODE, type MobiusInitializationOptions, type StatusResult,
} from '../../protocol/lsp';
import { BufferSync } from './bufferSync';
import { errorMessage } from './folderIndex';
import { IndexCoordinator } from './indexCoordinator';
import { IndexProgressReporter } from './indexProgress';
import { Logger } from './logger';
import { checkNativeModule, currentRuntime } from './nativeModule';
import { fetchSettings } from './settings';
import { readTeamFile } from './teamFile';
import { applyWatchedFileChanges } from './watchedFiles';

const SERVER_NAME = 'mobius-daemon';

/** Wires the LSP connection to the index: lifecycle, text sync, watched files and the `mobius/*` methods. */
export function startServer(connection: Connection): void {
  const started = Date.now();
  const log = new Logger(connection.console);
  const documents = new TextDocuments(TextDocument);
  let canPullSettings = false;
  let initialFolders: { uri: string; name: string }[] = [];
  let progress: IndexProgressReporter | null = null;

  const coordinator = new IndexCoordinator({
    settingsFor: (scopeUri) => fetchSettings(connection, canPullSettings, scopeUri),
    log,
    onStateChange: () => progress?.changed(),
    openDocuments: () => documents.all().map((d) => ({ uri: d.uri, text: d.getText() })),
  });
  progress = new IndexProgressReporter(connection, () => coordinator.state());
  const buffers = new BufferSync(documents, coordinator, log);
  let capabilities: InitializeParams['capabilities'] = {};

  connection.onInitialize((params): InitializeResult | ResponseError<InitializeError> => {
    const runtime = currentRuntime();
    const nativeError = checkNativeModule();
    if (nativeError) {
      log.error(nativeError.message);
      // `retry: false` (InitializeError) stops the client from offering a retry that fails the same way.
      return new ResponseError<InitializeError>(NATIVE_MODULE_ERROR_CODE, nativeError.message, nativeError);
    }
    capabilities = params.capabilities;
    canPullSettings = params.capabilities.workspace?.configuration === true;
    initialFolders = params.workspaceFolders
      ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(fileURLToPath(params.rootUri)) }] : []);
    const client = params.initializationOptions as Partial<MobiusInitializationOptions> | undefined;
    log.info(
      `Mobius daemon pid ${process.pid} on ${runtime.execPath} (Node ${runtime.nodeVersion}, NODE_MODULE_VERSION ${runtime.abi})` +
        `${client?.clientVersion ? `, extension ${client.clientVersion}` : ''}.`,
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME },
    };
  });

  connection.onInitialized(() => {
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'mobius' });
    }
    // The client watches the disk for us: branch switches, `git pull` and generated files.
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        void Promise.all([
          ...removed.map((f) => coordinator.removeFolder(f.uri)),
          ...added.map((f) => coordinator.addFolder(f)),
        ]).catch((err: unknown) => log.error(`Could not apply workspace folder changes: ${errorMessage(err)}`));
      });
    }
    void coordinator.start(initialFolders).catch((err: unknown) => log.error(`Could not open the workspace folders: ${errorMessage(err)}`));
  });

  connection.onDidChangeConfiguration(() => {
    void coordinator.settingsChanged().catch((err: unknown) => log.error(`Could not apply the new settings: ${errorMessage(err)}`));
  });

  connection.onDidChangeWatchedFiles(({ changes }) => applyWatchedFileChanges(changes, coordinator, (uri) => buffers.isOpen(uri), log));

  connection.onRequest(SearchRequest.type, (params) => coordinator.workspace.search(params));
  connection.onRequest(ContextRequest.type, async (params) => {
    try {
      if ('spans' in params) {
        const folder = params.spans.length > 0 ? coordinator.workspace.locate(params.spans[0].uri)?.entry.index : undefined;
        const budget = params.budget ?? (folder ? coordinator.tokenBudget(folder) : 8000);
        return await packSpans(params.spans, budget, coordinator.workspace, (uri) => documents.get(uri)?.getText(),
          async (uri) => (await readTeamFile(uri, coordinator.workspace)).text);
      }
      return await coordinator.workspace.context(params, (folder) => coordinator.tokenBudget(folder));
    } catch (err) {
      return new ResponseError(-32602, errorMessage(err));
    }
  });
  connection.onRequest(StatusRequest.type, (): StatusResult => {
    const runtime = currentRuntime();
    return {
      state: coordinator.state(),
      folders: coordinator.workspace.allEntries().map((entry) => ({
        ...entry.state(),
        index: entry.index && !entry.index.isClosed ? entry.index.status() : null,
        lastRun: entry.index?.lastRun ?? null,
      })),
      daemon: {
        pid: process.pid,
        execPath: runtime.execPath,
        nodeVersion: runtime.nodeVersion,
        abi: runtime.abi,
        rssBytes: process.memoryUsage.rss(),
        uptimeMs: Date.now() - started,
        workers: coordinator.workerCount,
      },
    };
  });
  connection.onNotification(SetTeamCredentialsNotification.type, ({ apiKey }) => coordinator.setTeamApiKey(apiKey));
  connection.onRequest(SyncNowRequest.type, (params) => coordinator.syncNow(params?.folderUris));
  connection.onRequest(TeamFileRequest.type, async ({ uri }) => {
    try {
      return await readTeamFile(uri, coordinator.workspace);
    } catch (err) {
      return new ResponseError(-32602, errorMessage(err));
    }
  });
  connection.onRequest(ReindexRequest.type, (params) => coordinator.reindex(params ?? {}));
  connection.onRequest(PauseIndexingRequest.type, () => coordinator.pause());
  connection.onRequest(ResumeIndexingRequest.type, () => coordinator.resume());

  connection.onShutdown(async () => {
    progress?.dispose();
    buffers.dispose();
    await coordinator.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
