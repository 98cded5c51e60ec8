import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiKey, CreatedApiKey, LoginResponse, Me, User } from '../../../protocol/rest';
import { AccessTokens } from '../../../server/auth/accessTokens';
import { ADMIN, call, createUser, errorBody, login, startTestServer, TEST_SECRET, type TestServer } from './harness';

describe('server: authentication, users and API keys', () => {
  let server: TestServer & { stop(): Promise<void> };
  let adminToken: string;

  before(async () => {
    server = await startTestServer();
    adminToken = await login(server, ADMIN.email, ADMIN.password);
  });

  after(() => server.stop());

  describe('login', () => {
    it('returns a bearer token with its expiry for the right password', async () => {
      const res = await call(server, 'POST', '/auth/login', { body: { email: ADMIN.email.toUpperCase(), password: ADMIN.password } });
      assert.equal(res.status, 200);
      const body = LoginResponse.parse(res.body);
      assert.equal(body.tokenType, 'Bearer');
      assert.ok(body.expiresIn > 3500 && body.expiresIn <= 3600);
      const me = await call(server, 'GET', '/auth/me', { auth: body.accessToken });
      assert.equal(me.status, 200);
      assert.deepEqual(Me.parse(me.body).authenticatedWith, 'token');
      assert.equal(me.body.user.email, ADMIN.email);
      assert.equal(me.body.user.isAdmin, true);
    });

    it('refuses a wrong password and an unknown email with the same answer', async () => {
      const wrong = await call(server, 'POST', '/auth/login', { body: { email: ADMIN.email, password: 'not the password' } });
      const unknown = await call(server, 'POST', '/auth/login', { body: { email: 'nobody@example.com', password: 'whatever-password' } });
      for (const res of [wrong, unknown]) {
        assert.equal(res.status, 401);
        assert.equal(errorBody(res).code, 'INVALID_CREDENTIALS');
      }
      assert.equal(wrong.body.message, unknown.body.message);
    });

    it('stores passwords with argon2id, never in clear', async () => {
      const client = new Client(server.db.url);
      await client.connect();
      const { rows } = await client.query('SELECT password_hash FROM users WHERE email = $1', [ADMIN.email]);
      await client.end();
      assert.match(rows[0].password_hash, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
      assert.ok(!rows[0].password_hash.includes(ADMIN.password));
    });

    it('rejects malformed login bodies with field details', async () => {
      const res = await call(server, 'POST', '/auth/login', { body: { email: 'not-an-email', password: '', extra: 1 } });
      assert.equal(res.status, 400);
      const body = errorBody(res);
      assert.equal(body.code, 'VALIDATION_FAILED');
      const paths = res.body.details.map((d: { path: string }) => d.path);
      assert.ok(paths.includes('body.email'));
      assert.ok(paths.includes('body.password'));
      assert.ok(res.body.details.some((d: { message: string }) => d.message.includes('extra')));
    });
  });

  describe('tokens', () => {
    it('requires credentials on every endpoint but health and login', async () => {
      for (const [method, path] of [['GET', '/auth/me'], ['GET', '/projects'], ['POST', '/search'], ['GET', '/api-keys'], ['GET', `/jobs/${randomUUID()}`]]) {
        const res = await call(server, method, path, method === 'POST' ? { body: { query: 'x' } } : {});
        assert.equal(res.status, 401, `${method} ${path}`);
        assert.equal(errorBody(res).code, 'AUTH_REQUIRED');
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      }
    });

    it('rejects an expired token', async () => {
      const me = await call(server, 'GET', '/auth/me', { auth: adminToken });
      const issuer = new AccessTokens(TEST_SECRET, 60);
      const { token } = await issuer.issue(me.body.user.id, new Date(Date.now() - 3600_000));
      const res = await call(server, 'GET', '/auth/me', { auth: token });
      assert.equal(res.status, 401);
      assert.equal(errorBody(res).code, 'TOKEN_EXPIRED');
    });

    it('rejects forged tokens: other secret, tampered payload, alg none, garbage', async () => {
      const me = await call(server, 'GET', '/auth/me', { auth: adminToken });
      const otherSecret = (await new AccessTokens('another-secret-of-at-least-32-characters!', 60).issue(me.body.user.id)).token;
      const [header, payload, signature] = adminToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const tampered = [header, Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url'), signature].join('.');
      const none = [Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url'), payload, ''].join('.');
      for (const token of [otherSecret, tampered, none, 'not-a-jwt']) {
        const res = await call(server, 'GET', '/auth/me', { auth: token });
        assert.equal(res.status, 401, token);
        assert.equal(errorBody(res).code, 'INVALID_TOKEN');
      }
      const scheme = await call(server, 'GET', '/auth/me', { headers: { authorization: `Basic ${adminToken}` } });
      assert.equal(scheme.status, 401);
      assert.equal(errorBody(scheme).code, 'INVALID_TOKEN');
    });

    it('rejects a well-signed token of a user that does not exist', async () => {
      const { token } = await new AccessTokens(TEST_SECRET, 60).issue(randomUUID());
      const res = await call(server, 'GET', '/auth/me', { auth: token });
      assert.equal(res.status, 401);
      assert.equal(errorBody(res).code, 'INVALID_TOKEN');
    });
  });

  describe('users', () => {
    it('lets an administrator create users, who can then log in', async () => {
      const res = await call(server, 'POST', '/users', { auth: adminToken, body: { email: 'New.Person@Example.com', password: 'a long enough password' } });
      assert.equal(res.status, 201);
      const user = User.parse(res.body);
      assert.equal(user.email, 'new.person@example.com');
      assert.equal(user.isAdmin, false);
      assert.ok(await login(server, 'new.person@example.com', 'a long enough password'));
    });

    it('refuses a duplicate email (any case), short passwords and non-administrators', async () => {
      const dup = await call(server, 'POST', '/users', { auth: adminToken, body: { email: ADMIN.email.toUpperCase(), password: 'another long password' } });
      assert.equal(dup.status, 409);
      assert.equal(errorBody(dup).code, 'EMAIL_TAKEN');
      const short = await call(server, 'POST', '/users', { auth: adminToken, body: { email: 'short@example.com', password: 'short' } });
      assert.equal(short.status, 400);
      assert.match(short.body.message, /at least 12 characters/);
      const regular = await createUser(server, adminToken);
      const forbidden = await call(server, 'POST', '/users', { auth: regular.token, body: { email: 'x@example.com', password: 'a long enough password' } });
      assert.equal(forbidden.status, 403);
      assert.equal(errorBody(forbidden).code, 'FORBIDDEN');
    });
  });

  describe('API keys', () => {
    it('creates an mbx_ key shown once, stored hashed, usable as a bearer or X-API-Key', async () => {
      const user = await createUser(server, adminToken);
      const res = await call(server, 'POST', '/api-keys', { auth: user.token, body: { name: 'laptop daemon' } });
      assert.equal(res.status, 201);
      const created = CreatedApiKey.parse(res.body);
      assert.match(created.key, /^mbx_[A-Za-z0-9_-]{43}$/);
      assert.ok(created.key.startsWith(created.displayPrefix));
      assert.equal(created.lastUsedAt, null);

      const list = await call(server, 'GET', '/api-keys', { auth: user.token });
      assert.equal(list.status, 200);
      const listed = ApiKey.array().parse(list.body.items);
      assert.equal(listed.length, 1);
      assert.ok(!JSON.stringify(list.body).includes(created.key), 'the secret is never listed again');

      const client = new Client(server.db.url);
      await client.connect();
      const { rows } = await client.query('SELECT key_hash FROM api_keys WHERE id = $1', [created.id]);
      await client.end();
      assert.equal(rows[0].key_hash.length, 32);
      assert.ok(!rows[0].key_hash.toString('latin1').includes(created.key));

      const viaBearer = await call(server, 'GET', '/auth/me', { auth: created.key });
      assert.equal(viaBearer.status, 200);
      assert.equal(viaBearer.body.authenticatedWith, 'api-key');
      assert.equal(viaBearer.body.apiKeyId, created.id);
      assert.equal(viaBearer.body.user.id, user.id);
      const viaHeader = await call(server, 'GET', '/auth/me', { headers: { 'x-api-key': created.key } });
      assert.equal(viaHeader.status, 200);

      const after = await call(server, 'GET', '/api-keys', { auth: user.token });
      assert.ok(after.body.items[0].lastUsedAt, 'last use is recorded');
    });

    it('refuses a revoked key, an unknown key and an expired key', async () => {
      const user = await createUser(server, adminToken);
      const created = (await call(server, 'POST', '/api-keys', { auth: user.token, body: { name: 'ci', expiresInDays: 30 } })).body;
      assert.ok(created.expiresAt);
      assert.equal((await call(server, 'GET', '/auth/me', { auth: created.key })).status, 200);

      const revoked = await call(server, 'DELETE', `/api-keys/${created.id}`, { auth: user.token });
      assert.equal(revoked.status, 204);
      const after = await call(server, 'GET', '/auth/me', { auth: created.key });
      assert.equal(after.status, 401);
      assert.equal(errorBody(after).code, 'API_KEY_REVOKED');
      const listed = (await call(server, 'GET', '/api-keys', { auth: user.token })).body.items[0];
      assert.ok(listed.revokedAt);

      const unknown = await call(server, 'GET', '/auth/me', { auth: `mbx_${'A'.repeat(43)}` });
      assert.equal(unknown.status, 401);
      assert.equal(errorBody(unknown).code, 'INVALID_API_KEY');

      const expiring = (await call(server, 'POST', '/api-keys', { auth: user.token, body: { name: 'old' } })).body;
      const client = new Client(server.db.url);
      await client.connect();
      await client.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
      await client.end();
      const expired = await call(server, 'GET', '/auth/me', { auth: expiring.key });
      assert.equal(expired.status, 401);
      assert.equal(errorBody(expired).code, 'API_KEY_EXPIRED');
    });

    it("cannot revoke another user's key (404) and validates the key id", async () => {
      const owner = await createUser(server, adminToken);
      const other = await createUser(server, adminToken);
      const key = (await call(server, 'POST', '/api-keys', { auth: owner.token, body: { name: 'mine' } })).body;
      const res = await call(server, 'DELETE', `/api-keys/${key.id}`, { auth: other.token });
      assert.equal(res.status, 404);
      assert.equal(errorBody(res).code, 'NOT_FOUND');
      assert.equal((await call(server, 'GET', '/auth/me', { auth: key.key })).status, 200);
      const bad = await call(server, 'DELETE', '/api-keys/not-a-uuid', { auth: owner.token });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.details[0].path, 'params.id');
    });
  });
});
