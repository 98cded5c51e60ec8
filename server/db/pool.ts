import { Pool, type PoolClient } from 'pg';
import type { Logger } from 'pino';

export interface PoolOptions {
  databaseUrl: string;
  max: number;
  logger: Logger;
}

/**
 * The PostgreSQL pool. Every session lets HNSW scans continue past ef_search when filters drop
 * candidates (pgvector 0.8 iterative scans); otherwise a filtered vector search could return
 * fewer rows than asked although more exist.
 */
export function createPool({ databaseUrl, max, logger }: PoolOptions): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max,
    application_name: 'mobius-server',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    options: '-c hnsw.iterative_scan=relaxed_order -c hnsw.ef_search=100 -c statement_timeout=60000',
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'));
  return pool;
}

/** Runs `work` in one transaction, rolling back on any error. */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
