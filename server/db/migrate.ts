import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where the SQL migrations are: beside this file in the source tree, or copied beside a bundle. */
function migrationsDir(): string {
  const candidates = [path.join(__dirname, 'migrations'), path.join(__dirname, '..', 'server', 'db', 'migrations')];
  const found = candidates.find((dir) => fs.existsSync(dir));
  if (!found) throw new Error(`SQL migrations not found (looked in ${candidates.join(', ')})`);
  return found;
}

export interface MigrationLog {
  info(message: string): void;
}

const LOCK_WAIT_MS = 60_000;

/**
 * Applies pending migrations (versioned SQL files, in order, in one transaction) and returns the
 * names applied; an up-to-date database returns []. Safe to run from several replicas at once:
 * the runner holds an advisory lock, and the others wait for it and then find nothing to do.
 */
export async function migrateDatabase(databaseUrl: string, log: MigrationLog): Promise<string[]> {
  // node-pg-migrate is ESM-only; a dynamic import loads it from CommonJS and from a bundle.
  const { runner } = await import('node-pg-migrate');
  const dir = migrationsDir();
  // The runner's own chatter is dropped; a replica that waited for the lock also reports failing
  // to release a lock it never took, which is noise.
  const relay = (m: string) => {
    if (!m.includes('Failed to release migration lock')) log.info(m);
  };
  const quiet = { debug: () => undefined, info: () => undefined, warn: relay, error: relay };
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const applied = await runner({
        databaseUrl,
        dir,
        direction: 'up',
        migrationsTable: 'pgmigrations',
        singleTransaction: true,
        checkOrder: true,
        logger: quiet,
      });
      for (const migration of applied) log.info(`applied migration ${migration.name}`);
      return applied.map((m) => m.name);
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      if (message.includes('Another migration is already running') && Date.now() < deadline) {
        await sleep(500);
        continue;
      }
      if (/extension "vector"|vector\.control/.test(message)) {
        throw new Error(
          'PostgreSQL has no pgvector extension. Install it (scripts/install-pgvector.sh as root, ' +
            'or use the pgvector/pgvector Docker image) and run the migrations again.',
        );
      }
      throw err;
    }
  }
}
