import type { Chunk } from '../../../protocol/engine';
import { analyzeText } from '../search/terms';
import type { ChunkTerms } from './parseTask';

/** The identifier-split, stemmed text of each searchable field of a chunk. */
export function chunkTerms(chunk: Chunk): ChunkTerms {
  return {
    name: analyzeText(`${chunk.name} ${chunk.qualifiedName}`),
    signature: analyzeText(chunk.signature),
    doc: analyzeText(chunk.docComment),
    path: analyzeText(chunk.path),
    body: analyzeText(chunk.content),
  };
}
