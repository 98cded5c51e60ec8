import type { Language } from '../../protocol/engine';
import type { TeamFile, VectorLookupRequest, VectorLookupResponse } from '../../protocol/rest';
import { ApiError } from '../http/apiError';
import type { SyncDeps } from './syncService';

/** What a syncing daemon reads back: vectors to reuse instead of computing, and files it lacks on disk. */
export class SyncReads {
  constructor(private readonly deps: SyncDeps) {}

  /**
   * Stored vectors of the hashes that are chunks of this project (any ref). Vectors are shared
   * across projects by content, but only a project holding the chunk may read its vector.
   */
  async lookupVectors(projectId: string, request: VectorLookupRequest): Promise<VectorLookupResponse> {
    const dimension = await this.deps.models.dimension(request.model);
    if (dimension === null || request.hashes.length === 0) return { model: request.model, dimension, vectors: {} };
    const { rows } = await this.deps.pool.query<{ chunk_hash: string }>(
      'SELECT DISTINCT chunk_hash FROM contexts WHERE project_id = $1 AND chunk_hash = ANY($2::text[])',
      [projectId, request.hashes],
    );
    const found = rows.length ? await this.deps.vectors.fetch(request.model, rows.map((r) => r.chunk_hash)) : new Map<string, number[]>();
    return { model: request.model, dimension, vectors: Object.fromEntries(found) };
  }

  /** A file of a ref as its chunks in line order. */
  async readFile(projectId: string, ref: string, path: string): Promise<TeamFile> {
    const { rows: files } = await this.deps.pool.query<{ file_hash: string; language: Language }>(
      'SELECT file_hash, language FROM project_files WHERE project_id = $1 AND ref = $2 AND path = $3',
      [projectId, ref, path],
    );
    const file = files[0];
    if (!file) throw new ApiError(404, 'NOT_FOUND', `No file "${path}" in ref "${ref}" of this project; check the path and the ref (sync it first if it is new)`);
    const { rows: chunks } = await this.deps.pool.query<{ start_line: number; end_line: number; content: string }>(
      `SELECT fc.start_line, fc.end_line, cc.content FROM file_chunks fc JOIN chunk_contents cc ON cc.hash = fc.chunk_hash
       WHERE fc.file_hash = $1 AND fc.language = $2 ORDER BY fc.start_line, fc.ordinal`,
      [file.file_hash, file.language],
    );
    return {
      projectId,
      ref,
      path,
      language: file.language,
      fileHash: file.file_hash,
      chunks: chunks.map((c) => ({ startLine: c.start_line, endLine: c.end_line, content: c.content })),
    };
  }
}
