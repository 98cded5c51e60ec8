import assert from 'node:assert/strict';
import { describeTeamState } from '../../../extension/team/teamState';
import type { FolderState, IndexState, TeamSyncState } from '../../../protocol/lsp';

function state(...teams: TeamSyncState[]): IndexState {
  const folders: FolderState[] = teams.map((team, i) => ({ uri: `file:///f${i}`, name: `f${i}`, phase: 'ready', filesDone: 0, filesTotal: 0, files: 1, chunks: 1, team }));
  return { phase: 'ready', paused: false, filesDone: 0, filesTotal: 0, files: 1, chunks: 1, pendingUpdates: 0, folders };
}

describe('team sync status item', () => {
  it('is hidden while no folder is connected', () => {
    assert.equal(describeTeamState(null), null);
    assert.equal(describeTeamState(state({ phase: 'off' })), null);
  });

  it('shows the most pressing state of the folders: error, offline, syncing with counts, synced', () => {
    const synced: TeamSyncState = { phase: 'synced', files: 10, ref: 'main', at: Date.now(), behind: false };
    assert.equal(describeTeamState(state(synced))?.text, '$(cloud) Team synced');
    assert.equal(describeTeamState(state(synced, { phase: 'syncing', filesDone: 3, filesTotal: 12 }))?.text, '$(sync~spin) Team syncing 3/12 files');
    const offline = describeTeamState(state(synced, { phase: 'offline', message: 'Cannot reach the team server', retryAt: Date.now() + 5000 }));
    assert.equal(offline?.text, '$(cloud-offline) Team offline');
    assert.match(offline!.tooltip, /f1: offline, retrying at .*Cannot reach the team server/);
    assert.equal(describeTeamState(state({ phase: 'error', message: 'API key revoked' }, { phase: 'offline', message: 'x', retryAt: 0 }))?.text, '$(error) Team sync');
  });
});
