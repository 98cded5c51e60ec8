import type { Chunk } from '../../protocol/engine';
import type { SyncChunk } from '../../protocol/rest';
import { sha256 } from '../engine/parse/chunk';
import { redactSecrets } from '../engine/secrets/secretScanner';

export interface RedactedChunks {
  chunks: SyncChunk[];
  /** Chunks sent with secret-looking values replaced (their hash is of the redacted text). */
  redacted: number;
  /** Chunks never sent because they were mostly secret. */
  skipped: number;
  /** Hashes of the chunks sent unchanged: only their local vectors may accompany them. */
  unchangedHashes: Set<string>;
}

/**
 * The same redaction as embedding requests (daemon/engine/secrets/): nothing that looks like a
 * secret leaves the machine. A redacted chunk is a new content, so it gets its own hash.
 */
export function redactChunksForSync(relPath: string, chunks: Chunk[]): RedactedChunks {
  const result: RedactedChunks = { chunks: [], redacted: 0, skipped: 0, unchangedHashes: new Set() };
  for (const chunk of chunks) {
    const body = redactSecrets(chunk.content, { path: relPath });
    if (body.verdict === 'skip') {
      result.skipped++;
      continue;
    }
    const signature = redactSecrets(chunk.signature, { path: relPath });
    const doc = redactSecrets(chunk.docComment, { path: relPath });
    const changed = body.verdict !== 'clean' || signature.verdict !== 'clean' || doc.verdict !== 'clean';
    if (changed) result.redacted++;
    else result.unchangedHashes.add(chunk.hash);
    result.chunks.push({
      kind: chunk.kind,
      name: chunk.name,
      qualifiedName: chunk.qualifiedName,
      signature: signature.text,
      docComment: doc.text,
      startLine: chunk.startLine,
      endLine: chunk.endLine,
      complexity: chunk.complexity ?? null,
      hash: body.verdict === 'clean' ? chunk.hash : sha256(body.text),
      content: body.text,
    });
  }
  return result;
}
