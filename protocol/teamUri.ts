// URI scheme of read-only previews of team files that are not on this disk. Its own module: the
// webview needs it without pulling in the LSP protocol library.
export const TEAM_FILE_SCHEME = 'mobius-team';
