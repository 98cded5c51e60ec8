import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SearchResponse, type SearchHit } from '../../../protocol/rest';
import type { QueryEmbedder } from '../../../server/search/queryEmbedder';
import { SAMPLE_FILES } from './sampleFiles';
import { ADMIN, call, createProject, createUser, errorBody, login, startTestServer, type TestServer } from './harness';

const DIMENSION = 8;

/** A deterministic embedder for the provider hook: words hashed into a small bag-of-words vector. */
class WordHashEmbedder implements QueryEmbedder {
  readonly model = 'word-hash-8';
  calls = 0;
  async embed(text: string): Promise<number[]> {
    this.calls++;
    return wordVector(text);
  }
}

function wordVector(text: string): number[] {
  const v = new Array(DIMENSION).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    let h = 0;
    for (const ch of word) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    v[h % DIMENSION] += 1;
  }
  return v.some((x) => x !== 0) ? v : [1, ...new Array(DIMENSION - 1).fill(0)];
}

describe('server: search', () => {
  let server: TestServer & { stop(): Promise<void> };
  let embedder: WordHashEmbedder;
  let adminToken: string;
  let user: { id: string; email: string; token: string };
  let project: { id: string };
  let contexts: { id: string; name: string; hash: string; path: string; kind: string }[];

  const search = (body: object, token = user.token) => call<SearchResponse>(server, 'POST', '/search', { auth: token, body });

  before(async () => {
    embedder = new WordHashEmbedder();
    server = await startTestServer({}, { embedder });
    adminToken = await login(server, ADMIN.email, ADMIN.password);
    user = await createUser(server, adminToken);
    project = await createProject(server, user.token, 'searchable');
    const ingest = await call(server, 'POST', `/projects/${project.id}/contexts`, { auth: user.token, body: { files: SAMPLE_FILES } });
    assert.equal(ingest.status, 200, ingest.text);
    contexts = (await call(server, 'GET', `/projects/${project.id}/contexts?limit=500`, { auth: user.token })).body.items;
    // Vectors for the server's own embedder model, as a daemon with that provider would send.
    const vectors: Record<string, number[]> = {};
    for (const c of contexts) {
      const full = (await call(server, 'GET', `/projects/${project.id}/contexts/${c.id}`, { auth: user.token })).body;
      vectors[c.hash] = wordVector(full.content);
    }
    const withVectors = await call(server, 'POST', `/projects/${project.id}/contexts`, {
      auth: user.token,
      body: { files: SAMPLE_FILES, embeddings: { model: embedder.model, vectors } },
    });
    assert.equal(withVectors.body.vectorsStored, Object.keys(vectors).length);
  });

  after(() => server.stop());

  const byName = (name: string) => contexts.find((c) => c.name === name)!;

  it('finds identifiers by their words, the way the local engine splits them', async () => {
    const res = await search({ query: 'retry header', projectId: project.id, mode: 'keyword' });
    assert.equal(res.status, 200);
    const body = SearchResponse.parse(res.body);
    assert.deepEqual(body.legs, ['keyword']);
    assert.equal(body.results[0].name, 'parseRetryHeader');
    assert.ok(body.results[0].content.includes('parseRetryHeader'));
    assert.equal(body.results[0].keywordScore !== null, true);
    assert.equal(body.results[0].vectorScore, null);
    const sample = SAMPLE_FILES.find((f) => f.path === body.results[0].path)!;
    assert.equal(body.results[0].fileHash, createHash('sha256').update(sample.content).digest('hex'), 'the hit names the file version it came from');

    const snake = await search({ query: 'load report', projectId: project.id, mode: 'keyword' });
    assert.equal(snake.body.results[0].name, 'load_report');
  });

  it('puts the definition named exactly in the query first', async () => {
    const res = await search({ query: 'RetryPolicy', projectId: project.id, mode: 'keyword' });
    assert.equal(res.body.results[0].name, 'RetryPolicy');
    assert.equal(res.body.results[0].kind, 'class');
  });

  it('applies language, kind and path-glob filters', async () => {
    const py = await search({ query: 'report', projectId: project.id, language: 'python' });
    assert.ok(py.body.results.length > 0 && py.body.results.every((r: SearchHit) => r.language === 'python'));
    const classes = await search({ query: 'retry report', projectId: project.id, kind: 'class' });
    assert.ok(classes.body.results.length > 0 && classes.body.results.every((r: SearchHit) => r.kind === 'class'));
    const docs = await search({ query: 'retry', projectId: project.id, pathGlob: 'docs/**' });
    assert.ok(docs.body.results.length > 0 && docs.body.results.every((r: SearchHit) => r.path.startsWith('docs/')));
    const none = await search({ query: 'retry', projectId: project.id, pathGlob: 'nothing/**' });
    assert.deepEqual(none.body.results, []);
    const limited = await search({ query: 'retry report guide', projectId: project.id, limit: 2 });
    assert.equal(limited.body.results.length, 2);
  });

  it('searches by the client’s vector with cosine similarity and a score threshold', async () => {
    const target = byName('load_report');
    const full = (await call(server, 'GET', `/projects/${project.id}/contexts/${target.id}`, { auth: user.token })).body;
    const res = await search({ vector: wordVector(full.content), model: embedder.model, projectId: project.id, mode: 'vector' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.legs, ['vector']);
    assert.equal(res.body.results[0].name, 'load_report');
    assert.ok(Math.abs(res.body.results[0].vectorScore! - 1) < 1e-4, 'identical vector: similarity 1');
    const scores = res.body.results.map((r: SearchHit) => r.vectorScore!);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));

    const strict = await search({ vector: wordVector(full.content), model: embedder.model, projectId: project.id, mode: 'vector', scoreThreshold: 0.9999 });
    assert.ok(strict.body.results.length >= 1);
    assert.ok(strict.body.results.every((r: SearchHit) => r.vectorScore! >= 0.9999));
    assert.ok(strict.body.results.length < res.body.results.length);
  });

  it('embeds the query with the server’s provider when no vector is sent, and fuses both legs', async () => {
    const before = embedder.calls;
    const res = await search({ query: 'json report summary', projectId: project.id });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.legs, ['keyword', 'vector']);
    assert.equal(embedder.calls, before + 1);
    const top = res.body.results[0] as SearchHit;
    assert.ok(top.keywordScore !== null && top.vectorScore !== null, 'the top result was found by both legs');
    const scores = res.body.results.map((r: SearchHit) => r.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
    assert.ok(scores[0] <= 1 && scores[0] > 0);
  });

  it('caches results per index version and recomputes after an ingest', async () => {
    const body = { query: 'backoff attempt', projectId: project.id };
    const first = await search(body);
    assert.equal(first.headers.get('x-cache'), 'MISS');
    const calls = embedder.calls;
    const second = await search(body);
    assert.equal(second.headers.get('x-cache'), 'HIT');
    assert.equal(second.body.cached, true);
    assert.deepEqual(second.body.results, first.body.results);
    assert.equal(embedder.calls, calls, 'a cache hit does not call the embedding provider');

    const added = await call(server, 'POST', `/projects/${project.id}/contexts`, {
      auth: user.token,
      body: { files: [{ path: 'src/backoff.ts', content: 'export function backoffAttempt(attempt: number) { return attempt * 2; }\n' }] },
    });
    assert.equal(added.status, 200);
    const third = await search(body);
    assert.equal(third.headers.get('x-cache'), 'MISS');
    assert.ok(third.body.results.some((r: SearchHit) => r.name === 'backoffAttempt'), 'the new chunk is found at once');
  });

  it('searches every project of the caller when none is named, and no one else’s', async () => {
    const other = await createUser(server, adminToken);
    const theirs = await createProject(server, other.token);
    await call(server, 'POST', `/projects/${theirs.id}/contexts`, { auth: other.token, body: { files: [{ path: 'secret.ts', content: 'export function parseRetryHeaderSecretly() {}\n' }] } });
    const mine = await createProject(server, user.token);
    await call(server, 'POST', `/projects/${mine.id}/contexts`, { auth: user.token, body: { files: [{ path: 'second.ts', content: 'export function parseRetryHeaderAgain() {}\n' }] } });

    const res = await search({ query: 'parse retry header', mode: 'keyword', limit: 50 });
    const projects = new Set(res.body.results.map((r: SearchHit) => r.projectId));
    assert.deepEqual([...projects].sort(), [project.id, mine.id].sort());
    assert.ok(!res.body.results.some((r: SearchHit) => r.name === 'parseRetryHeaderSecretly'));
    const denied = await search({ query: 'parse', projectId: theirs.id });
    assert.equal(denied.status, 404);
    const outsider = await search({ query: 'parse retry header', mode: 'keyword' }, other.token);
    assert.ok(outsider.body.results.every((r: SearchHit) => r.projectId === theirs.id));
  });

  it('explains what is wrong with a bad search', async () => {
    const cases: [object, number, string][] = [
      [{}, 400, 'VALIDATION_FAILED'],
      [{ query: '   ' }, 400, 'VALIDATION_FAILED'],
      [{ vector: [1, 2, 3] }, 400, 'VALIDATION_FAILED'],
      [{ query: 'x', limit: 1000 }, 400, 'VALIDATION_FAILED'],
      [{ query: 'x', projectId: 'nope' }, 400, 'VALIDATION_FAILED'],
      [{ query: 'x', unknown: true }, 400, 'VALIDATION_FAILED'],
      [{ vector: [1, 0], model: 'never-stored' }, 400, 'UNKNOWN_MODEL'],
      [{ vector: [1, 0, 0], model: embedder.model }, 400, 'DIMENSION_MISMATCH'],
      [{ query: 'x', model: 'another-model', mode: 'vector' }, 400, 'EMBEDDER_UNAVAILABLE'],
      [{ vector: new Array(DIMENSION).fill(1), model: embedder.model, mode: 'keyword' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const res = await search({ projectId: project.id, ...body });
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal(errorBody(res).code, code, JSON.stringify(body));
    }
  });
});
