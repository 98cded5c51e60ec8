import type { Pool } from 'pg';
import type { ChunkKind, Language } from '../../protocol/engine';
import type { Context, ContextSummary } from '../../protocol/rest';

interface ContextRow {
  id: string;
  project_id: string;
  ref: string;
  path: string;
  language: Language;
  kind: ChunkKind;
  name: string;
  qualified_name: string;
  signature: string;
  doc_comment: string;
  start_line: number;
  end_line: number;
  complexity: number | null;
  chunk_hash: string;
  file_hash: string;
}

export interface ContextFilter {
  ref: string;
  path?: string;
  /** Paths allowed by a glob, already resolved. */
  paths?: string[];
  language?: string;
  kind?: string;
}

const SUMMARY_COLUMNS = `c.id, c.project_id, c.ref, c.path, c.language, c.kind, c.name, c.qualified_name, c.signature,
  c.doc_comment, c.start_line, c.end_line, c.complexity, c.chunk_hash, c.file_hash`;

function toSummary(row: ContextRow): ContextSummary {
  return {
    id: row.id,
    projectId: row.project_id,
    ref: row.ref,
    path: row.path,
    language: row.language,
    kind: row.kind,
    name: row.name,
    qualifiedName: row.qualified_name,
    signature: row.signature,
    docComment: row.doc_comment,
    startLine: row.start_line,
    endLine: row.end_line,
    complexity: row.complexity,
    hash: row.chunk_hash,
    fileHash: row.file_hash,
  };
}

/** Reads of a project's contexts (the searchable chunk rows). */
export class ContextStore {
  constructor(private readonly pool: Pool) {}

  async list(projectId: string, filter: ContextFilter, offset: number, limit: number): Promise<{ items: ContextSummary[]; total: number }> {
    const where = `c.project_id = $1 AND c.ref = $2 AND ($3::text IS NULL OR c.path = $3)
      AND ($4::text[] IS NULL OR c.path = ANY($4::text[])) AND ($5::text IS NULL OR c.language = $5) AND ($6::text IS NULL OR c.kind = $6)`;
    const params = [projectId, filter.ref, filter.path ?? null, filter.paths ?? null, filter.language ?? null, filter.kind ?? null];
    const [page, count] = await Promise.all([
      this.pool.query<ContextRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM contexts c WHERE ${where} ORDER BY c.path, c.ordinal LIMIT $7 OFFSET $8`,
        [...params, limit, offset],
      ),
      this.pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM contexts c WHERE ${where}`, params),
    ]);
    return { items: page.rows.map(toSummary), total: count.rows[0].total };
  }

  async get(projectId: string, contextId: string): Promise<Context | null> {
    const { rows } = await this.pool.query<ContextRow & { content: string }>(
      `SELECT ${SUMMARY_COLUMNS}, cc.content FROM contexts c JOIN chunk_contents cc ON cc.hash = c.chunk_hash
       WHERE c.project_id = $1 AND c.id = $2`,
      [projectId, contextId],
    );
    return rows[0] ? { ...toSummary(rows[0]), content: rows[0].content } : null;
  }
}
