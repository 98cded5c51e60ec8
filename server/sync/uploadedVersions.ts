import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { chunkTerms } from '../../daemon/engine/index/chunkTerms';
import { sha256 } from '../../daemon/engine/parse/chunk';
import type { ErrorDetail, SyncFile } from '../../protocol/rest';
import { ApiError } from '../http/apiError';
import type { NewFileVersion } from '../ingest/analyzedFile';

/** Enough to show the client what is wrong without echoing a whole corrupt upload back. */
const MAX_REPORTED_PROBLEMS = 20;

/**
 * Refuses an upload in which any chunk's content does not hash to its declared hash, or whose
 * lines run backwards, before anything is written. The file hash cannot be checked (the file's
 * content is not sent): writers are trusted to map a file hash to its chunks.
 */
export function verifyUploadedChunks(files: SyncFile[]): void {
  const problems: ErrorDetail[] = [];
  files.forEach((file, f) =>
    file.chunks.forEach((chunk, c) => {
      const where = `chunk ${c} of ${file.path} (lines ${chunk.startLine}-${chunk.endLine})`;
      const actual = sha256(chunk.content);
      if (actual !== chunk.hash) {
        problems.push({ path: `body.files.${f}.chunks.${c}.hash`, message: `${where}: content hashes to ${actual}, not to the declared ${chunk.hash}` });
      }
      if (chunk.endLine < chunk.startLine) {
        problems.push({ path: `body.files.${f}.chunks.${c}.endLine`, message: `${where}: endLine is before startLine` });
      }
    }),
  );
  if (problems.length === 0) return;
  const shown = problems.slice(0, MAX_REPORTED_PROBLEMS);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  throw new ApiError(
    400,
    'VALIDATION_FAILED',
    `Upload refused, nothing was written: ${shown[0].message}${more}. Re-read the files and upload them again.`,
    shown,
  );
}

/**
 * The uploaded files as versions to store, with each chunk's search terms computed here by the
 * same analyzer as the server's ingest (a client cannot choose what its chunks are found by).
 * Yields between files so a large upload does not hold up other requests.
 */
export async function uploadedVersions(files: SyncFile[]): Promise<NewFileVersion[]> {
  const versions: NewFileVersion[] = [];
  for (const file of files) {
    const terms = file.chunks.map((chunk) =>
      chunkTerms({ ...chunk, path: file.path, language: file.language, complexity: chunk.complexity ?? undefined }),
    );
    versions.push({
      hash: file.hash,
      language: file.language,
      byteSize: file.byteSize,
      parseFailed: file.parseFailed,
      imports: file.imports,
      chunks: file.chunks,
      terms,
    });
    await yieldToEventLoop();
  }
  return versions;
}
