import * as assert from 'node:assert/strict';
import { readGitSnapshot, sanitizeRef } from '../../../daemon/sync/gitSnapshot';
import { makeGitRepo } from '../../support/gitRepo';
import { makeTempRepo } from '../../support/tempRepo';

describe('git snapshot (what of a folder is committed)', () => {
  it('lists edited, deleted, renamed and untracked paths, and reads their committed bytes', async () => {
    const repo = makeGitRepo({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n', 'src/c.ts': 'c\n', 'keep.ts': 'k\n' }, 'feature/x+y');
    try {
      const commit = repo.commit('first');
      repo.write('src/a.ts', 'export const a = 42; // edited\n');
      repo.remove('src/b.ts');
      repo.git('mv', 'src/c.ts', 'src/c2.ts');
      repo.write('new.ts', 'untracked\n');
      const snapshot = await readGitSnapshot(repo.root);
      assert.ok(snapshot);
      assert.equal(snapshot.commit, commit);
      assert.equal(snapshot.ref, 'feature/x-y');
      assert.deepEqual([...snapshot.changedPaths].sort(), ['new.ts', 'src/a.ts', 'src/b.ts', 'src/c.ts', 'src/c2.ts']);
      const bytes = await snapshot.readCommitted(['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/c2.ts', 'new.ts']);
      assert.equal(bytes.get('src/a.ts')?.toString(), 'export const a = 1;\n');
      assert.equal(bytes.get('src/b.ts')?.toString(), 'export const b = 2;\n');
      assert.equal(bytes.get('src/c.ts')?.toString(), 'c\n');
      assert.equal(bytes.get('src/c2.ts'), null);
      assert.equal(bytes.get('new.ts'), null);
    } finally {
      repo.cleanup();
    }
  });

  it('gives paths relative to a folder inside the repository', async () => {
    const repo = makeGitRepo({ 'pkg/lib/x.ts': 'x\n', 'other/y.ts': 'y\n' });
    try {
      repo.commit('first');
      repo.write('pkg/lib/x.ts', 'x2\n');
      repo.write('other/y.ts', 'y2\n');
      const snapshot = await readGitSnapshot(`${repo.root}/pkg`);
      assert.deepEqual(snapshot?.changedPaths, ['lib/x.ts']);
      assert.equal((await snapshot!.readCommitted(['lib/x.ts'])).get('lib/x.ts')?.toString(), 'x\n');
    } finally {
      repo.cleanup();
    }
  });

  it('is null outside git and before the first commit; a detached HEAD syncs under its commit id', async () => {
    const plain = makeTempRepo({ 'a.ts': 'a\n' });
    const fresh = makeGitRepo({ 'a.ts': 'a\n' });
    const detached = makeGitRepo({ 'a.ts': 'a\n' });
    try {
      assert.equal(await readGitSnapshot(plain.root), null);
      assert.equal(await readGitSnapshot(fresh.root), null);
      const commit = detached.commit('one');
      detached.git('checkout', '-q', '--detach');
      assert.equal((await readGitSnapshot(detached.root))?.ref, commit);
    } finally {
      plain.cleanup();
      fresh.cleanup();
      detached.cleanup();
    }
  });

  it('turns branch names into refs the server accepts', () => {
    assert.equal(sanitizeRef('feat/ä@{1}'), 'feat/---1-');
    assert.equal(sanitizeRef('a//b/../c'), 'a/b/c');
    assert.equal(sanitizeRef('///'), 'main');
  });
});
