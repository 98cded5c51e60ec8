// Shared fixtures of the server's integration tests: a throwaway database on the machine's
// PostgreSQL, the real Redis, and a real server listening on a free port.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import type { ServerConfig } from '../../../server/config';
import { runMigrations, startServer, type RunningServer, type StartOptions } from '../../../server/main';

export const PG_ADMIN_URL = process.env.MOBIUS_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.MOBIUS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const SILENT = pino({ level: 'silent' });

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database `mobius_test_<random>`, migrated unless `migrate` is false. */
export async function createTestDatabase(migrate = true): Promise<TestDatabase> {
  const name = `mobius_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client(PG_ADMIN_URL);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrl(name);
  const drop = async () => {
    const client = new Client(PG_ADMIN_URL);
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  };
  try {
    if (migrate) await runMigrations({ databaseUrl: url, logLevel: 'silent' }, SILENT);
  } catch (err) {
    // A failed migration (pgvector missing, say) must not leave a database behind for every test that tried.
    await drop();
    throw err;
  }
  return { url, drop };
}

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const ADMIN = { email: 'admin@example.com', password: 'admin-password-123' };

export function testConfig(databaseUrl: string, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    databaseUrl,
    redisUrl: REDIS_URL,
    // Each server gets its own key space, so tests never share rate-limit counters or caches.
    redisKeyPrefix: `mobius-test-${randomBytes(4).toString('hex')}:`,
    qdrant: null,
    jwtSecret: TEST_SECRET,
    accessTokenTtlSeconds: 3600,
    admin: ADMIN,
    host: '127.0.0.1',
    port: 0,
    trustProxy: false,
    corsOrigins: ['https://allowed.example'],
    maxBodyBytes: 2 * 1024 * 1024,
    syncMaxBodyBytes: 64 * 1024 * 1024,
    rateLimits: { keyPerMinute: 100_000, keyPerHour: 1_000_000, ipPerMinute: 100_000, ipPerHour: 1_000_000, loginPerMinute: 1000 },
    searchCacheTtlSeconds: 60,
    jobTtlSeconds: 600,
    jobConcurrency: 1,
    parseWorkers: 1,
    dbPoolMax: 10,
    migrateOnStart: false,
    shutdownTimeoutMs: 5000,
    logLevel: 'silent',
    ...overrides,
  };
}

export interface TestServer extends RunningServer {
  db: TestDatabase;
  config: ServerConfig;
}

/** A migrated database and a server over it; `stop` closes the server and drops the database. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}, options: StartOptions = {}, db?: TestDatabase): Promise<TestServer & { stop(): Promise<void> }> {
  const database = db ?? (await createTestDatabase());
  const config = testConfig(database.url, overrides);
  const running = await startServer(config, { logger: SILENT, version: 'test', ...options });
  return {
    ...running,
    db: database,
    config,
    stop: async () => {
      await running.close();
      if (!db) await database.drop();
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  auth?: string;
  body?: unknown;
  /** Sent as-is instead of JSON-encoding `body`. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/** One HTTP call to the API (path below /api/v1), parsing a JSON answer. */
export async function call<T = any>(server: { url: string }, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.auth) headers.authorization = `Bearer ${options.auth}`;
  let body: string | Buffer | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  // Node's fetch sends a Buffer as is; only the DOM typings lack it.
  const response = await fetch(`${server.url}/api/v1${path}`, { method, headers, body: body as BodyInit | undefined });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text && (response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

export async function login(server: { url: string }, email: string, password: string): Promise<string> {
  const res = await call(server, 'POST', '/auth/login', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return res.body.accessToken as string;
}

let userCounter = 0;

/** A new user created by the admin, logged in. */
export async function createUser(server: { url: string }, adminToken: string, isAdmin = false): Promise<{ id: string; email: string; token: string }> {
  const email = `user${++userCounter}-${randomBytes(3).toString('hex')}@example.com`;
  const password = 'correct horse battery staple';
  const res = await call(server, 'POST', '/users', { auth: adminToken, body: { email, password, isAdmin } });
  if (res.status !== 201) throw new Error(`user creation failed: ${res.status} ${res.text}`);
  return { id: res.body.id, email, token: await login(server, email, password) };
}

export async function createProject(server: { url: string }, token: string, name = `project-${randomBytes(3).toString('hex')}`): Promise<any> {
  const res = await call(server, 'POST', '/projects', { auth: token, body: { name } });
  if (res.status !== 201) throw new Error(`project creation failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Asserts the uniform error shape and returns the body. */
export function errorBody(res: ApiResponse): { status: number; code: string; message: string; requestId: string } {
  const b = res.body;
  if (!b || b.status !== res.status || typeof b.code !== 'string' || typeof b.message !== 'string' || typeof b.requestId !== 'string') {
    throw new Error(`not an error body: ${res.status} ${res.text}`);
  }
  return b;
}
