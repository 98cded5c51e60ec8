import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { Context, ContextList, IngestResult } from '../../../protocol/rest';
import { SAMPLE_FILES } from './sampleFiles';
import { ADMIN, call, createProject, createUser, errorBody, login, startTestServer, type TestServer } from './harness';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('server: ingest and contexts', () => {
  let server: TestServer & { stop(): Promise<void> };
  let adminToken: string;
  let owner: { id: string; email: string; token: string };

  before(async () => {
    server = await startTestServer({ maxBodyBytes: 256 * 1024 });
    adminToken = await login(server, ADMIN.email, ADMIN.password);
    owner = await createUser(server, adminToken);
  });

  after(() => server.stop());

  it('parses and chunks files with the daemon’s code and lists them with filters', async () => {
    const project = await createProject(server, owner.token);
    const res = await call(server, 'POST', `/projects/${project.id}/contexts`, { auth: owner.token, body: { files: SAMPLE_FILES } });
    assert.equal(res.status, 200, res.text);
    const result = IngestResult.parse(res.body);
    assert.equal(result.filesReceived, 3);
    assert.equal(result.filesChanged, 3);
    assert.equal(result.ref, 'main');
    assert.ok(result.contexts >= 5, `contexts: ${result.contexts}`);
    assert.equal(result.chunksWritten, result.contexts);

    const all = ContextList.parse((await call(server, 'GET', `/projects/${project.id}/contexts?limit=500`, { auth: owner.token })).body);
    assert.equal(all.total, result.contexts);
    const names = all.items.map((c) => c.name);
    for (const name of ['RetryPolicy', 'parseRetryHeader', 'load_report', 'ReportWriter']) assert.ok(names.includes(name), name);
    const retry = all.items.find((c) => c.name === 'parseRetryHeader')!;
    assert.equal(retry.kind, 'function');
    assert.equal(retry.language, 'typescript');
    assert.equal(retry.startLine, 12);
    assert.equal(retry.fileHash, sha256(SAMPLE_FILES[0].content));

    const py = (await call(server, 'GET', `/projects/${project.id}/contexts?language=python`, { auth: owner.token })).body;
    assert.ok(py.items.length > 0 && py.items.every((c: Context) => c.language === 'python'));
    const classes = (await call(server, 'GET', `/projects/${project.id}/contexts?kind=class`, { auth: owner.token })).body;
    assert.ok(classes.items.length >= 2 && classes.items.every((c: Context) => c.kind === 'class'));
    const docs = (await call(server, 'GET', `/projects/${project.id}/contexts?pathGlob=docs/**`, { auth: owner.token })).body;
    assert.ok(docs.items.length > 0 && docs.items.every((c: Context) => c.path === 'docs/guide.md'));
    const onePath = (await call(server, 'GET', `/projects/${project.id}/contexts?path=tools/report.py`, { auth: owner.token })).body;
    assert.ok(onePath.items.every((c: Context) => c.path === 'tools/report.py'));
    const paged = (await call(server, 'GET', `/projects/${project.id}/contexts?limit=2&offset=2`, { auth: owner.token })).body;
    assert.deepEqual(paged.items.map((c: Context) => c.id), all.items.slice(2, 4).map((c) => c.id));

    const one = await call(server, 'GET', `/projects/${project.id}/contexts/${retry.id}`, { auth: owner.token });
    assert.equal(one.status, 200);
    const context = Context.parse(one.body);
    assert.match(context.content, /^export function parseRetryHeader/);
    assert.equal(context.hash, sha256(context.content));

    const fetched = await call(server, 'GET', `/projects/${project.id}`, { auth: owner.token });
    assert.equal(fetched.body.fileCount, 3);
    assert.equal(fetched.body.contextCount, result.contexts);
    assert.equal(fetched.body.indexVersion, result.indexVersion);
  });

  it('skips unchanged files, replaces changed ones and removes deleted paths', async () => {
    const project = await createProject(server, owner.token);
    const url = `/projects/${project.id}/contexts`;
    const first = (await call(server, 'POST', url, { auth: owner.token, body: { files: SAMPLE_FILES } })).body;
    const again = (await call(server, 'POST', url, { auth: owner.token, body: { files: SAMPLE_FILES } })).body;
    assert.equal(again.filesUnchanged, 3);
    assert.equal(again.filesChanged, 0);
    assert.equal(again.chunksWritten, 0);

    const edited = SAMPLE_FILES[1].content + '\ndef added_later():\n    return 42\n';
    const changed = (await call(server, 'POST', url, { auth: owner.token, body: { files: [{ path: 'tools/report.py', content: edited }], removedPaths: ['docs/guide.md'] } })).body;
    assert.equal(changed.filesChanged, 1);
    assert.equal(changed.filesRemoved, 1);
    assert.ok(changed.indexVersion > first.indexVersion);
    const list = (await call(server, 'GET', `${url}?limit=500`, { auth: owner.token })).body;
    assert.ok(list.items.some((c: Context) => c.name === 'added_later'));
    assert.ok(!list.items.some((c: Context) => c.path === 'docs/guide.md'));
    const project2 = (await call(server, 'GET', `/projects/${project.id}`, { auth: owner.token })).body;
    assert.equal(project2.fileCount, 2);
    assert.equal(project2.contextCount, list.total);
  });

  it('stores each chunk once across projects and refs (content addressing)', async () => {
    const a = await createProject(server, owner.token);
    const b = await createProject(server, owner.token);
    // Content no earlier test stored, so the first upload writes every chunk.
    const files = [{ path: 'lib/unique.py', content: 'def only_here():\n    return "content-addressing test"\n\nclass OnlyHere:\n    pass\n' }];
    const firstUpload = (await call(server, 'POST', `/projects/${a.id}/contexts`, { auth: owner.token, body: { files } })).body;
    const secondProject = (await call(server, 'POST', `/projects/${b.id}/contexts`, { auth: owner.token, body: { files } })).body;
    const otherRef = (await call(server, 'POST', `/projects/${a.id}/contexts`, { auth: owner.token, body: { ref: 'feature/x', files } })).body;
    assert.ok(firstUpload.chunksWritten > 0);
    assert.equal(secondProject.chunksWritten, 0);
    assert.equal(secondProject.contexts, firstUpload.contexts);
    assert.equal(otherRef.ref, 'feature/x');
    assert.equal(otherRef.chunksWritten, 0);
    const refList = (await call(server, 'GET', `/projects/${a.id}/contexts?ref=feature/x`, { auth: owner.token })).body;
    assert.equal(refList.total, firstUpload.contexts);

    const client = new Client(server.db.url);
    await client.connect();
    const hashes = (await client.query('SELECT chunk_hash FROM contexts WHERE project_id = ANY($1)', [[a.id, b.id]])).rows.map((r) => r.chunk_hash);
    const stored = await client.query('SELECT count(*)::int AS n FROM chunk_contents WHERE hash = ANY($1)', [hashes]);
    await client.end();
    assert.equal(hashes.length, firstUpload.contexts * 3);
    assert.equal(stored.rows[0].n, new Set(hashes).size);
  });

  it('refuses unsafe paths and bad bodies, and writes nothing', async () => {
    const project = await createProject(server, owner.token);
    const url = `/projects/${project.id}/contexts`;
    const cases: [string, RegExp][] = [
      ['../outside.ts', /path traversal/],
      ['src/../../etc/passwd', /path traversal/],
      ['/etc/passwd', /relative to the project root/],
      ['C:/Windows/x.ts', /relative to the project root/],
      ['src\\win.ts', /forward slashes/],
      ['src/a\u0000.ts', /NUL bytes/],
      ['src//double.ts', /empty or "\." segments/],
      ['./a.ts', /empty or "\." segments/],
    ];
    for (const [path, message] of cases) {
      const res = await call(server, 'POST', url, { auth: owner.token, body: { files: [{ path, content: 'x' }, { path: 'ok.ts', content: 'const ok = 1;' }] } });
      assert.equal(res.status, 400, path);
      assert.equal(errorBody(res).code, 'VALIDATION_FAILED');
      assert.equal(res.body.details[0].path, 'body.files.0.path');
      assert.match(res.body.details[0].message, message, path);
    }
    const nulContent = await call(server, 'POST', url, { auth: owner.token, body: { files: [{ path: 'bin.dat', content: 'a\u0000b' }] } });
    assert.equal(nulContent.status, 400);
    assert.match(nulContent.body.message, /NUL bytes/);
    const dupPath = await call(server, 'POST', url, { auth: owner.token, body: { files: [{ path: 'a.ts', content: '1' }, { path: 'a.ts', content: '2' }] } });
    assert.equal(dupPath.status, 400);
    const traversalRemoval = await call(server, 'POST', url, { auth: owner.token, body: { removedPaths: ['../x'] } });
    assert.equal(traversalRemoval.status, 400);
    const unknownField = await call(server, 'POST', url, { auth: owner.token, body: { files: [{ path: 'a.ts', content: '1', mode: 0o777 }] } });
    assert.equal(unknownField.status, 400);
    const nothing = await call(server, 'POST', url, { auth: owner.token, body: {} });
    assert.equal(nothing.status, 400);

    const invalidJson = await call(server, 'POST', url, { auth: owner.token, raw: '{"files": [', headers: { 'content-type': 'application/json' } });
    assert.equal(invalidJson.status, 400);
    assert.equal(errorBody(invalidJson).code, 'INVALID_JSON');
    const notJson = await call(server, 'POST', url, { auth: owner.token, raw: 'files=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(notJson.status, 415);
    assert.equal(errorBody(notJson).code, 'UNSUPPORTED_MEDIA_TYPE');

    const after = (await call(server, 'GET', `/projects/${project.id}`, { auth: owner.token })).body;
    assert.equal(after.indexVersion, 0);
    assert.equal(after.fileCount, 0);
  });

  it('answers 413 for an oversized body, also when it is gzip-compressed', async () => {
    const project = await createProject(server, owner.token);
    const url = `/projects/${project.id}/contexts`;
    const big = JSON.stringify({ files: [{ path: 'big.txt', content: 'x'.repeat(300 * 1024) }] });
    const plain = await call(server, 'POST', url, { auth: owner.token, raw: big, headers: { 'content-type': 'application/json' } });
    assert.equal(plain.status, 413);
    assert.equal(errorBody(plain).code, 'PAYLOAD_TOO_LARGE');
    const compressed = gzipSync(big);
    assert.ok(compressed.length < 256 * 1024);
    const bomb = await call(server, 'POST', url, { auth: owner.token, raw: compressed, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    assert.equal(bomb.status, 413, 'the limit applies to the decompressed size');

    const small = gzipSync(JSON.stringify({ files: [SAMPLE_FILES[2]] }));
    const ok = await call(server, 'POST', url, { auth: owner.token, raw: small, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
    assert.equal(ok.status, 200, 'compressed uploads are accepted');
  });

  it('needs the writer role to ingest; readers can list and read', async () => {
    const project = await createProject(server, owner.token);
    const reader = await createUser(server, adminToken);
    await call(server, 'POST', `/projects/${project.id}/members`, { auth: owner.token, body: { email: reader.email, role: 'reader' } });
    await call(server, 'POST', `/projects/${project.id}/contexts`, { auth: owner.token, body: { files: SAMPLE_FILES } });
    const denied = await call(server, 'POST', `/projects/${project.id}/contexts`, { auth: reader.token, body: { files: SAMPLE_FILES } });
    assert.equal(denied.status, 403);
    const list = await call(server, 'GET', `/projects/${project.id}/contexts`, { auth: reader.token });
    assert.equal(list.status, 200);
    const other = await createProject(server, owner.token);
    const foreign = await call(server, 'GET', `/projects/${other.id}/contexts/${list.body.items[0].id}`, { auth: owner.token });
    assert.equal(foreign.status, 404, 'a context is only found under its own project');
  });

  it('keeps the index consistent under concurrent ingests of one project', async () => {
    const project = await createProject(server, owner.token);
    const url = `/projects/${project.id}/contexts`;
    const variants = Array.from({ length: 6 }, (_, i) => ({
      files: [
        { path: 'shared/state.ts', content: `export const version = ${i};\nexport function current${i}() { return version; }\n` },
        { path: `own/file${i}.ts`, content: `export function only${i}() { return ${i}; }\n` },
      ],
    }));
    const results = await Promise.all(variants.map((body) => call(server, 'POST', url, { auth: owner.token, body })));
    assert.deepEqual(results.map((r) => r.status), variants.map(() => 200));
    assert.deepEqual(results.map((r) => r.body.indexVersion).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6], 'each ingest committed alone');

    const list = (await call(server, 'GET', `${url}?limit=500`, { auth: owner.token })).body;
    const shared = list.items.filter((c: Context) => c.path === 'shared/state.ts');
    assert.equal(new Set(shared.map((c: Context) => c.fileHash)).size, 1, 'one version of the shared file, not a mix');
    const fetched = (await call(server, 'GET', `/projects/${project.id}`, { auth: owner.token })).body;
    assert.equal(fetched.fileCount, 7);
    assert.equal(fetched.contextCount, list.total);
  });

  it('stores the client’s vectors for chunks of the request and counts the others', async () => {
    const project = await createProject(server, owner.token);
    const hashOf = (content: string) => sha256(content);
    const file = { path: 'v.py', content: 'def vectorized():\n    return 1\n' };
    const first = (await call(server, 'POST', `/projects/${project.id}/contexts`, { auth: owner.token, body: { files: [file] } })).body;
    const chunk = (await call(server, 'GET', `/projects/${project.id}/contexts`, { auth: owner.token })).body.items[0];
    const res = await call(server, 'POST', `/projects/${project.id}/contexts`, {
      auth: owner.token,
      body: { files: [file], embeddings: { model: 'test-model-4', vectors: { [chunk.hash]: [1, 0, 0, 0], [hashOf('not sent')]: [0, 1, 0, 0] } } },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.vectorsStored, 1);
    assert.equal(res.body.vectorsUnmatched, 1);
    assert.ok(res.body.indexVersion > first.indexVersion);

    const mismatch = await call(server, 'POST', `/projects/${project.id}/contexts`, {
      auth: owner.token,
      body: { files: [file], embeddings: { model: 'test-model-4', vectors: { [chunk.hash]: [1, 0, 0] } } },
    });
    assert.equal(mismatch.status, 400);
    assert.equal(errorBody(mismatch).code, 'DIMENSION_MISMATCH');
    const mixed = await call(server, 'POST', `/projects/${project.id}/contexts`, {
      auth: owner.token,
      body: { files: [file], embeddings: { model: 'other-model', vectors: { [chunk.hash]: [1, 0], [hashOf('x')]: [1, 0, 0] } } },
    });
    assert.equal(mixed.status, 400);
    const badHash = await call(server, 'POST', `/projects/${project.id}/contexts`, {
      auth: owner.token,
      body: { files: [file], embeddings: { model: 'm', vectors: { 'not-a-hash': [1] } } },
    });
    assert.equal(badHash.status, 400);
  });
});
