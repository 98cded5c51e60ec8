import type { Database } from 'better-sqlite3';
import type { ChunkKind } from '../../../protocol/engine';
import type { ChunkToEmbed, EmbeddingSource } from './embeddingPipeline';
import { embeddingText } from './embeddingText';

/**
 * The index database as the embedding pipeline's source: the given chunk hashes (the scope of a
 * run, as the vector index read it; by default every distinct chunk hash), and for a page of
 * hashes the embedding text of one chunk carrying each (duplicates share a vector).
 */
export function indexEmbeddingSource(db: Database, maxInputTokens: number, inScope?: readonly string[]): EmbeddingSource {
  const all = db.prepare('SELECT DISTINCT hash FROM chunks').pluck();
  const texts = db.prepare(
    `SELECT c.hash, c.path, c.kind, c.qualified_name AS qualifiedName, c.signature, c.doc AS docComment, t.content
     FROM json_each(?) j
     JOIN chunks c ON c.id = (SELECT id FROM chunks WHERE hash = j.value LIMIT 1)
     JOIN contents t ON t.hash = c.hash`,
  );
  return {
    hashes: () => inScope ?? (all.all() as string[]),
    load: (page) =>
      (texts.all(JSON.stringify(page)) as { hash: string; path: string; kind: ChunkKind; qualifiedName: string; signature: string; docComment: string; content: string }[]).map(
        (row): ChunkToEmbed => ({ hash: row.hash, path: row.path, text: embeddingText(row, maxInputTokens) }),
      ),
  };
}
