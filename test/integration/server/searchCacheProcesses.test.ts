import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { SearchHit } from '../../../protocol/rest';
import { SAMPLE_FILES } from './sampleFiles';
import { ADMIN, call, createProject, createTestDatabase, login, REDIS_URL, startTestServer, type TestDatabase, type TestServer } from './harness';

// Two API processes over one database and one Redis, as in a deployment with several replicas:
// each keeps recent responses in memory, and neither may answer from it once the other has
// changed the index.
describe('server: search cache across API processes', () => {
  let db: TestDatabase;
  let first: TestServer & { stop(): Promise<void> };
  let second: TestServer & { stop(): Promise<void> };
  let token: string;
  let projectId: string;
  const prefix = `mobius-test-${randomBytes(4).toString('hex')}:`;

  before(async () => {
    db = await createTestDatabase();
    const shared = { redisKeyPrefix: prefix };
    first = await startTestServer(shared, {}, db);
    second = await startTestServer(shared, {}, db);
    token = await login(first, ADMIN.email, ADMIN.password);
    projectId = (await createProject(first, token)).id;
    assert.equal((await call(first, 'POST', `/projects/${projectId}/contexts`, { auth: token, body: { files: SAMPLE_FILES } })).status, 200);
  });

  after(async () => {
    await first?.stop();
    await second?.stop();
    await db?.drop();
  });

  const search = (server: TestServer, body: object) => call(server, 'POST', '/search', { auth: token, body });

  it('shares entries through Redis and answers repeats from memory', async () => {
    const body = { query: 'retry header', projectId, mode: 'keyword' };
    const computed = await search(first, body);
    assert.equal(computed.headers.get('x-cache'), 'MISS');
    const fromRedis = await search(second, body);
    assert.equal(fromRedis.headers.get('x-cache'), 'HIT', 'the other process finds the entry in Redis');
    // With the Redis entry gone, only the process's memory can answer.
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}search:*`);
    assert.ok(keys.length > 0);
    await redis.del(...keys);
    await redis.quit();
    const repeated = await search(second, body);
    assert.equal(repeated.headers.get('x-cache'), 'HIT', 'answered from the memory of the process');
    assert.deepEqual(repeated.body.results, computed.body.results);
    assert.ok(computed.body.results.every((r: SearchHit) => /^[0-9a-f]{64}$/.test(r.fileHash)));
  });

  it('recomputes in every process after an ingest through any of them', async () => {
    const body = { query: 'backoff attempt', projectId, mode: 'keyword' };
    await search(first, body);
    assert.equal((await search(first, body)).headers.get('x-cache'), 'HIT', 'held in the first process');

    const content = 'export function backoffAttemptCap(attempt: number) { return Math.min(attempt, 5); }\n';
    const ingest = await call(second, 'POST', `/projects/${projectId}/contexts`, { auth: token, body: { files: [{ path: 'src/cap.ts', content }] } });
    assert.equal(ingest.status, 200);

    const after = await search(first, body);
    assert.equal(after.headers.get('x-cache'), 'MISS', 'the index version changed: the memory entry is unreachable');
    const added = after.body.results.find((r: SearchHit) => r.name === 'backoffAttemptCap');
    assert.ok(added, 'the chunk ingested through the other process is found at once');
    assert.equal(added.fileHash, createHash('sha256').update(content).digest('hex'));
  });
});
