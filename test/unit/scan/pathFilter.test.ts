import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SkipReason } from '../../../protocol/engine';
import { createPathFilter, isIgnoreControlFile, scanWorkspace, type ScanOptions, type ScanResult } from '../../../daemon/engine/scan/scanner';
import { makeTree, removeTree } from './tempTree';

const SOURCE = 'export const x = 1;\n';

const FILES: Record<string, string | Buffer> = {
  '.gitignore': '*.log\nsecret/\n',
  '.mobiusignore': '!dist/\ndocs/drafts/\n',
  'a.log': 'x',
  'main.ts': SOURCE,
  'src/.gitignore': '!keep.log\n/local.ts\n',
  'src/keep.log': 'x',
  'src/other.log': 'x',
  'src/local.ts': SOURCE,
  'src/lib/local.ts': SOURCE,
  'src/lib/.mobiusignore': 'gen-*.ts\n',
  'src/lib/gen-api.ts': SOURCE,
  'src/a.spec.ts': SOURCE,
  'src/naïve/日本.ts': SOURCE,
  'secret/.gitignore': '!x.ts\n',
  'secret/x.ts': SOURCE,
  'docs/drafts/wip.md': 'x',
  'docs/guide.md': '# g',
  'dist/bundle.js': SOURCE,
  'build/out.js': SOURCE,
  'node_modules/p/index.js': SOURCE,
  'packages/a/node_modules/q/index.js': SOURCE,
  'packages/a/src/index.ts': SOURCE,
  'package-lock.json': '{}',
  'static/app.min.css': 'x',
  'static/img.png': 'x',
  'scratch.ts': SOURCE,
  'huge.ts': Buffer.alloc(2048, 'a'),
};

/** What the walk says about each path: null when listed, else its own or its folder's skip reason. */
function walkAnswer(result: ScanResult, relPath: string): SkipReason | null {
  if (result.files.some((f) => f.relPath === relPath)) return null;
  const hit = result.skipped.find((s) => s.path === relPath || relPath.startsWith(`${s.path}/`));
  assert.ok(hit, `the walk neither lists nor skips ${relPath}`);
  return hit.reason;
}

describe('createPathFilter', () => {
  let root: string;
  before(() => {
    root = makeTree(FILES);
    execFileSync('git', ['init', '-q', root]);
    fs.writeFileSync(path.join(root, '.git/info/exclude'), 'scratch.ts\n');
  });
  after(() => removeTree(root));

  for (const [label, opts, expectedAnswers] of [
    ['default options', {}, ['binary', 'generated', 'ignored', 'minified', 'null']],
    [
      'include and exclude globs and a size limit',
      { include: ['src/**', 'packages/**', '*.md', 'huge.ts'], exclude: ['*.spec.ts'], maxFileBytes: 1024 },
      ['binary', 'generated', 'ignored', 'minified', 'null', 'too-large'],
    ],
  ] as [string, ScanOptions, string[]][]) {
    it(`gives the walk's answer for every file in the tree (${label})`, async () => {
      const result = await scanWorkspace(root, opts);
      const filter = createPathFilter(root, opts);
      const answers = new Set<string>();
      for (const rel of Object.keys(FILES)) {
        const size = fs.statSync(path.join(root, rel)).size;
        const answer = filter(rel, size);
        assert.equal(answer, walkAnswer(result, rel), rel);
        answers.add(String(answer));
      }
      assert.deepEqual([...answers].sort(), expectedAnswers, 'the tree exercises these outcomes');
    });
  }

  it('checks the size only when given one', () => {
    const filter = createPathFilter(root, { maxFileBytes: 1024 });
    assert.equal(filter('huge.ts'), null);
    assert.equal(filter('huge.ts', 2048), 'too-large');
  });

  it('answers for paths not on disk yet, e.g. a file being created', () => {
    const filter = createPathFilter(root);
    assert.equal(filter('src/new.ts'), null);
    assert.equal(filter('src/new.log'), 'ignored');
    assert.equal(filter('src/keep.log'), null);
    assert.equal(filter('new-folder/node_modules/x.js'), 'ignored');
    assert.equal(filter('dist/new.js'), null, '.mobiusignore re-includes dist');
    assert.equal(filter('build/new.js'), 'generated');
  });

  it('normalises ./ prefixes and treats paths outside the root or in .git as ignored', () => {
    const filter = createPathFilter(root);
    assert.equal(filter('./main.ts'), null);
    assert.equal(filter('../elsewhere.ts'), 'ignored');
    assert.equal(filter('src/../../x.ts'), 'ignored');
    assert.equal(filter('/etc/passwd'), 'ignored');
    assert.equal(filter(''), 'ignored');
    assert.equal(filter('.git/config'), 'ignored');
    assert.equal(filter('.git'), 'ignored');
  });

  it('reads ignore files once, so a changed rule needs a new filter', () => {
    const local = makeTree({ 'a.ts': SOURCE });
    try {
      const before = createPathFilter(local);
      assert.equal(before('a.ts'), null);
      fs.writeFileSync(path.join(local, '.gitignore'), 'a.ts\n');
      assert.ok(isIgnoreControlFile('.gitignore'));
      assert.equal(createPathFilter(local)('a.ts'), 'ignored');
    } finally {
      removeTree(local);
    }
  });
});

describe('isIgnoreControlFile', () => {
  it('recognises the files whose edits change what is ignored', () => {
    assert.ok(isIgnoreControlFile('.gitignore'));
    assert.ok(isIgnoreControlFile('src/deep/.gitignore'));
    assert.ok(isIgnoreControlFile('pkg/.mobiusignore'));
    assert.ok(isIgnoreControlFile('.git/info/exclude'));
    assert.ok(!isIgnoreControlFile('src/gitignore.ts'));
    assert.ok(!isIgnoreControlFile('pkg/.git/info/exclude'));
  });
});
