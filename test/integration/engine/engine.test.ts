import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { Engine, FolderNotFoundError } from '../../../daemon/engine/engine';
import { IndexCorruptError } from '../../../daemon/engine/index/openDatabase';
import { makeTempRepo, touch, type TempRepo } from '../../support/tempRepo';
import { CACHE_GO, CONFIG_PY, README_MD, RETRY_TS } from '../../support/sampleSources';

describe('Engine: index and keyword search', () => {
  let repo: TempRepo;
  let engine: Engine;

  beforeEach(async () => {
    repo = makeTempRepo({
      'src/retry.ts': RETRY_TS,
      'app/config.py': CONFIG_PY,
      'pkg/cache/cache.go': CACHE_GO,
      'README.md': README_MD,
    });
    engine = await Engine.open({ root: repo.root, dbPath: repo.dbPath, config: { workers: 2 } });
  });

  afterEach(async () => {
    await engine.close();
    repo.cleanup();
  });

  it('indexes every file and finds a definition by its exact identifier, with its line range', async () => {
    const summary = await engine.index();
    assert.equal(summary.files, 4);
    assert.equal(summary.added, 4);
    assert.ok(summary.chunks >= 8, `expected at least 8 chunks, got ${summary.chunks}`);

    const [top] = engine.search('retryWithBackoff');
    assert.equal(top.path, 'src/retry.ts');
    assert.equal(top.name, 'retryWithBackoff');
    assert.equal(top.kind, 'function');
    const lines = RETRY_TS.split('\n');
    assert.match(lines[top.startLine - 1], /^\/\*\*|export async function retryWithBackoff/);
    assert.match(lines[top.endLine - 1], /^}/);
    assert.equal(top.content, lines.slice(top.startLine - 1, top.endLine).join('\n'));
  });

  it('ranks the definition first for snake_case and method identifiers', async () => {
    await engine.index();
    assert.equal(engine.search('get_dict')[0].name, 'get_dict');
    const [parse] = engine.search('parse_config');
    assert.equal(parse.qualifiedName, 'ConfigLoader.parse_config');
    assert.equal(parse.kind, 'method');
    assert.equal(engine.search('LRUCache Get')[0].qualifiedName, 'LRUCache.Get');
  });

  it('finds code from words that appear only split inside identifiers and docs', async () => {
    await engine.index();
    const results = engine.search('backoff jitter attempts');
    assert.equal(results[0].path, 'src/retry.ts');
    assert.equal(results[0].name, 'retryWithBackoff');
    const cache = engine.search('recently used cache capacity');
    assert.equal(cache[0].path, 'pkg/cache/cache.go');
  });

  it('applies language, kind and path filters before ranking', async () => {
    await engine.index();
    const py = engine.search('config', { language: 'python' });
    assert.ok(py.length > 0 && py.every((r) => r.language === 'python'));
    const methods = engine.search('config load parse', { kind: 'method' });
    assert.ok(methods.length > 0 && methods.every((r) => r.kind === 'method'));
    const inPkg = engine.search('cache', { pathGlob: 'pkg/**' });
    assert.ok(inPkg.length > 0 && inPkg.every((r) => r.path.startsWith('pkg/')));
    assert.deepEqual(engine.search('retryWithBackoff', { pathGlob: 'pkg/**' }), []);
  });

  it('refreshes incrementally: edit, add, delete, touch', async () => {
    await engine.index();
    const second = await engine.index();
    assert.deepEqual([second.added, second.changed, second.removed, second.unchanged, second.chunksWritten], [0, 0, 0, 4, 0]);

    repo.write('src/retry.ts', RETRY_TS.replace('retryWithBackoff', 'retryOperation'));
    repo.write('src/extra.ts', 'export function computeChecksum(data: string): number {\n  return data.length;\n}\n');
    repo.remove('README.md');
    touch(repo.root, 'app/config.py');
    const third = await engine.index();
    assert.equal(third.changed, 1);
    assert.equal(third.added, 1);
    assert.equal(third.removed, 1);
    assert.equal(third.unchanged, 2, 'the touched file and the untouched one');
    assert.equal(engine.search('retryOperation')[0].name, 'retryOperation');
    assert.ok(!engine.search('retryWithBackoff').some((r) => r.name === 'retryWithBackoff'));
    assert.equal(engine.search('computeChecksum')[0].path, 'src/extra.ts');
    assert.ok(!engine.search('Installation').some((r) => r.path === 'README.md'));
  });

  it('moves a renamed file without parsing it again', async () => {
    await engine.index();
    repo.rename('pkg/cache/cache.go', 'internal/lru/cache.go');
    const summary = await engine.index();
    assert.equal(summary.added, 1);
    assert.equal(summary.removed, 1);
    assert.equal(summary.chunksWritten, 0, 'content-addressed: a moved file writes no new chunk');
    const [top] = engine.search('NewLRUCache');
    assert.equal(top.path, 'internal/lru/cache.go');
  });

  it('keeps a file searchable by line windows when it stops parsing', async () => {
    await engine.index();
    repo.write('src/retry.ts', RETRY_TS.replace(/\{/g, '{{{ ((( ').replace('retryWithBackoff', 'brokenRetryHelper'));
    await engine.index();
    const hits = engine.search('brokenRetryHelper');
    assert.ok(hits.length > 0, 'a file that fails to parse still has chunks');
    assert.equal(hits[0].path, 'src/retry.ts');
  });

  it('makes an unsaved buffer searchable, keeps it over the disk, and reverts to the disk', async () => {
    await engine.index();
    await engine.updateFile('src/retry.ts', RETRY_TS + '\nexport function unsavedHelperFn(): number {\n  return 42;\n}\n');
    assert.equal(engine.search('unsavedHelperFn')[0]?.name, 'unsavedHelperFn');
    touch(repo.root, 'src/retry.ts');
    await engine.index();
    assert.equal(engine.search('unsavedHelperFn')[0]?.name, 'unsavedHelperFn', 'the buffer wins over the disk');
    await engine.updateFile('src/retry.ts', null);
    assert.equal(engine.search('unsavedHelperFn').filter((r) => r.name === 'unsavedHelperFn').length, 0);
    assert.equal(engine.search('retryWithBackoff')[0].name, 'retryWithBackoff');
  });

  it('drops unsaved text left by an editor session that ended without closing the buffer', async () => {
    await engine.index();
    await engine.updateFile('src/retry.ts', RETRY_TS + '\nexport function orphanedBufferFn() {}\n');
    await engine.close();
    engine = await Engine.open({ root: repo.root, dbPath: repo.dbPath });
    const summary = await engine.index();
    assert.equal(summary.changed, 1);
    assert.equal(engine.search('orphanedBufferFn').filter((r) => r.name === 'orphanedBufferFn').length, 0);
  });

  it('handles Unicode paths and content with correct line numbers', async () => {
    const source = '// Ünïcödé: 日本語のコメント 🚀\nexport function grüßeSagen(name: string): string {\n  return `Grüß dich, ${name} 👋`;\n}\n';
    repo.write('src/naïve/日本.ts', source);
    await engine.index();
    const [hit] = engine.search('grüßeSagen');
    assert.equal(hit.path, 'src/naïve/日本.ts');
    assert.equal(hit.endLine, 4);
    assert.match(hit.content, /👋/);
  });

  it('reports status: files, chunks, size, freshness', async () => {
    assert.equal(engine.status().lastIndexedAt, null);
    await engine.index();
    const status = engine.status();
    assert.equal(status.files, 4);
    assert.ok(status.chunks > 0 && status.dbBytes > 0);
    assert.ok(status.lastIndexedAt && Date.now() - status.lastIndexedAt < 60_000);
    assert.equal(status.languages.python, 1);
  });
});

describe('Engine: bad input', () => {
  it('says which folder is missing', async () => {
    await assert.rejects(Engine.open({ root: '/nonexistent/folder/xyz' }), FolderNotFoundError);
  });

  it('reports a corrupt index with the way to rebuild it', async () => {
    const repo = makeTempRepo({ 'a.ts': 'export const a = 1;\n' });
    try {
      fs.writeFileSync(repo.dbPath, Buffer.alloc(8192, 0x5a));
      await assert.rejects(Engine.open({ root: repo.root, dbPath: repo.dbPath }), (err: Error) => {
        assert.ok(err instanceof IndexCorruptError);
        assert.match(err.message, /--rebuild/);
        return true;
      });
    } finally {
      repo.cleanup();
    }
  });

  it('leaves a consistent index: every chunk has its content and its FTS row', async () => {
    const repo = makeTempRepo({ 'src/retry.ts': RETRY_TS, 'app/config.py': CONFIG_PY });
    const engine = await Engine.open({ root: repo.root, dbPath: repo.dbPath });
    try {
      await engine.index();
      repo.remove('app/config.py');
      await engine.index();
    } finally {
      await engine.close();
    }
    const db = new BetterSqlite3(repo.dbPath, { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      const orphans = db.prepare('SELECT count(*) AS n FROM chunks WHERE hash NOT IN (SELECT hash FROM contents)').get() as { n: number };
      assert.equal(orphans.n, 0);
      const unused = db.prepare('SELECT count(*) AS n FROM contents WHERE hash NOT IN (SELECT hash FROM chunks)').get() as { n: number };
      assert.equal(unused.n, 0, 'garbage is collected');
      const chunkRows = (db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
      const ftsRows = (db.prepare("SELECT count(*) AS n FROM chunks_fts_docsize").get() as { n: number }).n;
      assert.equal(ftsRows, chunkRows);
    } finally {
      db.close();
      repo.cleanup();
    }
  });
});
