/** Command ids, as contributed in package.json. */
export const COMMANDS = {
  searchCode: 'mobius.searchCode',
  quickSearch: 'mobius.quickSearch',
  copyContextForPrompt: 'mobius.copyContextForPrompt',
  copyContextForSelection: 'mobius.copyContextForSelection',
  reindex: 'mobius.reindex',
  showStatus: 'mobius.showStatus',
  togglePause: 'mobius.togglePauseIndexing',
  teamConnect: 'mobius.connectTeamServer',
  teamDisconnect: 'mobius.disconnectTeamServer',
  teamSyncNow: 'mobius.syncTeamServer',
  setEmbeddingsApiKey: 'mobius.setEmbeddingsApiKey',
} as const;
