import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { freePort } from '../../support/freePort';
import { SAMPLE_FILES } from './sampleFiles';
import { ADMIN, call, createProject, errorBody, login, startTestServer, type TestServer } from './harness';

/** A private redis-server for this test, so stopping it leaves the machine's Redis alone. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined);
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return child;
    } catch {
      await sleep(50);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}`);
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('server: Redis stopped mid-test', function () {
  let port: number;
  let redis: ChildProcess;
  let server: TestServer & { stop(): Promise<void> };
  let token: string;
  let projectId: string;

  before(async () => {
    port = await freePort();
    redis = await startRedis(port);
    server = await startTestServer({
      redisUrl: `redis://127.0.0.1:${port}`,
      rateLimits: { keyPerMinute: 5, keyPerHour: 1000, ipPerMinute: 1000, ipPerHour: 1000, loginPerMinute: 1000 },
    });
    token = await login(server, ADMIN.email, ADMIN.password);
    const project = await createProject(server, token);
    projectId = project.id;
    assert.equal((await call(server, 'POST', `/projects/${projectId}/contexts`, { auth: token, body: { files: SAMPLE_FILES } })).status, 200);
  });

  after(async () => {
    await server?.stop();
    if (redis) await stopRedis(redis);
  });

  it('uses Redis while it runs: cache hits, jobs accepted', async () => {
    const body = { query: 'retry policy', projectId };
    assert.equal((await call(server, 'POST', '/search', { auth: token, body })).headers.get('x-cache'), 'MISS');
    assert.equal((await call(server, 'POST', '/search', { auth: token, body })).headers.get('x-cache'), 'HIT');
    const job = await call(server, 'POST', `/projects/${projectId}/ingest-jobs`, { auth: token, body: { files: SAMPLE_FILES } });
    assert.equal(job.status, 202);
  });

  it('keeps answering without Redis: limits fail open, cache bypassed, jobs 503, readiness degraded', async () => {
    await stopRedis(redis);

    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call(server, 'GET', '/projects', { auth: token })).status);
    assert.deepEqual(statuses, new Array(12).fill(200), 'past the limit of 5 per minute: rate limiting fails open');
    assert.ok(Date.now() - started < 5000, 'no request waits for Redis');

    const body = { query: 'report writer', projectId };
    const first = await call(server, 'POST', '/search', { auth: token, body });
    const second = await call(server, 'POST', '/search', { auth: token, body });
    assert.equal(first.status, 200);
    assert.ok(first.body.results.length > 0);
    assert.equal(second.headers.get('x-cache'), 'MISS', 'the cache is bypassed');
    assert.deepEqual(second.body.results, first.body.results);

    const ingest = await call(server, 'POST', `/projects/${projectId}/contexts`, {
      auth: token,
      body: { files: [{ path: 'during/outage.ts', content: 'export function writtenDuringOutage() {}\n' }] },
    });
    assert.equal(ingest.status, 200, 'synchronous ingest needs only PostgreSQL');

    const job = await call(server, 'POST', `/projects/${projectId}/ingest-jobs`, { auth: token, body: { files: SAMPLE_FILES } });
    assert.equal(job.status, 503);
    assert.equal(errorBody(job).code, 'JOBS_UNAVAILABLE');
    assert.equal(job.headers.get('retry-after'), '5');

    const ready = await call(server, 'GET', '/health/ready');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.status, 'ready');
    assert.equal(ready.body.checks.postgres.ok, true);
    assert.equal(ready.body.checks.redis.ok, false);
    assert.ok(ready.body.checks.redis.error);

    assert.ok(await login(server, ADMIN.email, ADMIN.password), 'login works');
  });

  it('recovers by itself when Redis is back', async () => {
    redis = await startRedis(port);
    const body = { query: 'guide limits', projectId };
    let cache: string | null = null;
    for (let i = 0; i < 50 && cache !== 'HIT'; i++) {
      await sleep(100);
      cache = (await call(server, 'POST', '/search', { auth: token, body })).headers.get('x-cache');
    }
    assert.equal(cache, 'HIT', 'caching resumes after the reconnect');
    const job = await call(server, 'POST', `/projects/${projectId}/ingest-jobs`, { auth: token, body: { files: SAMPLE_FILES } });
    assert.equal(job.status, 202);
    let limited = false;
    for (let i = 0; i < 10 && !limited; i++) limited = (await call(server, 'GET', '/projects', { auth: token })).status === 429;
    assert.ok(limited, 'rate limits apply again');
  });
});
