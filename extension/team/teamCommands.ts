import * as vscode from 'vscode';
import { API_KEY_PREFIX, type Project } from '../../protocol/rest';
import { SetTeamCredentialsNotification, SyncNowRequest } from '../../protocol/lsp';
import { TeamClient } from '../../daemon/sync/teamClient';
import { COMMANDS } from '../commandIds';
import { readSettings } from '../config';
import { showCommandError } from '../commands/commandErrors';
import type { DaemonClient } from '../daemonClient';
import type { MobiusSecrets } from '../secrets';

const TEAM = 'mobius.team';

/** The window's team server URL (empty when not connected). */
function teamServerUrl(): string {
  return readSettings().team.serverUrl;
}

/** Gives the daemon the API key of the configured server (or tells it to forget any). */
export async function pushTeamCredentials(daemon: DaemonClient, secrets: MobiusSecrets): Promise<void> {
  const url = teamServerUrl();
  const apiKey = url ? ((await secrets.teamApiKey(url)) ?? null) : null;
  daemon.notify(SetTeamCredentialsNotification.type, { apiKey });
}

/** Connect to Team Server, Disconnect from Team Server, Sync with Team Server Now. */
export function registerTeamCommands(daemon: DaemonClient, secrets: MobiusSecrets): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.teamConnect, () => connect(daemon, secrets)),
    vscode.commands.registerCommand(COMMANDS.teamDisconnect, async () => {
      const url = teamServerUrl();
      if (url) await secrets.setTeamApiKey(url, null);
      const config = vscode.workspace.getConfiguration(TEAM);
      await config.update('serverUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('projectId', undefined, vscode.ConfigurationTarget.Workspace);
      daemon.notify(SetTeamCredentialsNotification.type, { apiKey: null });
      void vscode.window.showInformationMessage('Mobius: disconnected from the team server. Search is local only; the API key was removed from this machine.');
    }),
    vscode.commands.registerCommand(COMMANDS.teamSyncNow, async () => {
      try {
        await daemon.request(SyncNowRequest.type, {});
      } catch (err) {
        showCommandError('Could not sync with the team server', err);
      }
    }),
  ];
}

async function connect(daemon: DaemonClient, secrets: MobiusSecrets): Promise<void> {
  const serverUrl = await vscode.window.showInputBox({
    title: 'Mobius: Connect to Team Server (1/3)',
    prompt: 'URL of the team server (mobius serve)',
    placeHolder: 'https://mobius.example.com',
    value: teamServerUrl(),
    ignoreFocusOut: true,
    validateInput: (v) => (/^https?:\/\/\S+$/.test(v.trim()) ? null : 'Enter an http:// or https:// URL'),
  });
  if (!serverUrl) return;
  const url = serverUrl.trim().replace(/\/+$/, '');
  const apiKey = await vscode.window.showInputBox({
    title: 'Mobius: Connect to Team Server (2/3)',
    prompt: 'Your API key (create one with POST /api/v1/api-keys); kept in the OS keychain, never in settings',
    placeHolder: `${API_KEY_PREFIX}…`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim().startsWith(API_KEY_PREFIX) ? null : `Mobius API keys start with ${API_KEY_PREFIX}`),
  });
  if (!apiKey) return;
  const client = new TeamClient({ serverUrl: url, apiKey: apiKey.trim(), timeoutMs: 15_000 });
  let projects: Project[];
  try {
    await client.call('me');
    projects = (await client.call('listProjects', {}, undefined, { limit: '100' })).items;
  } catch (err) {
    showCommandError(`Could not connect to ${url}`, err);
    return;
  }
  const folderName = vscode.workspace.workspaceFolders?.[0]?.name ?? 'workspace';
  const create = { label: `$(add) Create project "${folderName}"`, project: null as Project | null };
  const choice = await vscode.window.showQuickPick(
    [...projects.map((p) => ({ label: p.name, description: `${p.role}, ${p.fileCount} files`, project: p as Project | null })), create],
    { title: 'Mobius: Connect to Team Server (3/3)', placeHolder: 'The project this workspace syncs to and searches', ignoreFocusOut: true },
  );
  if (!choice) return;
  let project = choice.project;
  try {
    project ??= await client.call('createProject', {}, { name: folderName });
  } catch (err) {
    showCommandError(`Could not create the project "${folderName}"`, err);
    return;
  }
  await secrets.setTeamApiKey(url, apiKey.trim());
  const config = vscode.workspace.getConfiguration(TEAM);
  await config.update('serverUrl', url, vscode.ConfigurationTarget.Workspace);
  await config.update('projectId', project.id, vscode.ConfigurationTarget.Workspace);
  await pushTeamCredentials(daemon, secrets);
  void vscode.window.showInformationMessage(
    `Mobius: connected to "${project.name}" on ${url}.${project.role === 'reader' ? ' You can read it; syncing needs the writer role.' : ' Committed code syncs in the background.'}`,
  );
}
