import * as vscode from 'vscode';
import { TEAM_FILE_SCHEME, TeamFileRequest } from '../../protocol/lsp';
import { errorMessage, showCommandError } from '../commands/commandErrors';
import type { DaemonClient } from '../daemonClient';

/**
 * Read-only previews of team files that are not on this disk (`mobius-team:` URIs of search hits):
 * the daemon fetches the file's chunks from the team server. Content providers are read-only.
 */
export function registerTeamFileProvider(daemon: DaemonClient): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(TEAM_FILE_SCHEME, {
    async provideTextDocumentContent(uri, token) {
      try {
        const file = await daemon.request(TeamFileRequest.type, { uri: uri.toString() }, token);
        return file.text;
      } catch (err) {
        showCommandError(`Could not open the team file ${uri.path}`, err);
        return `// Mobius could not fetch this file from the team server: ${errorMessage(err)}\n`;
      }
    },
  });
}
