import type { IndexState, TeamSyncState } from '../../protocol/lsp';
import type { StatusItemView } from '../statusBar';

const PRIORITY: Record<TeamSyncState['phase'], number> = { error: 4, offline: 3, syncing: 2, synced: 1, off: 0 };

/** The team sync state of the window: the most pressing of its folders' states, or null when none syncs. */
export function describeTeamState(state: IndexState | null): StatusItemView | null {
  const folders = (state?.folders ?? []).filter((f) => f.team.phase !== 'off');
  if (folders.length === 0) return null;
  const worst = folders.reduce((a, b) => (PRIORITY[b.team.phase] > PRIORITY[a.team.phase] ? b : a)).team;
  const lines = folders.map((f) => `${f.name}: ${folderLine(f.team)}`);
  const tooltip = ['Mobius team sync (click to sync now)', ...lines].join('\n');
  // The accessible label reads the text with its icon spelled as "Mobius".
  const view = (text: string): StatusItemView => ({ text, tooltip, label: text.replace(/\$\([^)]+\)\s*/g, 'Mobius ') });
  switch (worst.phase) {
    case 'syncing': {
      const done = folders.reduce((n, f) => n + (f.team.phase === 'syncing' ? f.team.filesDone : 0), 0);
      const total = folders.reduce((n, f) => n + (f.team.phase === 'syncing' ? f.team.filesTotal : 0), 0);
      return view(`$(sync~spin) Team syncing ${done}/${total} files`);
    }
    case 'offline':
      return view('$(cloud-offline) Team offline');
    case 'error':
      return view('$(error) Team sync');
    default:
      return view('$(cloud) Team synced');
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
