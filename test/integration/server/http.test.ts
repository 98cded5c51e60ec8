import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../../server/logger';
import { ADMIN, call, errorBody, login, startTestServer, type TestServer } from './harness';

describe('server: HTTP behaviour', () => {
  let server: TestServer & { stop(): Promise<void> };
  const logLines: Record<string, unknown>[] = [];

  before(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    server = await startTestServer({}, { logger: createLogger('info', sink) });
  });

  after(() => server.stop());

  it('sends security headers and hides the framework', async () => {
    const res = await call(server, 'GET', '/health');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.equal(res.headers.get('x-powered-by'), null);
  });

  it('allows cross-origin calls only from CORS_ORIGINS', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/v1/projects`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const allowed = await preflight('https://allowed.example');
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://allowed.example');
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /authorization/i);
    const denied = await preflight('https://evil.example');
    assert.equal(denied.headers.get('access-control-allow-origin'), null);
    const simple = await fetch(`${server.url}/api/v1/health`, { headers: { origin: 'https://allowed.example' } });
    assert.match(simple.headers.get('access-control-expose-headers') ?? '', /X-Request-Id/);
  });

  it('compresses large responses with gzip', async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.equal((await res.json()).openapi, '3.1.0');
  });

  it('gives every request an id, in the response, in errors and in the logs', async () => {
    const generated = await call(server, 'GET', '/projects');
    const id = generated.headers.get('x-request-id')!;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(errorBody(generated).requestId, id);

    const traced = await call(server, 'GET', '/health', { headers: { 'x-request-id': 'trace-abc.123' } });
    assert.equal(traced.headers.get('x-request-id'), 'trace-abc.123');
    const hostile = await call(server, 'GET', '/health', { headers: { 'x-request-id': 'a b\tc<script>' } });
    assert.notEqual(hostile.headers.get('x-request-id'), 'a b\tc<script>');

    await new Promise((r) => setTimeout(r, 50));
    const line = logLines.find((l) => l.requestId === id);
    assert.ok(line, 'the request is logged with its id');
    assert.equal(line.msg, 'request');
    assert.equal(line.status, 401);
    assert.equal(line.method, 'GET');
    assert.equal(line.path, '/api/v1/projects');
    assert.equal(typeof line.durationMs, 'number');
    assert.equal(typeof line.time, 'string');
  });

  it('never logs passwords or tokens', async () => {
    const token = await login(server, ADMIN.email, ADMIN.password);
    await call(server, 'GET', '/auth/me', { auth: token });
    await new Promise((r) => setTimeout(r, 50));
    const text = JSON.stringify(logLines);
    assert.ok(!text.includes(ADMIN.password));
    assert.ok(!text.includes(token));
  });

  it('answers unknown routes and methods with the error shape', async () => {
    const res = await call(server, 'GET', '/nothing/here');
    assert.equal(res.status, 404);
    assert.equal(errorBody(res).code, 'NOT_FOUND');
    const outside = await fetch(`${server.url}/elsewhere`);
    assert.equal(outside.status, 404);
    assert.equal((await outside.json()).code, 'NOT_FOUND');
  });

  it('serves liveness and readiness without credentials', async () => {
    const live = await call(server, 'GET', '/health');
    assert.equal(live.status, 200);
    assert.equal(live.body.status, 'ok');
    assert.equal(live.body.version, 'test');
    const ready = await call(server, 'GET', '/health/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(Object.keys(ready.body.checks).sort(), ['postgres', 'redis']);
    assert.equal(ready.body.checks.postgres.ok, true);
    assert.equal(ready.body.checks.redis.ok, true);
  });
});
