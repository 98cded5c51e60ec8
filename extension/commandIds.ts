/** Command ids, as contributed in package.json. */
export const COMMANDS = {
  searchCode: 'mobius.searchCode',
  quickSearch: 'mobius.quickSearch',
  copyContextForPrompt: 'mobius.copyContextForPrompt',
  copyContextForSelection: 'mobius.copyContextForSelection',
  reindex: 'mobius.reindex',
  showStatus: 'mobius.showStatus',
  togglePause: 'mobius.togglePauseIndexing',
} as const;
