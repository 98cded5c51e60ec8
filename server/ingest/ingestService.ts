import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { sha256 } from '../../daemon/engine/parse/chunk';
import { languageForPath } from '../../daemon/engine/parse/languages';
import type { IngestResult, ParsedIngestRequest, Project } from '../../protocol/rest';
import { withTransaction } from '../db/pool';
import type { ModelRegistry } from '../stores/modelRegistry';
import type { VectorStore } from '../stores/vectorStore';
import type { IndexBatch, NewFileVersion, PathEntry } from './analyzedFile';
import { checkEmbeddings, missingVersions, storeVectors, versionKey, writeBatch } from './indexWriter';
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
    await checkEmbeddings(this.models, request.embeddings);
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
    let removedPaths = request.removedPaths;
    for (let start = 0; start === 0 || start < total; start += BATCH_FILES) {
      if (start > 0 && (await hooks.shouldStop?.())) throw new IngestCancelled(result);
      const batch = request.files.slice(start, start + BATCH_FILES);
      const { entries, versions } = await this.analyze(batch, result.errors);
      for (const entry of entries) fileKeys.push({ hash: entry.hash, language: entry.language });
      const stats = await withTransaction(this.pool, (client) => writeBatch(client, project.id, ref, { versions, entries, removedPaths }));
      removedPaths = [];
      result.filesChanged += stats.added + stats.changed;
      result.filesUnchanged += stats.unchanged;
      result.filesRemoved += stats.removed;
      result.contexts += stats.contexts;
      result.chunksWritten += stats.chunksWritten;
      result.indexVersion = stats.indexVersion;
      await hooks.onProgress?.(Math.min(start + batch.length, total), total);
    }
    if (request.embeddings) {
      const accepted = await this.chunkHashesOf(fileKeys, Object.keys(request.embeddings.vectors));
      const stored = await storeVectors({ pool: this.pool, vectors: this.vectors }, project.id, request.embeddings, accepted);
      result.vectorsStored = stored.stored;
      result.vectorsUnmatched = stored.unmatched;
      result.indexVersion = stored.indexVersion ?? result.indexVersion;
    }
    return result;
  }

  /** Which of `hashes` are chunks of these file versions (parsed now or long ago). */
  private async chunkHashesOf(fileKeys: { hash: string; language: string }[], hashes: string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query<{ chunk_hash: string }>(
      `SELECT DISTINCT chunk_hash FROM file_chunks
       WHERE (file_hash, language) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND chunk_hash = ANY($3::text[])`,
      [fileKeys.map((k) => k.hash), fileKeys.map((k) => k.language), hashes],
    );
    return new Set(rows.map((r) => r.chunk_hash));
  }

  /** Hashes the batch's files and parses those whose (hash, language) the server has never seen. */
  private async analyze(files: ParsedIngestRequest['files'], errors: IngestResult['errors']): Promise<Omit<IndexBatch, 'removedPaths'>> {
    const prepared = files.map((f) => ({
      path: f.path,
      content: f.content,
      language: f.language ?? languageForPath(f.path),
      hash: sha256(f.content),
    }));
    const unknown = await missingVersions(this.pool, prepared);
    const entries: PathEntry[] = [];
    const versions: NewFileVersion[] = [];
    await Promise.all(
      prepared.map(async ({ content, ...entry }) => {
        if (!unknown.has(versionKey(entry))) {
          entries.push(entry);
          return;
        }
        const outcome = await this.parsers.run({ path: entry.path, content, language: entry.language });
        if (!outcome.ok) {
          this.logger.warn({ path: entry.path, error: outcome.message }, 'parse failed; file skipped');
          errors.push({ path: entry.path, message: `could not be parsed: ${outcome.message}` });
          return;
        }
        const { analysis, terms } = outcome;
        entries.push(entry);
        versions.push({
          hash: entry.hash,
          language: entry.language,
          byteSize: Buffer.byteLength(content),
          parseFailed: analysis.parseFailed,
          imports: analysis.imports,
          chunks: analysis.chunks,
          terms,
        });
      }),
    );
    return { entries, versions };
  }
}
