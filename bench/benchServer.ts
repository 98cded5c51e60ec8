// What the server benchmarks share: a throwaway database on this machine's PostgreSQL, migrated,
// and the server's configuration as `mobius serve` reads it, with rate limits out of the way.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig, type ServerConfig } from '../server/config';
import { runMigrations } from '../server/main';

const PG_ADMIN_URL = process.env.MOBIUS_BENCH_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.MOBIUS_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The administrator every benchmark server is created with. */
export const BENCH_ADMIN = { email: 'bench@example.com', password: 'benchmark-password' };

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new database `mobius_bench_<random>` with the server's migrations applied. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `mobius_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client(PG_ADMIN_URL);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = Object.assign(new URL(PG_ADMIN_URL), { pathname: `/${name}` }).toString();
  const database = { name, url, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  try {
    await runMigrations({ databaseUrl: url, logLevel: 'warn' });
  } catch (err) {
    await database.drop();
    throw err;
  }
  return database;
}

/** The deployed defaults (as `mobius serve` reads them) plus `env`, with rate limits raised out of the way. */
export function benchServerConfig(databaseUrl: string, env: Record<string, string> = {}): ServerConfig {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    // Each run its own key space: no rate-limit counters or cached searches of an earlier run.
    REDIS_KEY_PREFIX: `mobius-bench-${randomBytes(4).toString('hex')}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    PORT: '0',
    ...env,
  });
  return { ...config, rateLimits: { keyPerMinute: 1e7, keyPerHour: 1e8, ipPerMinute: 1e7, ipPerHour: 1e8, loginPerMinute: 100 } };
}
