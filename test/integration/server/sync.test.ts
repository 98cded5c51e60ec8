import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { analyzeFile } from '../../../daemon/engine/parse/analyzeFile';
import { languageForPath } from '../../../daemon/engine/parse/languages';
import {
  type ManifestEntry,
  type SyncFile,
  SyncManifestResponse,
  SyncUploadResponse,
  TeamFile,
  VectorLookupResponse,
} from '../../../protocol/rest';
import { ADMIN, call, createProject, createUser, errorBody, login, startTestServer, type TestServer } from './harness';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A file as a syncing daemon sends it: chunked by the daemon's own parser. */
async function syncFile(path: string, content: string): Promise<SyncFile> {
  const language = languageForPath(path);
  const analysis = await analyzeFile(path, content, language);
  return {
    path,
    hash: sha256(content),
    language,
    byteSize: Buffer.byteLength(content),
    parseFailed: analysis.parseFailed,
    imports: analysis.imports,
    chunks: analysis.chunks.map((c) => ({
      kind: c.kind,
      name: c.name,
      qualifiedName: c.qualifiedName,
      signature: c.signature,
      docComment: c.docComment,
      startLine: c.startLine,
      endLine: c.endLine,
      complexity: c.complexity ?? null,
      hash: c.hash,
      content: c.content,
    })),
  };
}

const manifestOf = (files: SyncFile[]): ManifestEntry[] => files.map(({ path, hash, language }) => ({ path, hash, language }));

/** Source files no other test stored: each call gets its own identifiers, so nothing is deduplicated by accident. */
async function freshFiles(count: number, tag = randomBytes(4).toString('hex')): Promise<SyncFile[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      syncFile(
        `src/module${i}.ts`,
        [
          `/** Computes the ${tag} total number ${i}. */`,
          `export function total_${tag}_${i}(values: number[]): number {`,
          '  return values.reduce((sum, v) => sum + v, 0);',
          '}',
          '',
          `export class Ledger_${tag}_${i} {`,
          '  private readonly entries: number[] = [];',
          `  record_${tag}(amount: number): void { this.entries.push(amount * ${i + 1}); }`,
          '}',
          '',
        ].join('\n'),
      ),
    ),
  );
}

const chunkCount = (files: SyncFile[]) => files.reduce((n, f) => n + f.chunks.length, 0);

describe('server: team sync', () => {
  let server: TestServer & { stop(): Promise<void> };
  let db: Client;
  let adminToken: string;
  let owner: { id: string; email: string; token: string };

  const manifest = (projectId: string, ref: string, files: ManifestEntry[], token = owner.token) =>
    call(server, 'POST', `/projects/${projectId}/sync/manifest`, { auth: token, body: { ref, files } });
  const upload = (projectId: string, ref: string, files: SyncFile[], token = owner.token, extra: object = {}) =>
    call(server, 'POST', `/projects/${projectId}/sync/files`, {
      auth: token,
      raw: gzipSync(JSON.stringify({ ref, files, ...extra })),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
  const project = async (id: string, token = owner.token) => (await call(server, 'GET', `/projects/${id}`, { auth: token })).body;
  /** Manifest, then upload what is missing: what a daemon does. */
  const sync = async (projectId: string, ref: string, files: SyncFile[], token = owner.token) => {
    const first = SyncManifestResponse.parse((await manifest(projectId, ref, manifestOf(files), token)).body);
    const missing = new Set(first.missing.map((m) => m.path));
    const toUpload = files.filter((f) => missing.has(f.path));
    if (toUpload.length) assert.equal((await upload(projectId, ref, toUpload, token)).status, 200);
    return first;
  };

  before(async () => {
    // A small general body limit and a larger one for sync, so tests can tell them apart.
    server = await startTestServer({ maxBodyBytes: 64 * 1024, syncMaxBodyBytes: 512 * 1024 });
    db = new Client(server.db.url);
    await db.connect();
    adminToken = await login(server, ADMIN.email, ADMIN.password);
    owner = await createUser(server, adminToken);
  });

  after(async () => {
    await db.end();
    await server.stop();
  });

  it('answers what is missing, stores the upload, and a repeated manifest changes nothing', async () => {
    const { id } = await createProject(server, owner.token);
    const files = await freshFiles(3);

    const first = await manifest(id, 'main', manifestOf(files));
    assert.equal(first.status, 200, first.text);
    const asked = SyncManifestResponse.parse(first.body);
    assert.deepEqual(asked.missing, manifestOf(files));
    assert.deepEqual([asked.added, asked.changed, asked.removed, asked.unchanged, asked.indexVersion], [0, 0, 0, 0, 0]);

    const uploaded = await upload(id, 'main', files);
    assert.equal(uploaded.status, 200, uploaded.text);
    const stored = SyncUploadResponse.parse(uploaded.body);
    assert.equal(stored.filesStored, 3);
    assert.equal(stored.filesApplied, 3);
    assert.equal(stored.chunksWritten, chunkCount(files));
    assert.equal(stored.chunksDeduplicated, 0);
    assert.ok(stored.indexVersion > 0);

    const again = SyncManifestResponse.parse((await manifest(id, 'main', manifestOf(files))).body);
    assert.deepEqual(again.missing, []);
    assert.deepEqual([again.added, again.changed, again.removed, again.unchanged], [0, 0, 0, 3]);
    assert.equal(again.indexVersion, stored.indexVersion, 'nothing changed, so search caches stay valid');

    const reupload = SyncUploadResponse.parse((await upload(id, 'main', files)).body);
    assert.deepEqual(
      [reupload.filesStored, reupload.filesApplied, reupload.chunksWritten, reupload.chunksDeduplicated, reupload.indexVersion],
      [0, 0, 0, chunkCount(files), stored.indexVersion],
      'an interrupted sync that uploads a batch twice changes nothing',
    );

    const after = await project(id);
    assert.equal(after.indexVersion, stored.indexVersion);
    assert.equal(after.fileCount, 3);
    assert.equal(after.contextCount, chunkCount(files));

    const read = await call(server, 'GET', `/projects/${id}/file?path=${encodeURIComponent(files[1].path)}`, { auth: owner.token });
    assert.equal(read.status, 200, read.text);
    const file = TeamFile.parse(read.body);
    assert.equal(file.ref, 'main');
    assert.equal(file.fileHash, files[1].hash);
    assert.deepEqual(
      file.chunks,
      files[1].chunks.map((c) => ({ startLine: c.startLine, endLine: c.endLine, content: c.content })).sort((a, b) => a.startLine - b.startLine),
    );
    const absent = await call(server, 'GET', `/projects/${id}/file?path=src/nowhere.ts`, { auth: owner.token });
    assert.equal(absent.status, 404);
    assert.match(errorBody(absent).message, /No file "src\/nowhere.ts" in ref "main"/);
    const otherRef = await call(server, 'GET', `/projects/${id}/file?ref=dev&path=${encodeURIComponent(files[1].path)}`, { auth: owner.token });
    assert.equal(otherRef.status, 404);
  });

  it('needs no upload when another project already holds the files, and their contexts are searchable there', async () => {
    const tag = randomBytes(4).toString('hex');
    const files = await freshFiles(3, tag);
    const a = await createProject(server, owner.token);
    await sync(a.id, 'main', files);
    const storedBefore = (await db.query('SELECT count(*)::int AS n FROM chunk_contents')).rows[0].n;

    const member = await createUser(server, adminToken);
    const b = await createProject(server, member.token);
    const res = SyncManifestResponse.parse((await manifest(b.id, 'main', manifestOf(files), member.token)).body);
    assert.deepEqual(res.missing, []);
    assert.equal(res.added, 3);
    assert.ok(res.indexVersion > 0);
    assert.equal((await db.query('SELECT count(*)::int AS n FROM chunk_contents')).rows[0].n, storedBefore, 'no chunk stored twice');
    assert.equal((await project(b.id, member.token)).contextCount, chunkCount(files));

    const found = await call(server, 'POST', '/search', { auth: member.token, body: { query: `ledger ${tag} 2`, projectId: b.id, mode: 'keyword' } });
    assert.equal(found.status, 200, found.text);
    assert.ok(
      found.body.results.some((hit: { name: string; projectId: string }) => hit.name === `Ledger_${tag}_2` && hit.projectId === b.id),
      JSON.stringify(found.body.results.map((h: { name: string }) => h.name)),
    );
  });

  it('asks a branch only for the files that differ from what the server holds', async () => {
    const { id } = await createProject(server, owner.token);
    const main = await freshFiles(6);
    await sync(id, 'main', main);
    const edited = await Promise.all(main.slice(0, 3).map((f) => syncFile(f.path, `${f.chunks.map((c) => c.content).join('\n')}\n// edited on the branch\n`)));
    const branch = [...edited, ...main.slice(3)];

    const res = SyncManifestResponse.parse((await manifest(id, 'feature/x', manifestOf(branch))).body);
    assert.deepEqual(res.missing.map((m) => m.path).sort(), edited.map((f) => f.path).sort());
    assert.equal(res.added, 3, 'the unchanged files are applied at once');
    const up = SyncUploadResponse.parse((await upload(id, 'feature/x', edited)).body);
    assert.equal(up.filesApplied, 3);
    assert.deepEqual((await manifest(id, 'feature/x', manifestOf(branch))).body.missing, []);

    const mainFile = TeamFile.parse((await call(server, 'GET', `/projects/${id}/file?ref=main&path=${main[0].path}`, { auth: owner.token })).body);
    const branchFile = TeamFile.parse((await call(server, 'GET', `/projects/${id}/file?ref=feature/x&path=${main[0].path}`, { auth: owner.token })).body);
    assert.equal(mainFile.fileHash, main[0].hash, 'main keeps its version');
    assert.equal(branchFile.fileHash, edited[0].hash);
    assert.equal((await project(id)).fileCount, 12);
  });

  it('applies a rename without an upload, removes unlisted paths, and keeps a path whose new version is missing', async () => {
    const { id } = await createProject(server, owner.token);
    const files = await freshFiles(4);
    const synced = await sync(id, 'main', files);
    const versionBefore = (await project(id)).indexVersion;
    assert.ok(versionBefore > synced.indexVersion);

    const renamed = { ...manifestOf(files)[0], path: 'lib/renamed.ts' };
    const [changed] = await freshFiles(1);
    const changedEntry = { ...manifestOf([changed])[0], path: files[2].path };
    // files[0] renamed, files[1] deleted, files[2] changed to a version the server lacks, files[3] unchanged.
    const res = SyncManifestResponse.parse((await manifest(id, 'main', [renamed, changedEntry, manifestOf(files)[3]])).body);
    assert.deepEqual(res.missing, [changedEntry]);
    assert.deepEqual([res.added, res.changed, res.removed, res.unchanged], [1, 0, 2, 1]);
    assert.ok(res.indexVersion > versionBefore);

    const paths = (await db.query('SELECT path, file_hash FROM project_files WHERE project_id = $1 ORDER BY path', [id])).rows;
    assert.deepEqual(paths, [
      { path: 'lib/renamed.ts', file_hash: files[0].hash },
      { path: files[2].path, file_hash: files[2].hash },
      { path: files[3].path, file_hash: files[3].hash },
    ]);
    const contexts = (await db.query('SELECT path, count(*)::int AS n FROM contexts WHERE project_id = $1 GROUP BY path ORDER BY path', [id])).rows;
    assert.deepEqual(contexts, [
      { path: 'lib/renamed.ts', n: files[0].chunks.length },
      { path: files[2].path, n: files[2].chunks.length },
      { path: files[3].path, n: files[3].chunks.length },
    ]);
    const p = await project(id);
    assert.equal(p.fileCount, 3);
    assert.equal(p.contextCount, files[0].chunks.length + files[2].chunks.length + files[3].chunks.length);

    const up = SyncUploadResponse.parse((await upload(id, 'main', [{ ...changed, path: files[2].path }])).body);
    assert.equal(up.filesApplied, 1);
    const now = TeamFile.parse((await call(server, 'GET', `/projects/${id}/file?path=${files[2].path}`, { auth: owner.token })).body);
    assert.equal(now.fileHash, changed.hash);
  });

  it('does not let a manifest of an older commit revert the ref', async () => {
    const { id } = await createProject(server, owner.token);
    const [older, newer, latest] = await Promise.all([freshFiles(2), freshFiles(2), freshFiles(2)]);
    const commit = (n: number) => String(n).repeat(40);
    const post = (files: SyncFile[], extra: object) =>
      call(server, 'POST', `/projects/${id}/sync/manifest`, { auth: owner.token, body: { ref: 'main', files: manifestOf(files), ...extra } }).then((r) => SyncManifestResponse.parse(r.body));

    const first = await post(newer, { commit: commit(2), committedAt: '2025-03-02T10:00:00+01:00' });
    assert.deepEqual([first.stale, first.refCommit, first.missing.length], [false, commit(2), 2]);
    await upload(id, 'main', newer);
    const versionBefore = (await project(id)).indexVersion;

    const behind = await post(older, { commit: commit(1), committedAt: '2025-03-01T10:00:00Z' });
    assert.deepEqual(behind, { ref: 'main', missing: [], added: 0, changed: 0, removed: 0, unchanged: 0, indexVersion: versionBefore, stale: true, refCommit: commit(2) });
    const paths = async () => (await db.query('SELECT file_hash FROM project_files WHERE project_id = $1 ORDER BY path', [id])).rows.map((r) => r.file_hash);
    assert.deepEqual(await paths(), newer.map((f) => f.hash), 'the ref keeps the newer commit');

    const ahead = await post(latest, { commit: commit(3), committedAt: '2025-03-03T10:00:00Z' });
    assert.deepEqual([ahead.stale, ahead.refCommit, ahead.missing.length, ahead.removed], [false, commit(3), 2, 0]);
    await upload(id, 'main', latest);
    const sameTime = await post(latest, { commit: commit(4), committedAt: '2025-03-03T10:00:00Z' });
    assert.equal(sameTime.stale, false, 'a commit of the same time is not older');
    const outsideGit = await post(newer, {});
    assert.deepEqual([outsideGit.stale, outsideGit.refCommit, outsideGit.changed], [false, null, 2]);
    assert.deepEqual(await paths(), newer.map((f) => f.hash));
  });

  it('refuses an upload with a chunk that does not match its hash, and writes nothing', async () => {
    const { id } = await createProject(server, owner.token);
    const files = await freshFiles(2);
    const tampered = structuredClone(files);
    tampered[1].chunks[1].content += ' ';
    const res = await upload(id, 'main', tampered);
    assert.equal(res.status, 400);
    assert.equal(errorBody(res).code, 'VALIDATION_FAILED');
    assert.match(res.body.message, new RegExp(`chunk 1 of ${files[1].path} \\(lines \\d+-\\d+\\): content hashes to [0-9a-f]{64}, not to the declared ${files[1].chunks[1].hash}`));
    assert.deepEqual(res.body.details.map((d: { path: string }) => d.path), ['body.files.1.chunks.1.hash']);

    const hashes = tampered.flatMap((f) => f.chunks.map((c) => sha256(c.content)));
    assert.equal((await db.query('SELECT count(*)::int AS n FROM chunk_contents WHERE hash = ANY($1)', [hashes])).rows[0].n, 0);
    assert.equal((await db.query('SELECT count(*)::int AS n FROM file_versions WHERE hash = ANY($1)', [files.map((f) => f.hash)])).rows[0].n, 0);
    assert.equal((await project(id)).indexVersion, 0);
  });

  it('takes gzip bodies up to its own larger limit, measured after decoding', async () => {
    const { id } = await createProject(server, owner.token);
    const tag = randomBytes(4).toString('hex');
    const body = Array.from({ length: 600 }, (_, i) => `export function f_${tag}_${i}(x: number): number {\n  return x * ${i} + ${i % 7};\n}\n`).join('\n');
    const big = await syncFile('src/generated.ts', body);
    const json = JSON.stringify({ ref: 'main', files: [big] });
    assert.ok(json.length > 64 * 1024 && json.length < 512 * 1024, `${json.length} bytes: above the general limit, below the sync limit`);
    const ok = await upload(id, 'main', [big]);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.chunksWritten, big.chunks.length);

    const huge = await syncFile('src/huge.md', `# Notes\n\n${'padding '.repeat(80_000)}\n`);
    const compressed = gzipSync(JSON.stringify({ ref: 'main', files: [huge] }));
    assert.ok(compressed.length < 64 * 1024);
    const refused = await call(server, 'POST', `/projects/${id}/sync/files`, {
      auth: owner.token,
      raw: compressed,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    assert.equal(refused.status, 413);
    assert.equal(errorBody(refused).code, 'PAYLOAD_TOO_LARGE');
    const ingest = await call(server, 'POST', `/projects/${id}/contexts`, { auth: owner.token, raw: json, headers: { 'content-type': 'application/json' } });
    assert.equal(ingest.status, 413, 'other routes keep the general limit');
  });

  it('lets readers look up vectors and read files, but not post manifests or upload', async () => {
    const { id } = await createProject(server, owner.token);
    const files = await freshFiles(1);
    await sync(id, 'main', files);
    const reader = await createUser(server, adminToken);
    await call(server, 'POST', `/projects/${id}/members`, { auth: owner.token, body: { email: reader.email, role: 'reader' } });

    const denied = await manifest(id, 'main', manifestOf(files), reader.token);
    assert.equal(denied.status, 403);
    assert.match(errorBody(denied).message, /writer role/);
    assert.equal((await upload(id, 'main', files, reader.token)).status, 403);
    const vectors = await call(server, 'POST', `/projects/${id}/sync/vectors`, { auth: reader.token, body: { model: 'none-yet', hashes: [files[0].chunks[0].hash] } });
    assert.equal(vectors.status, 200, vectors.text);
    assert.deepEqual(vectors.body, { model: 'none-yet', dimension: null, vectors: {} });
    assert.equal((await call(server, 'GET', `/projects/${id}/file?path=${files[0].path}`, { auth: reader.token })).status, 200);

    const stranger = await createUser(server, adminToken);
    assert.equal((await call(server, 'GET', `/projects/${id}/file?path=${files[0].path}`, { auth: stranger.token })).status, 404);
    assert.equal((await manifest(id, 'main', manifestOf(files), stranger.token)).status, 404);
  });

  it('stores vectors of the uploaded chunks and returns them only to projects holding those chunks', async () => {
    const model = `sync-test-${randomBytes(3).toString('hex')}`;
    const files = await freshFiles(2);
    const hashes = files.flatMap((f) => f.chunks.map((c) => c.hash));
    const vectors = Object.fromEntries(hashes.map((h, i) => [h, [1, i, 0, 0.5]]));
    const stranger = sha256(`not uploaded ${model}`);
    const a = await createProject(server, owner.token);
    await manifest(a.id, 'main', manifestOf(files));
    const up = SyncUploadResponse.parse((await upload(a.id, 'main', files, owner.token, { embeddings: { model, vectors: { ...vectors, [stranger]: [0, 0, 0, 1] } } })).body);
    assert.equal(up.vectorsStored, hashes.length);
    assert.equal(up.vectorsUnmatched, 1);

    const lookup = (projectId: string) =>
      call(server, 'POST', `/projects/${projectId}/sync/vectors`, { auth: owner.token, body: { model, hashes: [...hashes, stranger] } }).then((r) => VectorLookupResponse.parse(r.body));
    const own = await lookup(a.id);
    assert.equal(own.dimension, 4);
    assert.deepEqual(own.vectors, vectors);

    const b = await createProject(server, owner.token);
    await sync(b.id, 'main', await freshFiles(1));
    assert.deepEqual((await lookup(b.id)).vectors, {}, 'another project does not hold those chunks');
    await manifest(b.id, 'dev', manifestOf(files));
    assert.deepEqual((await lookup(b.id)).vectors, vectors, 'once it holds them (any ref), their vectors are shared');

    const mismatch = await upload(a.id, 'main', files, owner.token, { embeddings: { model, vectors: { [hashes[0]]: [1, 0, 0] } } });
    assert.equal(mismatch.status, 400);
    assert.equal(errorBody(mismatch).code, 'DIMENSION_MISMATCH');
  });

  it('makes vectors searchable in a project that got the same content by manifest, without an upload', async () => {
    const model = `share-test-${randomBytes(3).toString('hex')}`;
    const files = await freshFiles(2);
    const hashes = [...new Set(files.flatMap((f) => f.chunks.map((c) => c.hash)))];
    const vectors = Object.fromEntries(hashes.map((h, i) => [h, [1, i + 1, 0, 0.5]]));
    const a = await createProject(server, owner.token);
    await manifest(a.id, 'main', manifestOf(files));
    assert.equal((await upload(a.id, 'main', files, owner.token, { embeddings: { model, vectors } })).status, 200);

    const b = await createProject(server, owner.token);
    const answer = SyncManifestResponse.parse((await manifest(b.id, 'main', manifestOf(files))).body);
    assert.deepEqual(answer.missing, [], 'nothing to upload');
    const search = await call(server, 'POST', '/search', {
      auth: owner.token, body: { projectId: b.id, vector: vectors[hashes[1]], model, mode: 'vector', limit: 3 },
    });
    assert.equal(search.status, 200, search.text);
    assert.equal(search.body.results[0]?.hash, hashes[1], 'the vector search of project b finds the shared chunk');
    assert.equal((await project(b.id)).indexVersion, answer.indexVersion, 'the answer names the version that includes the vectors');
  });

  it('does not fail when several members upload the same files at once', async () => {
    const files = await freshFiles(5);
    const projects = [await createProject(server, owner.token), await createProject(server, owner.token)];
    const uploads = await Promise.all(projects.flatMap((p) => [0, 1, 2].map(() => upload(p.id, 'main', files))));
    assert.deepEqual(uploads.map((r) => r.status), uploads.map(() => 200), uploads.map((r) => r.text).join('\n'));
    assert.equal(uploads.reduce((n, r) => n + r.body.filesStored, 0), files.length, 'each version stored once');
    assert.equal(uploads.reduce((n, r) => n + r.body.chunksWritten, 0), chunkCount(files), 'each chunk stored once');
    const rows = await db.query('SELECT count(*)::int AS n FROM file_chunks WHERE file_hash = ANY($1)', [files.map((f) => f.hash)]);
    assert.equal(rows.rows[0].n, chunkCount(files));
    for (const p of projects) {
      const state = await project(p.id);
      assert.equal(state.fileCount, files.length);
      assert.equal(state.contextCount, chunkCount(files));
    }
  });

  it('validates manifests: duplicate paths, unsafe paths and bad hashes are refused', async () => {
    const { id } = await createProject(server, owner.token);
    const [file] = await freshFiles(1);
    const entry = manifestOf([file])[0];
    for (const files of [[entry, entry], [{ ...entry, path: '../escape.ts' }], [{ ...entry, hash: 'abc' }]]) {
      const res = await manifest(id, 'main', files);
      assert.equal(res.status, 400, JSON.stringify(files));
      assert.equal(errorBody(res).code, 'VALIDATION_FAILED');
    }
    assert.equal((await manifest(id, '../main', [entry])).status, 400);
  });
});
