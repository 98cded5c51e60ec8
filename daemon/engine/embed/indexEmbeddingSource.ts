import type { Database } from 'better-sqlite3';
import type { ChunkKind } from '../../../protocol/engine';
import type { ChunkToEmbed, EmbeddingSource } from './embeddingPipeline';
import { embeddingText } from './embeddingText';

/**
 * The index database as the embedding pipeline's source: every distinct chunk hash (or, given
 * `paths`, those of the chunks of these files), and for a page of hashes the embedding text of one
 * chunk carrying each (duplicates share a vector).
 */
export function indexEmbeddingSource(
  db: Database,
  maxInputTokens: number,
  paths?: readonly string[],
): EmbeddingSource {
  const hashes = paths
    ? db.prepare('SELECT DISTINCT hash FROM chunks WHERE path IN (SELECT value FROM json_each(?))').pluck().bind(JSON.stringify(paths))
    : db.prepare('SELECT DISTINCT hash FROM chunks').pluck();
  return {
    hashes: () => hashes.all() as string[],
    load: (page) => embeddingTexts(db, page, maxInputTokens),
  };
}

/** The embedding text of one chunk carrying each hash, read from the index database. */
export function embeddingTexts(db: Database, hashes: readonly string[], maxInputTokens: number): ChunkToEmbed[] {
  const rows = db
    .prepare(
      `SELECT c.hash, c.path, c.kind, c.qualified_name AS qualifiedName, c.signature, c.doc AS docComment, t.content
       FROM json_each(?) j
       JOIN chunks c ON c.id = (SELECT id FROM chunks WHERE hash = j.value LIMIT 1)
       JOIN contents t ON t.hash = c.hash`,
    )
    .all(JSON.stringify(hashes)) as { hash: string; path: string; kind: ChunkKind; qualifiedName: string; signature: string; docComment: string; content: string }[];
  return rows.map((row): ChunkToEmbed => ({ hash: row.hash, path: row.path, text: embeddingText(row, maxInputTokens) }));
}
