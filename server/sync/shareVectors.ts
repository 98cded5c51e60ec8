import type { Pool } from 'pg';
import type { ManifestEntry } from '../../protocol/rest';
import { storeVectors } from '../ingest/indexWriter';
import type { VectorStore } from '../stores/vectorStore';

/** Hashes per vector fetch: bounds the rows one round trip carries. */
const HASHES_PER_FETCH = 2_000;

/**
 * Content a manifest gave this project without an upload (another project or member sent it)
 * arrives without vectors here: vector search is per project. The vectors the server already
 * holds for those chunks, of every model, are stored for this project too. Returns how many.
 */
export async function shareVectors(deps: { pool: Pool; vectors: VectorStore }, projectId: string, applied: readonly Pick<ManifestEntry, 'hash' | 'language'>[]): Promise<number> {
  if (applied.length === 0) return 0;
  const { rows: models } = await deps.pool.query<{ model: string }>('SELECT model FROM embedding_models');
  if (models.length === 0) return 0;
  const { rows } = await deps.pool.query<{ chunk_hash: string }>(
    `SELECT DISTINCT fc.chunk_hash FROM unnest($1::text[], $2::text[]) AS f(hash, language)
     JOIN file_chunks fc ON fc.file_hash = f.hash AND fc.language = f.language`,
    [applied.map((f) => f.hash), applied.map((f) => f.language)],
  );
  const hashes = rows.map((r) => r.chunk_hash);
  let shared = 0;
  for (const { model } of models) {
    for (let i = 0; i < hashes.length; i += HASHES_PER_FETCH) {
      const slice = hashes.slice(i, i + HASHES_PER_FETCH);
      const found = await deps.vectors.fetch(model, slice);
      if (found.size === 0) continue;
      shared += (await storeVectors(deps, projectId, { model, vectors: Object.fromEntries(found) }, new Set(slice))).stored;
    }
  }
  return shared;
}
