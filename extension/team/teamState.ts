import type { IndexState, TeamSyncState } from '../../protocol/lsp';

const PRIORITY: Record<TeamSyncState['phase'], number> = { error: 4, offline: 3, syncing: 2, synced: 1, off: 0 };

/** The team sync state of the window: the most pressing of its folders' states, or null when none syncs. */
export function describeTeamState(state: IndexState | null): { text: string; tooltip: string } | null {
  const folders = (state?.folders ?? []).filter((f) => f.team.phase !== 'off');
  if (folders.length === 0) return null;
  const worst = folders.reduce((a, b) => (PRIORITY[b.team.phase] > PRIORITY[a.team.phase] ? b : a)).team;
  const lines = folders.map((f) => `${f.name}: ${folderLine(f.team)}`);
  const tooltip = ['Mobius team sync (click to sync now)', ...lines].join('\n');
  switch (worst.phase) {
    case 'syncing': {
      const done = folders.reduce((n, f) => n + (f.team.phase === 'syncing' ? f.team.filesDone : 0), 0);
      const total = folders.reduce((n, f) => n + (f.team.phase === 'syncing' ? f.team.filesTotal : 0), 0);
      return { text: `$(sync~spin) Team syncing ${done}/${total} files`, tooltip };
    }
    case 'offline':
      return { text: '$(cloud-offline) Team offline', tooltip };
    case 'error':
      return { text: '$(error) Team sync', tooltip };
    default:
      return { text: '$(cloud) Team synced', tooltip };
  }
}

function folderLine(team: TeamSyncState): string {
  switch (team.phase) {
    case 'syncing':
      return `uploading ${team.filesDone}/${team.filesTotal} files`;
    case 'synced':
      return team.behind
        ? `the team holds a newer commit of ${team.ref} than this checkout (pull to catch up); checked at ${new Date(team.at).toLocaleTimeString()}`
        : `synced ${team.files} files of ${team.ref} at ${new Date(team.at).toLocaleTimeString()}`;
    case 'offline':
      return `offline, retrying at ${new Date(team.retryAt).toLocaleTimeString()}: ${team.message}`;
    case 'error':
      return `error: ${team.message}`;
    default:
      return 'off';
  }
}
