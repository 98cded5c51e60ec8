import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { ADMIN, call, createProject, login, PG_ADMIN_URL, startTestServer } from './harness';

function files(count: number, tag: string) {
  return Array.from({ length: count }, (_, i) => ({
    path: `src/${tag}/file${i}.ts`,
    content: `export function ${tag}Worker${i}(items: number[]): number {\n  return items.reduce((sum, item) => sum + item * ${i}, 0);\n}\n`.repeat(4),
  }));
}

async function serverConnections(database: string): Promise<number> {
  const client = new Client(PG_ADMIN_URL);
  await client.connect();
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'mobius-server'`, [database]);
  await client.end();
  return rows[0].n;
}

describe('server: graceful shutdown', () => {
  it('finishes in-flight requests and running jobs, refuses new ones, and closes its pools', async () => {
    const server = await startTestServer({ maxBodyBytes: 16 * 1024 * 1024, shutdownTimeoutMs: 30_000 });
    const database = new URL(server.db.url).pathname.slice(1);
    try {
      const token = await login(server, ADMIN.email, ADMIN.password);
      const project = await createProject(server, token);
      const job = await call(server, 'POST', `/projects/${project.id}/ingest-jobs`, { auth: token, body: { files: files(300, 'job') } });
      assert.equal(job.status, 202);
      const inFlight = call(server, 'POST', `/projects/${project.id}/contexts`, { auth: token, body: { files: files(600, 'sync') } });
      await sleep(150);
      assert.ok((await serverConnections(database)) > 0);

      await server.close();

      const answered = await inFlight;
      assert.equal(answered.status, 200, 'the request in flight during shutdown completed');
      assert.equal(answered.body.filesChanged, 600);
      await assert.rejects(fetch(`${server.url}/api/v1/health`), 'new connections are refused');
      assert.equal(await serverConnections(database), 0, 'the PostgreSQL pool is closed');

      const check = new Client(server.db.url);
      await check.connect();
      const { rows } = await check.query('SELECT count(*)::int AS n FROM project_files WHERE project_id = $1', [project.id]);
      await check.end();
      assert.equal(rows[0].n, 900, 'the queued job ran to the end before exit');
    } finally {
      await server.stop();
    }
  });
});
