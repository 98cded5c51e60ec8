import BetterSqlite3, { type Database } from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations';

export class IndexCorruptError extends Error {
  constructor(readonly dbPath: string, cause: unknown) {
    super(
      `The index at ${dbPath} is unreadable (${(cause as Error)?.message ?? cause}). ` +
        `Rebuild it with \`mobius index --rebuild\` (or delete that file).`,
    );
    this.name = 'IndexCorruptError';
  }
}

export class IndexTooNewError extends Error {
  constructor(readonly dbPath: string, found: number, known: number) {
    super(
      `The index at ${dbPath} has schema version ${found}, newer than this Mobius knows (${known}). ` +
        `Upgrade Mobius, or rebuild the index with \`mobius index --rebuild\`.`,
    );
    this.name = 'IndexTooNewError';
  }
}

/** Latest schema version this build knows. */
export function schemaVersion(migrations: Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/**
 * Opens (creating if needed) an index database in WAL mode and brings its schema up to date.
 * WAL plus one transaction per write batch is what keeps a killed run from leaving a torn index.
 */
export function openDatabase(dbPath: string, migrations: Migration[] = MIGRATIONS): Database {
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(dbPath);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    migrate(db, dbPath, migrations);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof IndexTooNewError) throw err;
    if (isCorruption(err)) throw new IndexCorruptError(dbPath, err);
    throw err;
  }
}

function migrate(db: Database, dbPath: string, migrations: Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = schemaVersion(migrations);
  if (current > latest) throw new IndexTooNewError(dbPath, current, latest);
  const pending = migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const step of pending) {
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: string })?.code ?? '';
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT');
}

/** Deletes an index file and its WAL/SHM companions (for --rebuild). */
export function deleteDatabase(dbPath: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
}
