import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { createPool } from '../../../server/db/pool';
import { PgvectorStore } from '../../../server/stores/pgvectorStore';
import { ModelRegistry } from '../../../server/stores/modelRegistry';
import { createTestDatabase, SILENT, type TestDatabase } from './harness';
import { vectorStoreContract } from './vectorStore.contract';

async function createProjects(pool: Pool, count: number): Promise<string[]> {
  const { rows: users } = await pool.query(`INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id`, [`vec-${Date.now()}-${Math.random()}@example.com`]);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { rows } = await pool.query('INSERT INTO projects (name, owner_id) VALUES ($1, $2) RETURNING id', [`p${i}`, users[0].id]);
    ids.push(rows[0].id);
  }
  return ids;
}

describe('server: vector store contract on pgvector', () => {
  let db: TestDatabase;
  let pool: Pool;
  vectorStoreContract(
    async () => {
      db = await createTestDatabase();
      pool = createPool({ databaseUrl: db.url, max: 4, logger: SILENT });
      const models = new ModelRegistry(pool);
      const [a, b] = await createProjects(pool, 2);
      return { store: new PgvectorStore(pool), projects: [a, b], registerModel: (m, d) => models.ensure(m, d) };
    },
    async () => {
      await pool.end();
      await db.drop();
    },
  );
});

describe('server: pgvector HNSW index', () => {
  let db: TestDatabase;
  let pool: Pool;

  before(async () => {
    db = await createTestDatabase();
    pool = createPool({ databaseUrl: db.url, max: 4, logger: SILENT });
  });

  after(async () => {
    await pool.end();
    await db.drop();
  });

  it('serves a 384-dimension search from the HNSW index with full recall on clustered data', async () => {
    const store = new PgvectorStore(pool);
    await new ModelRegistry(pool).ensure('hnsw-384', 384);
    const [project] = await createProjects(pool, 1);
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
    const centers = Array.from({ length: 20 }, () => Array.from({ length: 384 }, random));
    const items = Array.from({ length: 2000 }, (_, i) => ({
      hash: createHash('sha256').update(`v${i}`).digest('hex'),
      vector: centers[i % 20].map((x) => x + random() * 0.2),
    }));
    for (let i = 0; i < items.length; i += 500) await store.upsert(project, 'hnsw-384', items.slice(i, i + 500));
    await pool.query('ANALYZE embeddings');

    const client = await pool.connect();
    try {
      // At 2,000 rows a sort is cheaper than the index: forbid the alternatives to show the
      // query's shape (cast expression and partial-index predicate) lets the planner use it.
      await client.query('SET enable_seqscan = off; SET enable_bitmapscan = off');
      const plan = await client.query(
        `EXPLAIN SELECT e.chunk_hash FROM embeddings e WHERE e.dimension = 384 AND e.model = 'hnsw-384'
         ORDER BY (e.vector::vector(384) <=> $1::vector(384)) LIMIT 10`,
        [`[${items[0].vector.join(',')}]`],
      );
      assert.match(plan.rows.map((r) => r['QUERY PLAN']).join('\n'), /embeddings_hnsw_384/);
    } finally {
      client.release();
    }

    let hits = 0;
    for (const probe of items.slice(0, 50)) {
      const [best] = await store.search({ projectIds: [project], model: 'hnsw-384', vector: probe.vector, limit: 5 });
      if (best.hash === probe.hash) hits++;
    }
    assert.equal(hits, 50, 'every vector finds itself first');
  });
});
