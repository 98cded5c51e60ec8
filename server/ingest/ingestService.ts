import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { languageForPath } from '../../daemon/engine/parse/languages';
import { analyzeText } from '../../daemon/engine/search/terms';
import type { IngestResult, ParsedIngestRequest, Project } from '../../protocol/rest';
import { withTransaction } from '../db/pool';
import { ApiError } from '../http/apiError';
import type { ModelRegistry } from '../stores/modelRegistry';
import type { VectorStore } from '../stores/vectorStore';
import type { AnalyzedFile } from './analyzedFile';
import { writeBatch } from './indexWriter';
import type { ParsePool } from './parsePool';

/** Files per transaction: small enough to keep locks short, large enough to amortise round trips. */
const BATCH_FILES = 100;

export interface IngestHooks {
  onProgress?(filesDone: number, filesTotal: number): void | Promise<void>;
  /** Asked between batches; true stops the ingest (batches already written stay). */
  shouldStop?(): Promise<boolean>;
}

export class IngestCancelled extends Error {
  constructor(readonly partial: IngestResult) {
    super('ingest cancelled');
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Server-side ingest: the daemon's parser and chunker (in worker threads), content-addressed
 * storage, and the client's vectors. A file whose (hash, language) the server has seen before,
 * in any project, is not parsed again: its chunks are copied in SQL.
 */
export class IngestService {
  constructor(
    private readonly pool: Pool,
    private readonly parsers: ParsePool,
    private readonly vectors: VectorStore,
    private readonly models: ModelRegistry,
    private readonly logger: Logger,
  ) {}

  /** Checks what can be refused before anything is written, so a bad request changes nothing. */
  async precheck(request: ParsedIngestRequest): Promise<void> {
    if (!request.embeddings) return;
    const dimensions = new Set(Object.values(request.embeddings.vectors).map((v) => v.length));
    if (dimensions.size > 1) {
      throw new ApiError(400, 'DIMENSION_MISMATCH', `embeddings.vectors mixes dimensions ${[...dimensions].join(', ')}; one model gives one size`);
    }
    const [dimension] = dimensions;
    if (dimension !== undefined) await this.models.ensure(request.embeddings.model, dimension);
  }

  async ingest(project: Project, request: ParsedIngestRequest, hooks: IngestHooks = {}): Promise<IngestResult> {
    await this.precheck(request);
    const ref = request.ref ?? project.defaultRef;
    const result: IngestResult = {
      ref,
      filesReceived: request.files.length,
      filesChanged: 0,
      filesUnchanged: 0,
      filesRemoved: 0,
      contexts: 0,
      chunksWritten: 0,
      vectorsStored: 0,
      vectorsUnmatched: 0,
      indexVersion: project.indexVersion,
      errors: [],
    };
    const fileKeys: { hash: string; language: string }[] = [];
    const total = request.files.length;
    let removals = request.removedPaths;
    for (let start = 0; start === 0 || start < total; start += BATCH_FILES) {
      if (start > 0 && (await hooks.shouldStop?.())) throw new IngestCancelled(result);
      const batch = request.files.slice(start, start + BATCH_FILES);
      const analyzed = await this.analyze(batch, result.errors);
      for (const file of analyzed) fileKeys.push({ hash: file.hash, language: file.language });
      const stats = await withTransaction(this.pool, (client) => writeBatch(client, project.id, ref, analyzed, removals));
      removals = [];
      result.filesChanged += stats.filesChanged;
      result.filesUnchanged += stats.filesUnchanged;
      result.filesRemoved += stats.filesRemoved;
      result.contexts += stats.contexts;
      result.chunksWritten += stats.chunksWritten;
      result.indexVersion = stats.indexVersion;
      await hooks.onProgress?.(Math.min(start + batch.length, total), total);
    }
    if (request.embeddings) {
      await this.storeVectors(project.id, request.embeddings, fileKeys, result);
    }
    return result;
  }

  private async storeVectors(
    projectId: string,
    embeddings: NonNullable<ParsedIngestRequest['embeddings']>,
    fileKeys: { hash: string; language: string }[],
    result: IngestResult,
  ): Promise<void> {
    // Only vectors of chunks of this request's files are taken, so a client cannot attach
    // vectors to content it did not send.
    const { rows } = await this.pool.query<{ chunk_hash: string }>(
      `SELECT DISTINCT chunk_hash FROM file_chunks
       WHERE (file_hash, language) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND chunk_hash = ANY($3::text[])`,
      [fileKeys.map((k) => k.hash), fileKeys.map((k) => k.language), Object.keys(embeddings.vectors)],
    );
    const matched = new Set(rows.map((r) => r.chunk_hash));
    const items = Object.entries(embeddings.vectors)
      .filter(([hash]) => matched.has(hash))
      .map(([hash, vector]) => ({ hash, vector }));
    result.vectorsUnmatched = Object.keys(embeddings.vectors).length - items.length;
    if (items.length === 0) return;
    await this.vectors.upsert(projectId, embeddings.model, items);
    result.vectorsStored = items.length;
    // The vectors became searchable after the batches' version bumps: bump again so no cache
    // keeps results computed without them.
    const bumped = await this.pool.query<{ index_version: string }>(
      'UPDATE projects SET index_version = index_version + 1 WHERE id = $1 RETURNING index_version',
      [projectId],
    );
    result.indexVersion = Number(bumped.rows[0].index_version);
  }

  /** Hashes the batch's files and parses those whose (hash, language) the server has never seen. */
  private async analyze(files: ParsedIngestRequest['files'], errors: IngestResult['errors']): Promise<AnalyzedFile[]> {
    const prepared = files.map((f) => ({
      path: f.path,
      content: f.content,
      language: f.language ?? languageForPath(f.path),
      hash: sha256(f.content),
      byteSize: Buffer.byteLength(f.content),
    }));
    const { rows: known } = await this.pool.query<{ hash: string; language: string }>(
      'SELECT hash, language FROM file_versions WHERE (hash, language) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
      [prepared.map((f) => f.hash), prepared.map((f) => f.language)],
    );
    const knownKeys = new Set(known.map((v) => `${v.hash}\0${v.language}`));
    const analyzed = await Promise.all(
      prepared.map(async ({ content, ...file }): Promise<AnalyzedFile | null> => {
        const base = { ...file, pathTerms: analyzeText(file.path) };
        if (knownKeys.has(`${file.hash}\0${file.language}`)) return { ...base, version: null };
        const outcome = await this.parsers.run({ path: file.path, content, language: file.language });
        if (!outcome.ok) {
          this.logger.warn({ path: file.path, error: outcome.message }, 'parse failed; file skipped');
          errors.push({ path: file.path, message: `could not be parsed: ${outcome.message}` });
          return null;
        }
        const { analysis, terms } = outcome;
        return { ...base, version: { parseFailed: analysis.parseFailed, imports: analysis.imports, chunks: analysis.chunks, terms } };
      }),
    );
    return analyzed.filter((f): f is AnalyzedFile => f !== null);
  }
}
