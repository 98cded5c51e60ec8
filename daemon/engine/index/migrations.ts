import type { Database } from 'better-sqlite3';
import { embeddingReuseMigration, embeddingsMigration } from '../embed/schema';

/** A schema step. Versions are consecutive; each runs once, inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

const coreSchema: Migration = {
  version: 1,
  name: 'core',
  up(db) {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      -- The catalog: one row per indexed file. size+mtime let an unchanged file cost one stat.
      -- source = 'buffer' while an editor's unsaved text stands in for the file on disk.
      CREATE TABLE files (
        path TEXT PRIMARY KEY,
        hash TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        language TEXT NOT NULL,
        imports TEXT NOT NULL DEFAULT '[]',
        parse_failed INTEGER NOT NULL DEFAULT 0,
        source TEXT NOT NULL DEFAULT 'disk'
      );
      CREATE INDEX files_hash ON files(hash);

      -- Chunk text stored once per content hash: moved or duplicated code costs no new text.
      CREATE TABLE contents (hash TEXT PRIMARY KEY, content TEXT NOT NULL) WITHOUT ROWID;

      CREATE TABLE chunks (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        hash TEXT NOT NULL,
        language TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        qualified_name TEXT NOT NULL,
        signature TEXT NOT NULL,
        doc TEXT NOT NULL,
        start_line INTEGER NOT NULL,
        end_line INTEGER NOT NULL,
        complexity INTEGER
      );
      CREATE INDEX chunks_path ON chunks(path);
      CREATE INDEX chunks_hash ON chunks(hash);
      CREATE INDEX chunks_name ON chunks(name COLLATE NOCASE);
      CREATE INDEX chunks_qualified_name ON chunks(qualified_name COLLATE NOCASE);

      -- Contentless: it keeps only the inverted index of the pre-analyzed terms, not their text.
      -- tokenchars '_' keeps snake_case identifiers whole; the analyzer adds their parts.
      CREATE VIRTUAL TABLE chunks_fts USING fts5(
        name, signature, doc, path, body,
        content = '', contentless_delete = 1,
        tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
      );
    `);
  },
};

export const MIGRATIONS: Migration[] = [coreSchema, embeddingsMigration, embeddingReuseMigration];
