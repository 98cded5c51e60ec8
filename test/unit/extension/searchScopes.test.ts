import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../../protocol/lsp';
import { panelScopes } from '../../../extension/panel/searchScopes';

describe('search panel scopes', () => {
  it('offers only this workspace until a team server is connected, and says how to connect', () => {
    const { scopes, preferredScope } = panelScopes({ ...DEFAULT_SETTINGS.team, searchScope: 'team' });
    assert.equal(preferredScope, 'local', 'the setting cannot pick a scope that is not offered');
    assert.deepEqual(scopes.map((s) => [s.scope, s.enabled]), [['local', true], ['team', false], ['both', false]]);
    for (const disabled of scopes.filter((s) => !s.enabled)) assert.match(disabled.reason ?? '', /Mobius: Connect to Team Server/);
    // A URL without a project is not connected either.
    assert.equal(panelScopes({ ...DEFAULT_SETTINGS.team, serverUrl: 'https://mobius.example.com' }).scopes[1]?.enabled, false);
  });

  it('offers every scope once connected, starting from mobius.team.searchScope', () => {
    const team = { ...DEFAULT_SETTINGS.team, serverUrl: 'https://mobius.example.com', projectId: '00000000-0000-4000-8000-000000000000' };
    assert.deepEqual(panelScopes(team).scopes.map((s) => s.enabled), [true, true, true]);
    assert.equal(panelScopes(team).preferredScope, 'both');
    assert.equal(panelScopes({ ...team, searchScope: 'local' }).preferredScope, 'local');
  });
});
