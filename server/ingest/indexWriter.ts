import type { PoolClient } from 'pg';
import type { AnalyzedFile } from './analyzedFile';

export interface BatchStats {
  filesChanged: number;
  filesUnchanged: number;
  filesRemoved: number;
  contexts: number;
  chunksWritten: number;
  indexVersion: number;
}

/** Weighted like the local engine's bm25 columns: name > signature > doc and path > body. */
const CHUNK_TERMS_SQL = `setweight(to_tsvector('simple', t_name), 'A') || setweight(to_tsvector('simple', t_signature), 'B')
  || setweight(to_tsvector('simple', t_doc), 'C') || setweight(to_tsvector('simple', t_body), 'D')`;

function unique<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** Stores file versions the server did not have: chunk contents (deduplicated) and chunk rows. */
async function writeVersions(client: PoolClient, files: AnalyzedFile[]): Promise<number> {
  const parsed = unique(files.filter((f) => f.version !== null), (f) => `${f.hash}\0${f.language}`);
  const contents = unique(parsed.flatMap((f) => f.version!.chunks), (c) => c.hash);
  const { rowCount: chunksWritten } = await client.query(
    'INSERT INTO chunk_contents (hash, content) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (hash) DO NOTHING',
    [contents.map((c) => c.hash), contents.map((c) => c.content)],
  );
  const { rows: inserted } = await client.query<{ hash: string; language: string }>(
    `INSERT INTO file_versions (hash, language, byte_size, parse_failed, imports, chunk_count)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bool[], $5::jsonb[], $6::int[])
     ON CONFLICT (hash, language) DO NOTHING RETURNING hash, language`,
    [
      parsed.map((f) => f.hash),
      parsed.map((f) => f.language),
      parsed.map((f) => f.byteSize),
      parsed.map((f) => f.version!.parseFailed),
      parsed.map((f) => JSON.stringify(f.version!.imports)),
      parsed.map((f) => f.version!.chunks.length),
    ],
  );
  // Another ingest may have stored the same version meanwhile: its chunk rows are already there.
  const insertedKeys = new Set(inserted.map((r) => `${r.hash}\0${r.language}`));
  const rows = parsed
    .filter((f) => insertedKeys.has(`${f.hash}\0${f.language}`))
    .flatMap((f) => f.version!.chunks.map((chunk, ordinal) => ({ f, chunk, ordinal, terms: f.version!.terms[ordinal] })));
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
      rows.map((r) => r.f.hash),
      rows.map((r) => r.f.language),
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
  return chunksWritten ?? 0;
}

/**
 * Writes one batch of files and removals for a (project, ref) inside the caller's transaction.
 * Concurrent ingests of one project are serialised by an advisory lock, so the manifest, the
 * contexts and the project's counters always agree. Contexts are copied from the stored file
 * versions in SQL, whether this batch parsed them or another project did long ago.
 */
export async function writeBatch(
  client: PoolClient,
  projectId: string,
  ref: string,
  files: AnalyzedFile[],
  removedPaths: string[],
): Promise<BatchStats> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('mobius:ingest:' || $1, 0))`, [projectId]);
  const chunksWritten = await writeVersions(client, files);

  const { rows: current } = await client.query<{ path: string; file_hash: string; language: string }>(
    'SELECT path, file_hash, language FROM project_files WHERE project_id = $1 AND ref = $2 AND path = ANY($3::text[])',
    [projectId, ref, files.map((f) => f.path)],
  );
  const before = new Map(current.map((r) => [r.path, `${r.file_hash}\0${r.language}`]));
  const changed = files.filter((f) => before.get(f.path) !== `${f.hash}\0${f.language}`);

  const replacedPaths = [...changed.map((f) => f.path), ...removedPaths];
  const { rowCount: contextsDeleted } = await client.query(
    'DELETE FROM contexts WHERE project_id = $1 AND ref = $2 AND path = ANY($3::text[])',
    [projectId, ref, replacedPaths],
  );
  const { rowCount: filesRemoved } = await client.query(
    'DELETE FROM project_files WHERE project_id = $1 AND ref = $2 AND path = ANY($3::text[])',
    [projectId, ref, removedPaths],
  );
  const { rows: upserted } = await client.query<{ inserted: boolean }>(
    `INSERT INTO project_files (project_id, ref, path, file_hash, language)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[])
     ON CONFLICT (project_id, ref, path) DO UPDATE SET file_hash = EXCLUDED.file_hash, language = EXCLUDED.language, updated_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [projectId, ref, changed.map((f) => f.path), changed.map((f) => f.hash), changed.map((f) => f.language)],
  );
  const filesAdded = upserted.filter((r) => r.inserted).length;

  const { rowCount: contexts } = await client.query(
    `INSERT INTO contexts (project_id, ref, path, ordinal, language, kind, name, qualified_name, signature, doc_comment,
                           start_line, end_line, complexity, chunk_hash, file_hash, search_terms)
     SELECT $1, $2, f.path, fc.ordinal, fc.language, fc.kind, fc.name, fc.qualified_name, fc.signature, fc.doc_comment,
            fc.start_line, fc.end_line, fc.complexity, fc.chunk_hash, fc.file_hash,
            fc.terms || setweight(to_tsvector('simple', f.path_terms), 'C')
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS f(path, file_hash, language, path_terms)
     JOIN file_chunks fc ON fc.file_hash = f.file_hash AND fc.language = f.language`,
    [projectId, ref, changed.map((f) => f.path), changed.map((f) => f.hash), changed.map((f) => f.language), changed.map((f) => f.pathTerms)],
  );

  const { rows: project } = await client.query<{ index_version: string }>(
    `UPDATE projects SET index_version = index_version + 1, file_count = file_count + $2, context_count = context_count + $3
     WHERE id = $1 RETURNING index_version`,
    [projectId, filesAdded - (filesRemoved ?? 0), (contexts ?? 0) - (contextsDeleted ?? 0)],
  );
  return {
    filesChanged: changed.length,
    filesUnchanged: files.length - changed.length,
    filesRemoved: filesRemoved ?? 0,
    contexts: contexts ?? 0,
    chunksWritten,
    indexVersion: Number(project[0].index_version),
  };
}
