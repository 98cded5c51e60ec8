import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN, call, createUser, errorBody, login, startTestServer, type TestServer } from './harness';

type Server = TestServer & { stop(): Promise<void> };

/** Windows are aligned to the clock: start a burst well inside one, so none resets mid-test. */
async function awayFromWindowEdge(seconds = 60): Promise<void> {
  const left = seconds - ((Date.now() / 1000) % seconds);
  if (left < 3) await sleep(left * 1000 + 100);
}

describe('server: rate limits', () => {
  describe('per API key and user', () => {
    let server: Server;
    before(async () => {
      server = await startTestServer({ rateLimits: { keyPerMinute: 3, keyPerHour: 1000, ipPerMinute: 1000, ipPerHour: 1000, loginPerMinute: 1000 } });
    });
    after(() => server.stop());

    it('answers 429 with Retry-After after the per-minute budget, per key', async () => {
      await awayFromWindowEdge();
      const admin = await login(server, ADMIN.email, ADMIN.password);
      const user = await createUser(server, admin);
      const key = (await call(server, 'POST', '/api-keys', { auth: user.token, body: { name: 'limited' } })).body.key;
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 4; i++) {
        last = await call(server, 'GET', '/projects', { auth: key });
        statuses.push(last.status);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      assert.equal(errorBody(last!).code, 'RATE_LIMITED');
      const retryAfter = Number(last!.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(last!.headers.get('ratelimit-remaining'), '0');
      assert.equal(last!.headers.get('ratelimit-limit'), '3');

      const otherKey = (await call(server, 'POST', '/api-keys', { auth: user.token, body: { name: 'second' } }));
      assert.equal(otherKey.status, 201, 'the login token of the same user has its own budget');
      assert.equal((await call(server, 'GET', '/projects', { auth: otherKey.body.key })).status, 200, 'another key is not limited');
    });
  });

  describe('per hour', () => {
    let server: Server;
    before(async () => {
      server = await startTestServer({ rateLimits: { keyPerMinute: 1000, keyPerHour: 2, ipPerMinute: 1000, ipPerHour: 1000, loginPerMinute: 1000 } });
    });
    after(() => server.stop());

    it('enforces the hourly window too, with a Retry-After up to an hour', async () => {
      const admin = await login(server, ADMIN.email, ADMIN.password);
      await awayFromWindowEdge(3600);
      assert.equal((await call(server, 'GET', '/auth/me', { auth: admin })).status, 200);
      assert.equal((await call(server, 'GET', '/auth/me', { auth: admin })).status, 200);
      const limited = await call(server, 'GET', '/auth/me', { auth: admin });
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) <= 3600);
    });
  });

  describe('per IP address', () => {
    let server: Server;
    before(async () => {
      server = await startTestServer({ rateLimits: { keyPerMinute: 1000, keyPerHour: 1000, ipPerMinute: 5, ipPerHour: 1000, loginPerMinute: 1000 } });
    });
    after(() => server.stop());

    it('limits every caller from one address, authenticated or not, but never the health probes', async () => {
      await awayFromWindowEdge();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await call(server, 'GET', '/projects')).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
      for (let i = 0; i < 3; i++) {
        assert.equal((await call(server, 'GET', '/health')).status, 200);
        assert.equal((await call(server, 'GET', '/health/ready')).status, 200);
      }
    });
  });

  describe('login attempts', () => {
    let server: Server;
    before(async () => {
      server = await startTestServer({ rateLimits: { keyPerMinute: 1000, keyPerHour: 1000, ipPerMinute: 1000, ipPerHour: 1000, loginPerMinute: 3 } });
    });
    after(() => server.stop());

    it('slows password guessing: a few attempts per minute per address', async () => {
      await awayFromWindowEdge();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await call(server, 'POST', '/auth/login', { body: { email: ADMIN.email, password: `guess-${i}` } })).status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 429]);
      const correct = await call(server, 'POST', '/auth/login', { body: ADMIN });
      assert.equal(correct.status, 429, 'even the right password waits for the window');
    });
  });
});
