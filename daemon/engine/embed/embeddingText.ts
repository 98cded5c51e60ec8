import type { Chunk } from '../../../protocol/engine';
import { truncateToTokens } from './tokens';

export type EmbeddableChunk = Pick<Chunk, 'kind' | 'qualifiedName' | 'path' | 'signature' | 'docComment' | 'content'>;

/**
 * The text embedded for a chunk: what it is, what it is called, where it lives, its signature and
 * doc comment, then its code, cut to `maxTokens` by tokens. The header comes first so that a long
 * body loses its tail, never its name; it is what lets a described query ("where are retries
 * configured") meet code whose body never says so.
 */
export function embeddingText(chunk: EmbeddableChunk, maxTokens: number): string {
  const header = [`${chunk.kind} ${chunk.qualifiedName}`.trim(), `path: ${chunk.path}`];
  const content = chunk.content.trim();
  const signature = chunk.signature.trim();
  if (signature && !content.startsWith(signature)) header.push(signature);
  const doc = chunk.docComment.trim();
  if (doc && !content.includes(doc)) header.push(doc);
  return truncateToTokens(`${header.join('\n')}\n\n${content}`, maxTokens).text;
}
