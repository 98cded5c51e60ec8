import * as assert from 'node:assert/strict';
import type { SearchHit } from '../../../protocol/lsp';
import type { SearchHit as TeamHit } from '../../../protocol/rest';
import {
  fuseRankedLists, parseTeamFileUri, reconcileTeamHits, teamFileText, teamFileUri, teamScopeList,
} from '../../../daemon/sync/teamSearch';

const FOLDER = 'file:///work/shop';
const PROJECT = '0b6f3b8e-2f1c-4a55-9a57-0c3f1d2b7e11';
const h = (c: string) => c.repeat(64);

function teamHit(path: string, startLine: number, hash: string, fileHash: string): TeamHit {
  return {
    contextId: '8d1b1f7e-5a44-4c1e-9f0e-1a2b3c4d5e6f', projectId: PROJECT, ref: 'main', path, startLine, endLine: startLine + 3,
    language: 'typescript', kind: 'function', name: `fn${startLine}`, qualifiedName: `fn${startLine}`, signature: '', score: 0.5,
    vectorScore: null, keywordScore: 0.5, content: `// ${path}:${startLine}`, hash, fileHash,
  };
}

function localHit(path: string, startLine: number, hash: string): SearchHit {
  return {
    path, startLine, endLine: startLine + 3, language: 'typescript', kind: 'function', name: `fn${startLine}`, qualifiedName: `fn${startLine}`,
    signature: '', score: 3, content: `// local ${path}:${startLine}`, hash, uri: `${FOLDER}/${path}`, folderUri: FOLDER, folderName: 'shop', origin: 'local',
  };
}

// Local files: same.ts as on the server, edited.ts changed here; remote.ts is not on this disk.
const localHashes: Record<string, string> = { 'same.ts': h('a'), 'edited.ts': h('b') };
const context = {
  folderUri: FOLDER, folderName: 'shop', projectId: PROJECT,
  localHash: (p: string) => localHashes[p], localUri: (p: string) => `${FOLDER}/${p}`,
};

describe('team search merging', () => {
  const team = [
    teamHit('remote.ts', 1, h('1'), h('f')),
    teamHit('edited.ts', 10, h('2'), h('e')),
    teamHit('same.ts', 5, h('3'), h('a')),
  ];

  it('opens unchanged files locally, previews files not on disk, and drops files changed here', () => {
    const { hits, changedPaths } = reconcileTeamHits(team, context);
    assert.deepEqual(hits.map((x) => [x.path, x.origin, x.uri.split('?')[0]]), [
      ['remote.ts', 'team', 'mobius-team:/remote.ts'],
      ['same.ts', 'team', `${FOLDER}/same.ts`],
    ]);
    assert.deepEqual([...changedPaths], ['edited.ts']);
  });

  it('team scope puts the local version of a changed file where the team ranked it', () => {
    const reconciled = reconcileTeamHits(team, context);
    const local = [localHit('other.ts', 1, h('4')), localHit('edited.ts', 12, h('5'))];
    const list = teamScopeList(team, reconciled, local);
    assert.deepEqual(list.map((x) => `${x.path}:${x.startLine}:${x.origin}`), ['remote.ts:1:team', 'edited.ts:12:local', 'same.ts:5:team']);
  });

  it('fuses lists by rank and collapses a chunk found locally and on the server into the local hit', () => {
    const local = [localHit('same.ts', 5, h('3')), localHit('x.ts', 1, h('6'))];
    const { hits: teamHits } = reconcileTeamHits(team, context);
    const fused = fuseRankedLists([local, teamHits], 10);
    assert.deepEqual(fused.map((x) => `${x.path}:${x.origin}`), ['same.ts:local', 'remote.ts:team', 'x.ts:local']);
    assert.ok(fused[0].score > fused[1].score, 'a chunk both lists found ranks first');
    assert.equal(fuseRankedLists([local, teamHits], 1).length, 1);

    // Typing a name: the teammate's definition of it comes first, though a chunk both lists found outranks it by rank alone.
    const renamed = teamHits.map((x) => (x.path === 'remote.ts' ? { ...x, name: 'computeShippingRate', qualifiedName: 'computeShippingRate' } : x));
    const named = fuseRankedLists([local, renamed], 10, 'computeShippingRate');
    assert.equal(named[0]?.name, 'computeShippingRate');
    assert.equal(named[0]?.origin, 'team');
    assert.deepEqual(named.slice(1).map((x) => x.path), ['same.ts', 'x.ts'], 'the rest keep their fused order');
  });

  it('round-trips team file URIs and lays chunks out at their lines', () => {
    const address = { projectId: PROJECT, ref: 'feature/x', folderUri: FOLDER, path: 'src/a b/ü.ts' };
    assert.deepEqual(parseTeamFileUri(teamFileUri(address)), address);
    // VS Code re-encodes URIs (e.g. '=' as %3D); the token must survive that.
    const reencoded = teamFileUri(address).replace(/%20/g, ' ').replace(/=/g, '%3D');
    assert.deepEqual(parseTeamFileUri(reencoded), address);
    assert.throws(() => parseTeamFileUri('file:///x.ts'), /not a Mobius team file URI/);
    const text = teamFileText({
      projectId: PROJECT, ref: 'main', path: 'a.ts', language: 'typescript', fileHash: h('a'),
      chunks: [{ startLine: 2, endLine: 3, content: 'function a() {\n}' }, { startLine: 5, endLine: 5, content: 'const b = 1;' }],
    });
    assert.deepEqual(text.split('\n'), ['', 'function a() {', '}', '', 'const b = 1;']);
  });
});
