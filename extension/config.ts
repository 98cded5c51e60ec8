import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, type MobiusSettings } from '../protocol/lsp';

/**
 * The `mobius` settings as the extension reads them (the daemon reads the folder-scoped ones
 * itself through `workspace/configuration`). `scope` picks a folder's overrides.
 */
export function readSettings(scope?: vscode.ConfigurationScope): MobiusSettings {
  const c = vscode.workspace.getConfiguration('mobius', scope);
  const d = DEFAULT_SETTINGS;
  return {
    include: c.get<string[]>('include', d.include),
    exclude: c.get<string[]>('exclude', d.exclude),
    maxFileSize: c.get<number>('maxFileSize', d.maxFileSize),
    tokenBudget: c.get<number>('tokenBudget', d.tokenBudget),
    workers: c.get<number>('workers', d.workers),
    logLevel: c.get<MobiusSettings['logLevel']>('logLevel', d.logLevel),
    daemon: { runtime: c.get<string>('daemon.runtime', d.daemon.runtime) },
    team: {
      serverUrl: c.get<string>('team.serverUrl', d.team.serverUrl),
      projectId: c.get<string>('team.projectId', d.team.projectId),
      sync: c.get<boolean>('team.sync', d.team.sync),
      syncInclude: c.get<string[]>('team.syncInclude', d.team.syncInclude),
      searchScope: c.get<MobiusSettings['team']['searchScope']>('team.searchScope', d.team.searchScope),
    },
  };
}

/** Settings whose change needs a new daemon process rather than a re-read. */
export function needsDaemonRestart(event: vscode.ConfigurationChangeEvent): boolean {
  // The embedding provider is read from the daemon's environment when it starts.
  return event.affectsConfiguration('mobius.daemon.runtime') || event.affectsConfiguration('mobius.embeddings');
}
