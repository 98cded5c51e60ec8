import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { engineConfigFor, engineConfigKey, validateSettings } from '../../../daemon/server/settings';
import { DEFAULT_SETTINGS } from '../../../protocol/lsp';

describe('daemon settings', () => {
  it('keeps valid values', () => {
    const team = { serverUrl: 'https://mobius.example.com', projectId: '0b6f3b8e-2f1c-4a55-9a57-0c3f1d2b7e11', sync: false, syncInclude: ['src/**'], searchScope: 'team' as const };
    const valid = { include: ['src/**'], exclude: ['**/*.snap'], maxFileSize: 256, tokenBudget: 4000, workers: 3, logLevel: 'debug' as const, daemon: { runtime: '/usr/bin/node' }, team };
    const { settings, problems } = validateSettings(valid);
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, valid);
  });

  it('falls back to the default for each bad value and says which and why', () => {
    const { settings, problems } = validateSettings({ include: 'src/**', maxFileSize: 0, logLevel: 'loud', workers: 1.5 });
    assert.deepEqual(settings.include, DEFAULT_SETTINGS.include);
    assert.equal(settings.maxFileSize, DEFAULT_SETTINGS.maxFileSize);
    assert.equal(settings.logLevel, 'info');
    assert.equal(settings.workers, 0);
    assert.equal(problems.length, 4);
    assert.match(problems[0], /^mobius\.include = "src\/\*\*" is not valid \(.+\); using \[\]\.$/);
    assert.ok(problems.some((p) => p.startsWith('mobius.logLevel = "loud" is not valid')));
  });

  it('checks the team settings one by one', () => {
    const { settings, problems } = validateSettings({ team: { serverUrl: 'ftp://x', projectId: 'not-a-uuid', searchScope: 'everywhere', sync: true } });
    assert.deepEqual(settings.team, { ...DEFAULT_SETTINGS.team, sync: true });
    assert.deepEqual(problems.map((p) => p.split(' ')[0]), ['mobius.team.serverUrl', 'mobius.team.projectId', 'mobius.team.searchScope']);
  });

  it('gives the defaults for a missing section', () => {
    assert.deepEqual(validateSettings(null), { settings: DEFAULT_SETTINGS, problems: [] });
    assert.deepEqual(validateSettings(undefined).settings, DEFAULT_SETTINGS);
  });

  it('turns settings into engine config: kilobytes to bytes, workers 0 left to the engine', () => {
    assert.deepEqual(engineConfigFor({ ...DEFAULT_SETTINGS, maxFileSize: 2 }), { include: [], exclude: [], maxFileBytes: 2048 });
    assert.equal(engineConfigFor({ ...DEFAULT_SETTINGS, workers: 2 }).workers, 2);
    assert.notEqual(engineConfigKey(DEFAULT_SETTINGS), engineConfigKey({ ...DEFAULT_SETTINGS, exclude: ['x'] }));
    assert.equal(engineConfigKey(DEFAULT_SETTINGS), engineConfigKey({ ...DEFAULT_SETTINGS, tokenBudget: 1 }), 'the token budget does not reopen the index');
  });

  it('declares in package.json the same settings and defaults the daemon uses', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string; description?: string }>;
    // Nested settings (daemon.runtime, team.*) are dotted keys in package.json.
    const flatten = (value: object, prefix: string): [string, unknown][] =>
      Object.entries(value).flatMap(([k, v]) =>
        v !== null && typeof v === 'object' && !Array.isArray(v) ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]);
    const flat: Record<string, unknown> = {
      ...Object.fromEntries(flatten(DEFAULT_SETTINGS, 'mobius.')),
      // Read by the extension only: the daemon gets them as MOBIUS_EMBEDDINGS_* when it starts.
      'mobius.embeddings.provider': '',
      'mobius.embeddings.model': '',
      'mobius.embeddings.baseUrl': '',
      'mobius.embeddings.dimensions': 0,
    };
    for (const [key, value] of Object.entries(flat)) {
      assert.ok(properties[key], `${key} is contributed`);
      assert.deepEqual(properties[key].default, value, `${key} default`);
      assert.ok((properties[key].markdownDescription ?? properties[key].description ?? '').length > 20, `${key} is described`);
    }
    assert.deepEqual(Object.keys(properties).sort(), Object.keys(flat).sort());
  });
});
