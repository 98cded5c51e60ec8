// The Mobius extension: starts the daemon (a language server over the local index) and gives the
// editor its commands and status. All indexing and search happen in the daemon.
import * as vscode from 'vscode';
import { createApi, type MobiusApi } from './api';
import { registerCopyContext } from './commands/copyContext';
import { registerIndexCommands } from './commands/indexCommands';
import { registerQuickSearch } from './commands/quickSearch';
import { COMMANDS } from './commandIds';
import { registerSearchPanel } from './panel/registerSearchPanel';
import { needsDaemonRestart } from './config';
import { DaemonClient } from './daemonClient';
import { embeddingEnvironment } from './embeddingEnv';
import { registerEmbeddingCommands } from './commands/embeddingCommands';
import { MobiusSecrets } from './secrets';
import { indexStatusItem } from './statusBar';
import { pushTeamCredentials, registerTeamCommands } from './team/teamCommands';
import { registerTeamFileProvider } from './team/teamFileProvider';
import { teamStatusItem } from './team/teamStatusBar';

let daemon: DaemonClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<MobiusApi> {
  const output = vscode.window.createOutputChannel('Mobius', { log: true });
  const secrets = new MobiusSecrets(context.secrets);
  const client: DaemonClient = new DaemonClient(context, output, {
    environment: () => embeddingEnvironment(secrets),
    onRunning: () => pushTeamCredentials(client, secrets),
  });
  daemon = client;
  context.subscriptions.push(
    output,
    client,
    indexStatusItem(client),
    teamStatusItem(client),
    registerTeamFileProvider(client),
    ...registerTeamCommands(client, secrets),
    ...registerEmbeddingCommands(client, secrets),
    ...registerCopyContext(client),
    ...registerIndexCommands(client),
    registerQuickSearch(client),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsDaemonRestart(event)) void daemon?.restart();
      else if (event.affectsConfiguration('mobius.team.serverUrl')) void pushTeamCredentials(client, secrets);
    }),
  );
  const panel = registerSearchPanel(context, client);
  context.subscriptions.push(panel, vscode.commands.registerCommand(COMMANDS.searchCode, () => panel.show()));
  await daemon.start();
  return createApi(client);
}

export async function deactivate(): Promise<void> {
  await daemon?.stop();
  daemon = undefined;
}
