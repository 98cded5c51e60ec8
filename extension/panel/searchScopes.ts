import type { TeamSettings } from '../../protocol/lsp';
import type { ScopeOption, SearchScope } from '../../protocol/webview';

const CONNECT_FIRST = 'needs a team server: run "Mobius: Connect to Team Server" first.';

/**
 * The scopes the panel offers, and where a panel with no choice of its own searches: the team
 * scopes once the window is connected to a team project, then `mobius.team.searchScope`.
 */
export function panelScopes(team: TeamSettings): { scopes: ScopeOption[]; preferredScope: SearchScope } {
  const connected = team.serverUrl !== '' && team.projectId !== '';
  const teamScope = (scope: 'team' | 'both', what: string): ScopeOption =>
    connected ? { scope, enabled: true } : { scope, enabled: false, reason: `${what} ${CONNECT_FIRST}` };
  return {
    scopes: [
      { scope: 'local', enabled: true },
      teamScope('team', 'Searching the team index'),
      teamScope('both', 'Searching this workspace and the team index together'),
    ],
    preferredScope: connected ? team.searchScope : 'local',
  };
}
