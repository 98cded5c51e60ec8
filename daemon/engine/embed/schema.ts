import type { Migration } from '../index/migrations';

/**
 * The embedding cache, keyed by (provider id, chunk content hash): unchanged, moved or duplicated
 * code and branch switches find their vector here instead of calling the provider. Rows outlive
 * the chunks that produced them for that reason; `EmbeddingStore.prune` bounds them (after each
 * full embedding run, see docs/embeddings.md).
 * `id` doubles as the label of the vector in the HNSW index file.
 */
export const embeddingsMigration: Migration = {
  version: 2,
  name: 'embeddings',
  up(db) {
    db.exec(`
      CREATE TABLE embeddings (
        id INTEGER PRIMARY KEY,
        provider_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        dimensions INTEGER NOT NULL,
        -- little-endian float32 x dimensions, unit length; NULL when the chunk was skipped as secret
        vector BLOB,
        status TEXT NOT NULL CHECK (status IN ('ok', 'skipped')),
        redacted INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        UNIQUE (provider_id, hash)
      );

      -- Running totals per provider, for status reports.
      CREATE TABLE embedding_stats (
        provider_id TEXT PRIMARY KEY,
        calls INTEGER NOT NULL DEFAULT 0,
        embedded INTEGER NOT NULL DEFAULT 0,
        calls_saved INTEGER NOT NULL DEFAULT 0,
        redacted INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
    `);
  },
};

/** Running totals count vectors fetched from the team server (a `RemoteVectorSource`) apart from those embedded. */
export const embeddingReuseMigration: Migration = {
  version: 3,
  name: 'embedding-reuse',
  up(db) {
    db.exec(`ALTER TABLE embedding_stats ADD COLUMN reused INTEGER NOT NULL DEFAULT 0;`);
  },
};
