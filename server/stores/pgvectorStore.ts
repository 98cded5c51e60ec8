import type { Pool } from 'pg';
import type { VectorItem, VectorMatch, VectorQuery, VectorStore } from './vectorStore';

/** Dimensions with a partial HNSW index (see the initial migration); others are scanned exactly. */
const INDEXED_DIMENSIONS = new Set([256, 384, 512, 768, 1024, 1536]);
const HALF_PRECISION_DIMENSIONS = new Set([3072]);

/**
 * The distance expression a query must repeat word for word for PostgreSQL to use the partial
 * index of that dimension. `dimension` is a validated integer, never user text.
 */
function distanceExpression(dimension: number): string {
  if (!Number.isInteger(dimension) || dimension < 1) throw new Error(`invalid dimension ${dimension}`);
  if (INDEXED_DIMENSIONS.has(dimension)) return `(e.vector::vector(${dimension}) <=> $1::vector(${dimension}))`;
  if (HALF_PRECISION_DIMENSIONS.has(dimension)) return `(e.vector::halfvec(${dimension}) <=> $1::halfvec(${dimension}))`;
  return '(e.vector <=> $1::vector)';
}

const toLiteral = (vector: number[]) => `[${vector.join(',')}]`;

/**
 * Vectors in PostgreSQL: content-addressed by (chunk hash, model) so each is stored once for
 * every project that has the chunk, plus a (project, model, hash) row saying who may find it.
 */
export class PgvectorStore implements VectorStore {
  readonly kind = 'pgvector';

  constructor(private readonly pool: Pool) {}

  async upsert(projectId: string, model: string, items: VectorItem[]): Promise<void> {
    if (items.length === 0) return;
    const hashes = items.map((i) => i.hash);
    await this.pool.query(
      `WITH input AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(hash, vector))
       INSERT INTO embeddings (chunk_hash, model, dimension, vector)
       SELECT hash, $3, $4, vector::vector FROM input
       ON CONFLICT (chunk_hash, model) DO NOTHING`,
      [hashes, items.map((i) => toLiteral(i.vector)), model, items[0].vector.length],
    );
    await this.pool.query(
      `INSERT INTO project_embeddings (project_id, model, chunk_hash)
       SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING`,
      [projectId, model, hashes],
    );
  }

  async search(query: VectorQuery): Promise<VectorMatch[]> {
    const distance = distanceExpression(query.vector.length);
    const { rows } = await this.pool.query<{ hash: string; distance: number }>(
      `SELECT e.chunk_hash AS hash, ${distance} AS distance
       FROM embeddings e
       WHERE e.dimension = ${query.vector.length} AND e.model = $2
         AND EXISTS (SELECT 1 FROM project_embeddings pe
                     WHERE pe.project_id = ANY($3::uuid[]) AND pe.model = $2 AND pe.chunk_hash = e.chunk_hash)
       ORDER BY ${distance}
       LIMIT $4`,
      [toLiteral(query.vector), query.model, query.projectIds, query.limit],
    );
    // Iterative index scans may return rows slightly out of order: sort once more.
    return rows
      .map((r) => ({ hash: r.hash, similarity: 1 - Number(r.distance) }))
      .filter((m) => query.minSimilarity === undefined || m.similarity >= query.minSimilarity)
      .sort((a, b) => b.similarity - a.similarity);
  }

  async fetch(model: string, hashes: string[]): Promise<Map<string, number[]>> {
    const { rows } = await this.pool.query<{ chunk_hash: string; vector: string }>(
      'SELECT chunk_hash, vector::text AS vector FROM embeddings WHERE model = $1 AND chunk_hash = ANY($2::text[])',
      [model, hashes],
    );
    return new Map(rows.map((r) => [r.chunk_hash, JSON.parse(r.vector) as number[]]));
  }

  async removeProject(projectId: string): Promise<void> {
    await this.pool.query('DELETE FROM project_embeddings WHERE project_id = $1', [projectId]);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    // The pool belongs to the app, which closes it.
  }
}
