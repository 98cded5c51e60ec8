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
import { IndexStatusBar } from './statusBar';

let daemon: DaemonClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<MobiusApi> {
  const output = vscode.window.createOutputChannel('Mobius', { log: true });
  daemon = new DaemonClient(context, output);
  context.subscriptions.push(
    output,
    daemon,
    new IndexStatusBar(daemon),
    ...registerCopyContext(daemon),
    ...registerIndexCommands(daemon),
    registerQuickSearch(daemon),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsDaemonRestart(event)) void daemon?.restart();
    }),
  );
  const panel = registerSearchPanel(context, daemon);
  context.subscriptions.push(panel, vscode.commands.registerCommand(COMMANDS.searchCode, () => panel.show()));
  await daemon.start();
  return createApi(daemon);
}

export async function deactivate(): Promise<void> {
  await daemon?.stop();
  daemon = undefined;
}
