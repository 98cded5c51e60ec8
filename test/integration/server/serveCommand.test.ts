import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, REDIS_URL, TEST_SECRET, type TestDatabase } from './harness';

const ROOT = path.join(__dirname, '../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `serveCommand` as `mobius serve` would, in its own process. */
function serve(args: object, env: Record<string, string>, whileRunning?: (child: ReturnType<typeof spawn>, output: () => string) => Promise<void>): Promise<Run> {
  const script = `require('./server/main').serveCommand(${JSON.stringify(args)}).then((code) => process.exit(code))`;
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, env: { PATH: process.env.PATH!, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<Run>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return (async () => {
    if (whileRunning) await whileRunning(child, () => stdout);
    return exited;
  })();
}

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('server: `mobius serve` command', () => {
  let db: TestDatabase;
  let env: Record<string, string>;

  before(async () => {
    db = await createTestDatabase(false);
    env = { DATABASE_URL: db.url, REDIS_URL, JWT_SECRET: TEST_SECRET, PORT: '0', LOG_LEVEL: 'info', REDIS_KEY_PREFIX: `serve-test-${process.pid}:` };
  });

  after(() => db.drop());

  it('exits with code 2 and names the bad variables when the environment is invalid', async () => {
    const run = await serve({}, { REDIS_URL: 'nope', JWT_SECRET: 'short' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /DATABASE_URL is required/);
    assert.match(run.stderr, /REDIS_URL must be a URL/);
    assert.match(run.stderr, /JWT_SECRET must be at least 32 characters/);
  });

  it('refuses to serve an unmigrated database, and says how to fix it', async () => {
    const run = await serve({}, env);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /mobius serve --migrate/);
  });

  it('--migrate-only applies the migrations and exits 0', async () => {
    const run = await serve({ migrateOnly: true }, env);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.msg === 'migrations applied' && l.applied.length === 2));
    const client = new Client(db.url);
    await client.connect();
    const { rows } = await client.query(`SELECT to_regclass('contexts') IS NOT NULL AS ok`);
    await client.end();
    assert.equal(rows[0].ok, true);
  });

  it('serves until SIGTERM, then shuts down gracefully with code 0', async () => {
    let url = '';
    const run = await serve({ migrate: true }, { ...env, ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'a long admin password' }, async (child, output) => {
      await waitFor(() => output().includes('Mobius server listening'));
      url = JSON.parse(output().split('\n').find((l) => l.includes('Mobius server listening'))!).url;
      const health = await fetch(`${url}/api/v1/health`);
      assert.equal(health.status, 200);
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'root@example.com', password: 'a long admin password' }),
      });
      assert.equal(login.status, 200, 'the administrator account was created from the environment');
      child.kill('SIGTERM');
    });
    assert.equal(run.code, 0, run.stderr);
    const messages = run.stdout.trim().split('\n').map((l) => JSON.parse(l).msg);
    assert.ok(messages.includes('database schema is up to date'));
    assert.ok(messages.includes('created the administrator account'));
    assert.ok(messages.includes('signal received'));
    assert.equal(messages.at(-1), 'shut down');
  });
});
