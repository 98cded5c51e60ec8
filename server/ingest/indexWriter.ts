// The one writer of a project's index, shared by the server's ingest and by team sync: stores
// file versions (content-addressed, deduplicated across projects), points paths of a (project,
// ref) at versions, and attaches the client's vectors.
import type { Pool, PoolClient } from 'pg';
import { analyzeText } from '../../daemon/engine/search/terms';
import { ApiError } from '../http/apiError';
import type { ModelRegistry } from '../stores/modelRegistry';
import type { VectorStore } from '../stores/vectorStore';
import type { IndexBatch, NewFileVersion, PathEntry } from './analyzedFile';

export interface VersionStats {
  /** File versions new to the server. */
  versionsStored: number;
  /** Chunk contents new to the server. */
  chunksWritten: number;
}

export interface PathStats {
  /** Paths new to the ref. */
  added: number;
  /** Paths whose file version changed. */
  changed: number;
  unchanged: number;
  removed: number;
  /** Contexts (chunk rows) written for the added and changed paths. */
  contexts: number;
  indexVersion: number;
  /** The added and changed paths with their new versions. */
  applied: PathEntry[];
}

export type BatchStats = VersionStats & PathStats;

/** Vectors a client computed, by chunk content hash. */
export interface UploadedEmbeddings {
  model: string;
  vectors: Record<string, number[]>;
}

/**
 * Contexts are copied at roughly 7,000 rows a second on 2 cores (the full-text index dominates):
 * slices of this many paths keep each statement well inside the pool's statement timeout, however
 * large the manifest.
 */
const COPY_PATHS_PER_STATEMENT = 5_000;

/** Weighted like the local engine's bm25 columns: name > signature > doc and path > body. */
const CHUNK_TERMS_SQL = `setweight(to_tsvector('simple', t_name), 'A') || setweight(to_tsvector('simple', t_signature), 'B')
  || setweight(to_tsvector('simple', t_doc), 'C') || setweight(to_tsvector('simple', t_body), 'D')`;

export interface VersionKey {
  hash: string;
  language: string;
}

/** A file version's identity as one string, for sets and maps. */
export const versionKey = (v: VersionKey) => `${v.hash}\0${v.language}`;

/** The first item of each key, sorted by key: concurrent writers then lock rows in one order and cannot deadlock. */
function uniqueSorted<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
}

/**
 * Serialises writers of one project's index until the transaction ends, so the manifest, the
 * contexts and the project's counters always agree.
 */
export async function lockProjectIndex(client: PoolClient, projectId: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('mobius:ingest:' || $1, 0))`, [projectId]);
}

/** The project's index version (as it stands in the transaction, given a transaction's client). */
export async function indexVersionOf(client: Pool | PoolClient, projectId: string): Promise<number> {
  const { rows } = await client.query<{ index_version: string }>('SELECT index_version FROM projects WHERE id = $1', [projectId]);
  return Number(rows[0].index_version);
}

/** The versionKeys of the versions the server does not hold; only those need parsing or uploading. */
export async function missingVersions(db: Pool | PoolClient, versions: VersionKey[]): Promise<Set<string>> {
  const { rows } = await db.query<VersionKey>(
    `SELECT m.hash, m.language FROM unnest($1::text[], $2::text[]) AS m(hash, language)
     WHERE NOT EXISTS (SELECT 1 FROM file_versions fv WHERE fv.hash = m.hash AND fv.language = m.language)`,
    [versions.map((v) => v.hash), versions.map((v) => v.language)],
  );
  return new Set(rows.map(versionKey));
}

/** Stores file versions the server does not hold: chunk contents (deduplicated) and chunk rows. */
export async function writeVersions(client: PoolClient, versions: NewFileVersion[]): Promise<VersionStats> {
  const distinct = uniqueSorted(versions, versionKey);
  const contents = uniqueSorted(distinct.flatMap((v) => v.chunks), (c) => c.hash);
  if (distinct.length === 0) return { versionsStored: 0, chunksWritten: 0 };
  const { rowCount: chunksWritten } = await client.query(
    'INSERT INTO chunk_contents (hash, content) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (hash) DO NOTHING',
    [contents.map((c) => c.hash), contents.map((c) => c.content)],
  );
  const { rows: inserted } = await client.query<{ hash: string; language: string }>(
    `INSERT INTO file_versions (hash, language, byte_size, parse_failed, imports, chunk_count)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bool[], $5::jsonb[], $6::int[])
     ON CONFLICT (hash, language) DO NOTHING RETURNING hash, language`,
    [
      distinct.map((v) => v.hash),
      distinct.map((v) => v.language),
      distinct.map((v) => v.byteSize),
      distinct.map((v) => v.parseFailed),
      distinct.map((v) => JSON.stringify(v.imports)),
      distinct.map((v) => v.chunks.length),
    ],
  );
  // A version stored before (or by a concurrent writer) keeps its chunk rows.
  const insertedKeys = new Set(inserted.map(versionKey));
  const rows = distinct
    .filter((v) => insertedKeys.has(versionKey(v)))
    .flatMap((v) => v.chunks.map((chunk, ordinal) => ({ v, chunk, ordinal, terms: v.terms[ordinal] })));
  await client.query(
    `INSERT INTO file_chunks (file_hash, language, ordinal, chunk_hash, kind, name, qualified_name, signature, doc_comment,
                              start_line, end_line, complexity, terms)
     SELECT file_hash, language, ordinal, chunk_hash, kind, name, qualified_name, signature, doc_comment,
            start_line, end_line, complexity, ${CHUNK_TERMS_SQL}
     FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::int[], $11::int[], $12::int[], $13::text[], $14::text[], $15::text[], $16::text[])
       AS t(file_hash, language, ordinal, chunk_hash, kind, name, qualified_name, signature, doc_comment,
            start_line, end_line, complexity, t_name, t_signature, t_doc, t_body)`,
    [
      rows.map((r) => r.v.hash),
      rows.map((r) => r.v.language),
      rows.map((r) => r.ordinal),
      rows.map((r) => r.chunk.hash),
      rows.map((r) => r.chunk.kind),
      rows.map((r) => r.chunk.name),
      rows.map((r) => r.chunk.qualifiedName),
      rows.map((r) => r.chunk.signature),
      rows.map((r) => r.chunk.docComment),
      rows.map((r) => r.chunk.startLine),
      rows.map((r) => r.chunk.endLine),
      rows.map((r) => r.chunk.complexity ?? null),
      rows.map((r) => r.terms.name),
      rows.map((r) => r.terms.signature),
      rows.map((r) => r.terms.doc),
      rows.map((r) => r.terms.body),
    ],
  );
  return { versionsStored: inserted.length, chunksWritten: chunksWritten ?? 0 };
}

/**
 * Points paths of a (project, ref) at their file versions and removes `removedPaths`, inside the
 * caller's transaction and project lock. Contexts are copied from the stored versions in SQL,
 * whoever stored them. Every statement is set-based, so a manifest of tens of thousands of paths
 * costs a few statements; each is written so that its plan stays linear even when the planner's
 * statistics are stale after a bulk load (path lists as hashed `= ANY`, chunks copied by index
 * lookups from each path), since a nested loop over two large sets would take minutes.
 * The index version is bumped only when something changed, since search caches key on it.
 */
export async function applyPaths(client: PoolClient, projectId: string, ref: string, entries: PathEntry[], removedPaths: string[]): Promise<PathStats> {
  const { rows: changed } = entries.length
    ? await client.query<PathEntry>(
        `SELECT m.path, m.hash, m.language
         FROM unnest($3::text[], $4::text[], $5::text[]) AS m(path, hash, language)
         LEFT JOIN project_files pf ON pf.project_id = $1 AND pf.ref = $2 AND pf.path = m.path
         WHERE pf.file_hash IS DISTINCT FROM m.hash OR pf.language IS DISTINCT FROM m.language`,
        [projectId, ref, entries.map((e) => e.path), entries.map((e) => e.hash), entries.map((e) => e.language)],
      )
    : { rows: [] };
  const unchanged = entries.length - changed.length;
  if (changed.length === 0 && removedPaths.length === 0) {
    return { added: 0, changed: 0, unchanged, removed: 0, contexts: 0, indexVersion: await indexVersionOf(client, projectId), applied: [] };
  }

  const { rowCount: contextsDeleted } = await client.query(
    'DELETE FROM contexts WHERE project_id = $1 AND ref = $2 AND path = ANY($3::text[])',
    [projectId, ref, [...changed.map((e) => e.path), ...removedPaths]],
  );
  const { rowCount: removed } = await client.query(
    'DELETE FROM project_files WHERE project_id = $1 AND ref = $2 AND path = ANY($3::text[])',
    [projectId, ref, removedPaths],
  );
  const { rows: upserted } = await client.query<{ inserted: boolean }>(
    `INSERT INTO project_files (project_id, ref, path, file_hash, language)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[])
     ON CONFLICT (project_id, ref, path) DO UPDATE SET file_hash = EXCLUDED.file_hash, language = EXCLUDED.language, updated_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [projectId, ref, changed.map((e) => e.path), changed.map((e) => e.hash), changed.map((e) => e.language)],
  );
  const added = upserted.filter((r) => r.inserted).length;
  let contexts = 0;
  for (let start = 0; start < changed.length; start += COPY_PATHS_PER_STATEMENT) {
    const slice = changed.slice(start, start + COPY_PATHS_PER_STATEMENT);
    const { rowCount } = await client.query(
      `INSERT INTO contexts (project_id, ref, path, ordinal, language, kind, name, qualified_name, signature, doc_comment,
                             start_line, end_line, complexity, chunk_hash, file_hash, search_terms)
       SELECT $1, $2, f.path, fc.ordinal, fc.language, fc.kind, fc.name, fc.qualified_name, fc.signature, fc.doc_comment,
              fc.start_line, fc.end_line, fc.complexity, fc.chunk_hash, fc.file_hash,
              fc.terms || setweight(to_tsvector('simple', f.path_terms), 'C')
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS f(path, file_hash, language, path_terms)
       CROSS JOIN LATERAL (SELECT * FROM file_chunks WHERE file_hash = f.file_hash AND language = f.language) fc`,
      [projectId, ref, slice.map((e) => e.path), slice.map((e) => e.hash), slice.map((e) => e.language), slice.map((e) => analyzeText(e.path))],
    );
    contexts += rowCount ?? 0;
  }
  const { rows: project } = await client.query<{ index_version: string }>(
    `UPDATE projects SET index_version = index_version + 1, file_count = file_count + $2, context_count = context_count + $3
     WHERE id = $1 RETURNING index_version`,
    [projectId, added - (removed ?? 0), contexts - (contextsDeleted ?? 0)],
  );
  return {
    added,
    changed: changed.length - added,
    unchanged,
    removed: removed ?? 0,
    contexts,
    indexVersion: Number(project[0].index_version),
    applied: changed,
  };
}

/** One transaction's worth of index writes: new versions, then the paths pointing at them. */
export async function writeBatch(client: PoolClient, projectId: string, ref: string, batch: IndexBatch): Promise<BatchStats> {
  await lockProjectIndex(client, projectId);
  const versions = await writeVersions(client, batch.versions);
  const paths = await applyPaths(client, projectId, ref, batch.entries, batch.removedPaths);
  return { ...versions, ...paths };
}

/** Refuses vectors of mixed sizes, or of a size the model does not produce, before anything is written. */
export async function checkEmbeddings(models: ModelRegistry, embeddings: UploadedEmbeddings | undefined): Promise<void> {
  if (!embeddings) return;
  const dimensions = new Set(Object.values(embeddings.vectors).map((v) => v.length));
  if (dimensions.size > 1) {
    throw new ApiError(400, 'DIMENSION_MISMATCH', `embeddings.vectors mixes dimensions ${[...dimensions].join(', ')}; one model gives one size`);
  }
  const [dimension] = dimensions;
  if (dimension !== undefined) await models.ensure(embeddings.model, dimension);
}

/**
 * Stores the client's vectors whose hash is in `accepted` (chunks of the request's files, so a
 * client cannot attach vectors to content it did not send), after the batches committed; the
 * index version is bumped again so no cache keeps results computed without them.
 */
export async function storeVectors(
  deps: { pool: Pool; vectors: VectorStore },
  projectId: string,
  embeddings: UploadedEmbeddings,
  accepted: ReadonlySet<string>,
): Promise<{ stored: number; unmatched: number; indexVersion: number | null }> {
  const items = Object.entries(embeddings.vectors)
    .filter(([hash]) => accepted.has(hash))
    .map(([hash, vector]) => ({ hash, vector }));
  const unmatched = Object.keys(embeddings.vectors).length - items.length;
  if (items.length === 0) return { stored: 0, unmatched, indexVersion: null };
  await deps.vectors.upsert(projectId, embeddings.model, items);
  const bumped = await deps.pool.query<{ index_version: string }>(
    'UPDATE projects SET index_version = index_version + 1 WHERE id = $1 RETURNING index_version',
    [projectId],
  );
  return { stored: items.length, unmatched, indexVersion: Number(bumped.rows[0].index_version) };
}
