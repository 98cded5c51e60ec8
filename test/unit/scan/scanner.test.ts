import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ScanRootError, scanWorkspace, type ScanResult } from '../../../daemon/engine/scan/scanner';
import { makeTree, removeTree, writeFiles } from './tempTree';

const SOURCE = 'export const answer = 42;\n';

function paths(result: ScanResult): string[] {
  return result.files.map((f) => f.relPath);
}

function reasons(result: ScanResult): Record<string, string> {
  return Object.fromEntries(result.skipped.map((s) => [s.path, s.reason]));
}

describe('scanWorkspace', () => {
  const roots: string[] = [];
  const tree = (files: Record<string, string | Buffer>) => {
    const root = makeTree(files);
    roots.push(root);
    return root;
  };
  after(() => roots.forEach(removeTree));

  it('honours nested .gitignore files, negations, anchors and ignored directories', async () => {
    const root = tree({
      '.gitignore': '*.log\nsecret/\n# a comment\n',
      'a.log': 'x',
      'main.ts': SOURCE,
      'src/.gitignore': '!keep.log\n/local.ts\n',
      'src/keep.log': 'kept by the nested negation',
      'src/other.log': 'x',
      'src/local.ts': SOURCE,
      'src/lib/local.ts': SOURCE,
      'secret/.gitignore': '!x.ts\n',
      'secret/x.ts': SOURCE,
      'secret/deep/y.ts': SOURCE,
    });
    const result = await scanWorkspace(root, {});
    assert.deepEqual(paths(result), ['.gitignore', 'main.ts', 'src/.gitignore', 'src/keep.log', 'src/lib/local.ts']);
    // An ignored directory is reported once and not descended: git cannot re-include inside it either.
    assert.deepEqual(reasons(result), { 'a.log': 'ignored', secret: 'ignored', 'src/local.ts': 'ignored', 'src/other.log': 'ignored' });
  });

  it('lists exactly the files git itself considers not ignored', async () => {
    const root = tree({
      '.gitignore': '*.tmp\n/build-notes.md\ndocs/**/draft-*\n!docs/keep/draft-ok.md\nlogs/\n**/cache/*.json\n',
      'build-notes.md': '# notes',
      'a.tmp': 'x',
      'src/b.tmp': 'x',
      'src/build-notes.md': '# kept: the anchor is the root',
      'docs/guide.md': '# guide',
      'docs/a/draft-1.md': 'x',
      'docs/keep/draft-ok.md': 'x',
      'logs/today.txt': 'x',
      'src/logs': 'a file named like an ignored directory is not a directory',
      'pkg/cache/data.json': '{}',
      'pkg/cache/keep.ts': SOURCE,
      'pkg/.gitignore': '*.md\n!README.md\n',
      'pkg/README.md': '# pkg',
      'pkg/NOTES.md': 'x',
      'pkg/sub/.gitignore': '!NOTES.md\n',
      'pkg/sub/NOTES.md': 'x',
      'src/naïve/日本.ts': SOURCE,
    });
    execFileSync('git', ['init', '-q', root]);
    fs.writeFileSync(path.join(root, '.git/info/exclude'), 'src/b.ts\n');
    writeFiles(root, { 'src/b.ts': SOURCE });
    const git = execFileSync('git', ['-c', 'core.quotepath=off', 'ls-files', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean)
      .sort();
    const result = await scanWorkspace(root, {});
    assert.deepEqual(paths(result), git);
    assert.ok(paths(result).includes('src/naïve/日本.ts'));
    assert.equal(reasons(result)['src/b.ts'], 'ignored', '.git/info/exclude applies');
    assert.ok(!paths(result).some((p) => p.startsWith('.git/')), '.git is never scanned');
  });

  it('applies .mobiusignore files at any level, and lets them re-include default skips', async () => {
    const root = tree({
      '.mobiusignore': 'docs/drafts/\n!dist/\n',
      'docs/drafts/wip.md': 'x',
      'docs/guide.md': '# guide',
      'src/.mobiusignore': '*.generated.ts\n',
      'src/api.generated.ts': SOURCE,
      'src/api.ts': SOURCE,
      'dist/bundle.js': 'console.log(1);\n',
      'build/out.js': 'console.log(1);\n',
    });
    const result = await scanWorkspace(root, {});
    assert.deepEqual(paths(result), ['.mobiusignore', 'dist/bundle.js', 'docs/guide.md', 'src/.mobiusignore', 'src/api.ts']);
    assert.deepEqual(reasons(result), { build: 'generated', 'docs/drafts': 'ignored', 'src/api.generated.ts': 'ignored' });
  });

  it('skips dependencies, build output, lock files, minified names, source maps and binaries by default', async () => {
    const root = tree({
      'package.json': '{}',
      'package-lock.json': '{}',
      'web/yarn.lock': '',
      'go.sum': '',
      'node_modules/left-pad/index.js': SOURCE,
      'node_modules/left-pad/package.json': '{}',
      'packages/app/node_modules/x/index.js': SOURCE,
      'vendor/lib.go': 'package lib\n',
      'target/debug/main.rs': 'fn main() {}\n',
      '__pycache__/m.cpython-311.pyc': 'x',
      'static/app.min.js': 'x',
      'static/app.js.map': '{}',
      'static/logo.PNG': 'x',
      'static/font.woff2': 'x',
      'static/icon.svg': '<svg/>',
      'src/index.ts': SOURCE,
    });
    const result = await scanWorkspace(root, {});
    assert.deepEqual(paths(result), ['package.json', 'src/index.ts', 'static/icon.svg']);
    assert.deepEqual(reasons(result), {
      '__pycache__': 'ignored',
      'go.sum': 'generated',
      node_modules: 'ignored',
      'package-lock.json': 'generated',
      'packages/app/node_modules': 'ignored',
      'static/app.js.map': 'generated',
      'static/app.min.js': 'minified',
      'static/font.woff2': 'binary',
      'static/logo.PNG': 'binary',
      target: 'generated',
      vendor: 'ignored',
      'web/yarn.lock': 'generated',
    });
  });

  it('applies include and exclude globs, pruning folders no include can match', async () => {
    const root = tree({
      'src/a.ts': SOURCE,
      'src/a.spec.ts': SOURCE,
      'src/fixtures/f.ts': SOURCE,
      'src/deep/b.ts': SOURCE,
      'src/deep/b.md': '# b',
      'scripts/run.ts': SOURCE,
      'docs/guide.md': '# guide',
      'README.md': '# r',
    });
    const result = await scanWorkspace(root, { include: ['src/**/*.ts', 'docs/*.md'], exclude: ['*.spec.ts', 'fixtures'] });
    assert.deepEqual(paths(result), ['docs/guide.md', 'src/a.ts', 'src/deep/b.ts']);
    assert.deepEqual(reasons(result), {
      'README.md': 'ignored',
      scripts: 'ignored',
      'src/a.spec.ts': 'ignored',
      'src/deep/b.md': 'ignored',
      'src/fixtures': 'ignored',
    });
    // A slash-free include matches at any depth, so no folder can be pruned for it.
    const anywhere = await scanWorkspace(root, { include: ['*.md'] });
    assert.deepEqual(paths(anywhere), ['README.md', 'docs/guide.md', 'src/deep/b.md']);
  });

  it('skips files over the size limit, 1 MiB by default', async () => {
    const root = tree({
      'big.txt': Buffer.alloc(1024 * 1024 + 1, 'a'),
      'limit.txt': Buffer.alloc(1024 * 1024, 'a'),
      'small.ts': SOURCE,
    });
    assert.deepEqual(reasons(await scanWorkspace(root)), { 'big.txt': 'too-large' });
    const tight = await scanWorkspace(root, { maxFileBytes: 10 });
    assert.deepEqual(paths(tight), []);
    assert.deepEqual(reasons(tight), { 'big.txt': 'too-large', 'limit.txt': 'too-large', 'small.ts': 'too-large' });
  });

  it('reports each file with a posix relative path, absolute path, size and mtime, sorted by path', async () => {
    const root = tree({ 'b.ts': SOURCE, 'a/z.ts': 'x', 'a/é.ts': 'é', 'A.ts': 'x' });
    const mtime = new Date('2024-05-01T10:00:00Z');
    fs.utimesSync(path.join(root, 'a/é.ts'), mtime, mtime);
    const result = await scanWorkspace(root);
    assert.deepEqual(paths(result), ['A.ts', 'a/z.ts', 'a/é.ts', 'b.ts']);
    const accented = result.files[2];
    assert.equal(accented.absPath, path.join(root, 'a', 'é.ts'));
    assert.equal(accented.size, 2);
    assert.equal(accented.mtimeMs, mtime.getTime());
  });

  it('follows symlinks inside the root, counts loops once and leaves links out of the root alone', async () => {
    const outside = tree({ 'elsewhere.ts': SOURCE });
    const root = tree({ 'lib/util.ts': SOURCE, 'src/main.ts': SOURCE });
    fs.symlinkSync('..', path.join(root, 'src/loop'));
    fs.symlinkSync('../lib', path.join(root, 'src/alias'));
    fs.symlinkSync('../lib/util.ts', path.join(root, 'src/util-link.ts'));
    fs.symlinkSync(outside, path.join(root, 'outside'));
    fs.symlinkSync('missing.ts', path.join(root, 'dangling.ts'));
    fs.symlinkSync('self.ts', path.join(root, 'self.ts'));
    const result = await scanWorkspace(root);
    assert.deepEqual(paths(result), ['lib/util.ts', 'src/alias/util.ts', 'src/main.ts', 'src/util-link.ts']);
    assert.deepEqual(reasons(result), {
      'dangling.ts': 'unreadable',
      outside: 'ignored',
      'self.ts': 'symlink-loop',
      'src/loop': 'symlink-loop',
    });
    // Size and mtime are the target's, so an edit to the target is noticed through the link.
    assert.equal(result.files.find((f) => f.relPath === 'src/util-link.ts')?.size, SOURCE.length);
  });

  it('skips FIFOs and other special files instead of blocking on them', async () => {
    const root = tree({ 'a.ts': SOURCE });
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    const result = await scanWorkspace(root);
    assert.deepEqual(paths(result), ['a.ts']);
    assert.deepEqual(reasons(result), { pipe: 'unreadable' });
  });

  it('skips unreadable folders as `unreadable` (checked as an unprivileged user when run as root)', async () => {
    const root = tree({ 'ok.ts': SOURCE, 'locked/secret.ts': SOURCE });
    fs.chmodSync(root, 0o755);
    fs.chmodSync(path.join(root, 'locked'), 0o000);
    try {
      const result = isRoot() ? scanAsNobody(root) : await scanWorkspace(root);
      assert.deepEqual(paths(result), ['ok.ts']);
      assert.deepEqual(reasons(result), { locked: 'unreadable' });
    } finally {
      fs.chmodSync(path.join(root, 'locked'), 0o755);
    }
  });

  it('rejects a missing root, a file as root, bad globs and a bad size limit with errors that say what to do', async () => {
    const root = tree({ 'a.ts': SOURCE });
    await assert.rejects(scanWorkspace(path.join(root, 'nope')), (err: Error) => err instanceof ScanRootError && /ENOENT\. Pass an existing folder/.test(err.message));
    await assert.rejects(scanWorkspace(path.join(root, 'a.ts')), /it is a file, not a folder/);
    await assert.rejects(scanWorkspace(root, { include: [''] }), /Invalid include glob "": expected a non-empty pattern/);
    await assert.rejects(scanWorkspace(root, { maxFileBytes: 0 }), /maxFileBytes must be a positive number of bytes, got 0/);
  });
});

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Root reads everything, so the permission check runs the scan in a child process as `nobody`. */
function scanAsNobody(root: string): ScanResult {
  const script = `require(${JSON.stringify(require.resolve('../../../daemon/engine/scan/scanner'))})
    .scanWorkspace(${JSON.stringify(root)}).then((r) => process.stdout.write(JSON.stringify(r)));`;
  const child = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, HOME: root },
  });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as ScanResult;
}
