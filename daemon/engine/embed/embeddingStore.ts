import type { Database, Statement } from 'better-sqlite3';

/** A vector to cache under a chunk's content hash; `redacted` when secrets were cut from its text first. */
export interface VectorToWrite {
  hash: string;
  vector: Float32Array;
  redacted?: boolean;
}

export interface StoredVector {
  /** Row id: stable for the life of the row, used as the vector's label in ANN indexes. */
  id: number;
  hash: string;
  vector: Float32Array;
}

/** Running totals for one provider, kept across runs. */
export interface EmbeddingStats {
  calls: number;
  embedded: number;
  callsSaved: number;
  reused: number;
  redacted: number;
  skipped: number;
  failed: number;
}

export const ZERO_STATS: Readonly<EmbeddingStats> = { calls: 0, embedded: 0, callsSaved: 0, reused: 0, redacted: 0, skipped: 0, failed: 0 };

/** Rows deleted per transaction by {@link EmbeddingStore.prune}, so the main connection never waits long for its lock. */
const PRUNE_PAGE = 256;

export function encodeVector(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function decodeVector(blob: Buffer): Float32Array {
  // A Float32Array view needs a 4-byte-aligned offset; pooled Buffers do not promise one.
  if (blob.byteOffset % 4 === 0) return new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/**
 * The embedding cache over the index database (see ./schema.ts). Every method touches only the
 * rows of the hashes it is given, so callers can bound the time each call holds the event loop.
 */
export class EmbeddingStore {
  /** Hashes found in the cache by {@link missing} since this store was opened. */
  cacheHits = 0;

  private readonly statements: {
    missing: Statement<[string, string]>;
    get: Statement<[string, string]>;
    put: Statement<[string, string, number, Buffer, number, number]>;
    putSkipped: Statement<[string, string, number, number]>;
    vectorsPage: Statement<[string, number, number]>;
    labelsPage: Statement<[string, number, number]>;
    count: Statement<[string]>;
    stats: Statement<[string]>;
    addStats: Statement<[string, number, number, number, number, number, number, number, number]>;
    unused: Statement<[string, number]>;
    remove: Statement<[string]>;
  };

  constructor(private readonly db: Database) {
    this.statements = {
      missing: db.prepare(
        `SELECT j.value FROM json_each(?) j
         WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.provider_id = ? AND e.hash = j.value)`,
      ),
      get: db.prepare(
        `SELECT e.id, e.hash, e.vector FROM json_each(?) j
         JOIN embeddings e ON e.provider_id = ? AND e.hash = j.value AND e.status = 'ok'`,
      ),
      put: db.prepare(
        `INSERT INTO embeddings (provider_id, hash, dimensions, vector, status, redacted, created_at)
         VALUES (?, ?, ?, ?, 'ok', ?, ?)
         ON CONFLICT (provider_id, hash) DO UPDATE SET
           dimensions = excluded.dimensions, vector = excluded.vector, status = 'ok', redacted = excluded.redacted
         RETURNING id`,
      ),
      putSkipped: db.prepare(
        `INSERT INTO embeddings (provider_id, hash, dimensions, vector, status, created_at)
         VALUES (?, ?, ?, NULL, 'skipped', ?)
         ON CONFLICT (provider_id, hash) DO NOTHING`,
      ),
      vectorsPage: db.prepare(
        `SELECT id, hash, vector FROM embeddings WHERE provider_id = ? AND status = 'ok' AND id > ? ORDER BY id LIMIT ?`,
      ),
      labelsPage: db.prepare(
        `SELECT id, hash FROM embeddings WHERE provider_id = ? AND status = 'ok' AND id > ? ORDER BY id LIMIT ?`,
      ),
      count: db.prepare(`SELECT count(*) AS n FROM embeddings WHERE provider_id = ? AND status = 'ok'`),
      stats: db.prepare(
        `SELECT calls, embedded, calls_saved AS callsSaved, reused, redacted, skipped, failed FROM embedding_stats WHERE provider_id = ?`,
      ),
      addStats: db.prepare(
        `INSERT INTO embedding_stats (provider_id, calls, embedded, calls_saved, reused, redacted, skipped, failed, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (provider_id) DO UPDATE SET
           calls = calls + excluded.calls, embedded = embedded + excluded.embedded,
           calls_saved = calls_saved + excluded.calls_saved, reused = reused + excluded.reused, redacted = redacted + excluded.redacted,
           skipped = skipped + excluded.skipped, failed = failed + excluded.failed, updated_at = excluded.updated_at`,
      ),
      // Newest first: rows of other providers, and of this one whose hash no chunk has. The newest
      // row of all is never one: SQLite gives a new row max(id) + 1, and row ids are vector index
      // labels, so an id must never come back for another vector.
      unused: db.prepare(
        `SELECT e.id FROM embeddings e
         WHERE (e.provider_id <> ? OR NOT EXISTS (SELECT 1 FROM chunks c WHERE c.hash = e.hash))
           AND e.id < (SELECT max(id) FROM embeddings)
         ORDER BY e.id DESC LIMIT -1 OFFSET ?`,
      ),
      remove: db.prepare(`DELETE FROM embeddings WHERE id IN (SELECT value FROM json_each(?))`),
    };
  }

  /** The hashes among `hashes` with neither a vector nor a skip mark for this provider. */
  missing(hashes: readonly string[], providerId: string): string[] {
    if (hashes.length === 0) return [];
    const missing = this.statements.missing.pluck().all(JSON.stringify(hashes), providerId) as string[];
    this.cacheHits += hashes.length - missing.length;
    return missing;
  }

  /** Cached vectors among `hashes`, keyed by hash. */
  get(hashes: readonly string[], providerId: string): Map<string, StoredVector> {
    const found = new Map<string, StoredVector>();
    if (hashes.length === 0) return found;
    const rows = this.statements.get.all(JSON.stringify(hashes), providerId) as { id: number; hash: string; vector: Buffer }[];
    for (const row of rows) found.set(row.hash, { id: row.id, hash: row.hash, vector: decodeVector(row.vector) });
    return found;
  }

  /** Stores vectors in one transaction and returns them with their row ids. */
  put(providerId: string, entries: readonly VectorToWrite[]): StoredVector[] {
    const now = Date.now();
    return this.db.transaction(() =>
      entries.map((entry) => {
        const id = this.statements.put.pluck().get(
          providerId, entry.hash, entry.vector.length, encodeVector(entry.vector), entry.redacted ? 1 : 0, now,
        ) as number;
        return { id, hash: entry.hash, vector: entry.vector };
      }),
    )();
  }

  /** Marks chunks never to be sent (mostly secret material), so later runs do not reconsider them. */
  putSkipped(providerId: string, dimensions: number, hashes: readonly string[]): void {
    const now = Date.now();
    this.db.transaction(() => {
      for (const hash of hashes) this.statements.putSkipped.run(providerId, hash, dimensions, now);
    })();
  }

  /**
   * Every cached vector of a provider in row-id order, read a page at a time: no statement stays
   * open between pages, so a caller may yield to the event loop (and other queries may run) while
   * iterating.
   */
  *allFor(providerId: string, pageSize = 512): IterableIterator<StoredVector> {
    for (let after = 0; ; ) {
      const rows = this.statements.vectorsPage.all(providerId, after, pageSize) as { id: number; hash: string; vector: Buffer }[];
      for (const row of rows) yield { id: row.id, hash: row.hash, vector: decodeVector(row.vector) };
      if (rows.length < pageSize) return;
      after = (rows[rows.length - 1] as { id: number }).id;
    }
  }

  /** Row ids and hashes of a provider's vectors in row-id order, without the vectors, paged like {@link allFor}. */
  *labelsFor(providerId: string, pageSize = 4096): IterableIterator<{ id: number; hash: string }> {
    for (let after = 0; ; ) {
      const rows = this.statements.labelsPage.all(providerId, after, pageSize) as { id: number; hash: string }[];
      yield* rows;
      if (rows.length < pageSize) return;
      after = (rows[rows.length - 1] as { id: number }).id;
    }
  }

  countFor(providerId: string): number {
    return (this.statements.count.get(providerId) as { n: number }).n;
  }

  /**
   * Drops cached rows no chunk in the index uses under `providerId` (rows of other providers
   * count as unused), keeping the `keepUnused` newest of them so a switch back to a branch or
   * model still costs nothing. Deletes a page per transaction. Returns the number of rows deleted.
   */
  prune(providerId: string, keepUnused: number): number {
    const doomed = this.statements.unused.pluck().all(providerId, Math.max(0, keepUnused)) as number[];
    for (let i = 0; i < doomed.length; i += PRUNE_PAGE) {
      this.statements.remove.run(JSON.stringify(doomed.slice(i, i + PRUNE_PAGE)));
    }
    return doomed.length;
  }

  stats(providerId: string): EmbeddingStats {
    return (this.statements.stats.get(providerId) as EmbeddingStats | undefined) ?? { ...ZERO_STATS };
  }

  addStats(providerId: string, delta: Partial<EmbeddingStats>): void {
    const d = { ...ZERO_STATS, ...delta };
    this.statements.addStats.run(providerId, d.calls, d.embedded, d.callsSaved, d.reused, d.redacted, d.skipped, d.failed, Date.now());
  }
}
