import * as vscode from 'vscode';
import { COMMANDS } from '../commandIds';
import type { DaemonClient } from '../daemonClient';
import type { MobiusSecrets } from '../secrets';

/** Set Embedding API Key: stored in SecretStorage, handed to the daemon in its environment (never in settings or logs). */
export function registerEmbeddingCommands(daemon: DaemonClient, secrets: MobiusSecrets): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.setEmbeddingsApiKey, async () => {
      const key = await vscode.window.showInputBox({
        title: 'Mobius: Set Embedding API Key',
        prompt: 'The API key of the embedding provider (mobius.embeddings.provider). Leave empty to remove the stored key.',
        password: true,
        ignoreFocusOut: true,
      });
      if (key === undefined) return;
      await secrets.setEmbeddingsApiKey(key.trim() === '' ? null : key.trim());
      await daemon.restart();
      void vscode.window.showInformationMessage(key.trim() === '' ? 'Mobius: embedding API key removed.' : 'Mobius: embedding API key stored in the OS keychain; the daemon restarted with it.');
    }),
  ];
}
