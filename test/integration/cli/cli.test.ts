import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { requireBuild, runCli, startCli } from '../../support/cli';
import { makeTempRepo, type TempRepo } from '../../support/tempRepo';
import { CACHE_GO, CONFIG_PY, README_MD, RETRY_TS } from '../../support/sampleSources';

describe('CLI (the built bin)', () => {
  let repo: TempRepo;
  let env: NodeJS.ProcessEnv;

  before(requireBuild);
  beforeEach(() => {
    repo = makeTempRepo({ 'src/retry.ts': RETRY_TS, 'app/config.py': CONFIG_PY, 'pkg/cache/cache.go': CACHE_GO, 'README.md': README_MD });
    env = { MOBIUS_HOME: path.join(path.dirname(repo.root), 'home') };
  });
  afterEach(() => repo.cleanup());

  it('index prints a summary and stores the index under MOBIUS_HOME', () => {
    const r = runCli(['index', repo.root], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Indexed 4 files, \d+ chunks/);
    const indexes = fs.readdirSync(path.join(env.MOBIUS_HOME!, 'indexes'));
    assert.ok(indexes.some((f) => /^repo-[0-9a-f]{12}\.sqlite$/.test(f)), indexes.join(','));
  });

  it('search indexes on first use and prints JSON with the documented fields', () => {
    const r = runCli(['search', 'retryWithBackoff', '--dir', repo.root, '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.query, 'retryWithBackoff');
    const top = out.results[0];
    for (const field of ['path', 'startLine', 'endLine', 'language', 'kind', 'name', 'score', 'content']) assert.ok(field in top, field);
    assert.equal(top.path, 'src/retry.ts');
    assert.equal(top.language, 'typescript');
  });

  it('search sees an edit on the next call (refresh before search)', () => {
    runCli(['index', repo.root], env);
    repo.write('src/new.ts', 'export function freshlyAddedFunction() {\n  return 1;\n}\n');
    const r = runCli(['search', 'freshlyAddedFunction', '--dir', repo.root, '--json'], env);
    assert.equal(JSON.parse(r.stdout).results[0].path, 'src/new.ts');
  });

  it('search applies --lang, --kind, --path and --limit', () => {
    const r = runCli(['search', 'config', '--dir', repo.root, '--json', '--lang', 'python', '--kind', 'method', '--limit', '2'], env);
    const { results } = JSON.parse(r.stdout);
    assert.ok(results.length > 0 && results.length <= 2);
    assert.ok(results.every((x: { language: string; kind: string }) => x.language === 'python' && x.kind === 'method'));
    const p = JSON.parse(runCli(['search', 'cache', '--dir', repo.root, '--json', '--path', 'pkg/**'], env).stdout);
    assert.ok(p.results.every((x: { path: string }) => x.path.startsWith('pkg/')));
  });

  it('context prints Markdown with path headings and fenced code within the budget', () => {
    const r = runCli(['context', 'retry backoff', '--dir', repo.root, '--budget', '600'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /src\/retry\.ts/);
    assert.match(r.stdout, /```(ts|typescript)\n/);
    const [, used, budget] = r.stderr.match(/(\d+)\/(\d+) tokens/)!;
    assert.ok(Number(used) <= Number(budget));
  });

  it('status says what is indexed and where', () => {
    runCli(['index', repo.root], env);
    const r = runCli(['status', '--dir', repo.root], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Files:\s+4/);
    assert.match(r.stdout, /Last index: \d{4}-/);
  });

  it('a missing folder exits 1 with a message', () => {
    const r = runCli(['index', path.join(repo.root, 'nope')], env);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /No folder at .*nope/);
  });

  it('a bad flag exits 2 with usage help', () => {
    const r = runCli(['search', 'x', '--limit', 'many'], env);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--limit must be a positive whole number/);
    assert.equal(runCli(['frobnicate'], env).status, 2);
  });

  it('a corrupt index says so and --rebuild repairs it', () => {
    const db = path.join(path.dirname(repo.root), 'corrupt.sqlite');
    fs.writeFileSync(db, Buffer.alloc(4096, 7));
    const bad = runCli(['search', 'x', '--dir', repo.root, '--db', db], env);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /unreadable.*mobius index --rebuild/s);
    const fixed = runCli(['index', repo.root, '--db', db, '--rebuild'], env);
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.match(fixed.stdout, /Indexed 4 files/);
  });

  it('an index killed mid-run still opens, and the next run completes it', async function () {
    for (let i = 0; i < 4000; i++) {
      repo.write(`gen/m${i % 50}/file${i}.ts`, `/** Helper number ${i}. */\nexport function helper${i}(x: number): number {\n  return x * ${i} + ${i % 7};\n}\n` + RETRY_TS.replace(/retryWithBackoff/g, `retry${i}`) + RETRY_TS.replace(/retryWithBackoff/g, `retryAgain${i}`));
    }
    const db = path.join(path.dirname(repo.root), 'killed.sqlite');
    const run = startCli(['index', repo.root, '--db', db], env);
    await run.waitFor(/indexing: [1-9]\d*\/\d+ files/);
    run.child.kill('SIGKILL');
    await run.exited;

    const check = new BetterSqlite3(db);
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    const partial = (check.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
    check.close();
    assert.ok(partial < 4004, `the kill should interrupt the run (had ${partial} files)`);

    const resumed = runCli(['index', repo.root, '--db', db, '--json'], env);
    assert.equal(resumed.status, 0, resumed.stderr);
    const summary = JSON.parse(resumed.stdout);
    assert.equal(summary.files, 4004);
    assert.equal(summary.unchanged, partial, 'work done before the kill is kept');
    const hit = JSON.parse(runCli(['search', 'helper3999', '--dir', repo.root, '--db', db, '--json'], env).stdout);
    assert.equal(hit.results[0].path, 'gen/m49/file3999.ts');
  });
});
