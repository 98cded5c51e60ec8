import assert from 'node:assert/strict';
import { Client } from 'pg';
import { runMigrations } from '../../../server/main';
import { createTestDatabase, SILENT, type TestDatabase } from './harness';

const EXPECTED_TABLES = [
  'api_keys', 'chunk_contents', 'contexts', 'embedding_models', 'embeddings', 'file_chunks', 'file_versions',
  'pgmigrations', 'project_embeddings', 'project_files', 'project_members', 'projects', 'ref_commits', 'users',
];

describe('server: database migrations', () => {
  let db: TestDatabase;
  let client: Client;

  before(async () => {
    db = await createTestDatabase(false);
    client = new Client(db.url);
    await client.connect();
  });

  after(async () => {
    await client.end();
    await db.drop();
  });

  it('builds the whole schema on an empty database', async () => {
    const before = await client.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`);
    assert.equal(before.rows[0].n, 0);

    const applied = await runMigrations({ databaseUrl: db.url, logLevel: 'silent' }, SILENT);
    assert.deepEqual(applied, ['1764115200000_initial-schema', '1764118800000_ref-commits']);

    const { rows } = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    assert.deepEqual(rows.map((r) => r.table_name), EXPECTED_TABLES);
    const ext = await client.query(`SELECT extversion FROM pg_extension WHERE extname = 'vector'`);
    assert.equal(ext.rowCount, 1, 'pgvector is enabled');
    const hnsw = await client.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'embeddings' AND indexdef LIKE '%USING hnsw%' ORDER BY 1`);
    assert.ok(hnsw.rows.some((r) => r.indexname === 'embeddings_hnsw_384'), 'a 384-dimension HNSW index exists');
  });

  it('applies nothing when run again, and changes nothing', async () => {
    const snapshot = async () =>
      (await client.query(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`)).rows;
    const before = await snapshot();
    assert.deepEqual(await runMigrations({ databaseUrl: db.url, logLevel: 'silent' }, SILENT), []);
    assert.deepEqual(await snapshot(), before);
    const runs = await client.query('SELECT count(*)::int AS n FROM pgmigrations');
    assert.equal(runs.rows[0].n, 2);
  });

  it('lets several replicas migrate at once: one applies, the others wait and find nothing to do', async () => {
    const fresh = await createTestDatabase(false);
    try {
      const results = await Promise.all([1, 2, 3].map(() => runMigrations({ databaseUrl: fresh.url, logLevel: 'silent' }, SILENT)));
      assert.deepEqual(results.map((r) => r.length).sort(), [0, 0, 2]);
    } finally {
      await fresh.drop();
    }
  });
});
