import type { Database, Statement } from 'better-sqlite3';
import type { Chunk, FileAnalysis, Language, SearchResult } from '../../../protocol/engine';
import { chunkTerms } from './chunkTerms';
import type { ChunkTerms } from './parseTask';

export interface CatalogEntry {
  hash: string;
  size: number;
  mtimeMs: number;
  source: 'disk' | 'buffer';
}

export interface FileRecord {
  path: string;
  hash: string;
  size: number;
  mtimeMs: number;
  language: Language;
  source: 'disk' | 'buffer';
}

/**
 * All reads and writes of the catalog, chunks, contents and the FTS index.
 * Callers group writes in `transaction` so a kill never leaves a file half-written.
 */
export class IndexStore {
  private readonly stmts: ReturnType<typeof prepare>;

  constructor(readonly db: Database) {
    this.stmts = prepare(db);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  catalog(): Map<string, CatalogEntry> {
    const rows = this.stmts.catalog.all() as { path: string; hash: string; size: number; mtime_ms: number; source: 'disk' | 'buffer' }[];
    return new Map(rows.map((r) => [r.path, { hash: r.hash, size: r.size, mtimeMs: r.mtime_ms, source: r.source }]));
  }

  fileHashes(): string[] {
    return (this.stmts.fileHashes.all() as { hash: string }[]).map((r) => r.hash);
  }

  /** Every indexed file with its language, for the team sync's manifest. */
  languageCatalog(): Omit<FileRecord, 'mtimeMs'>[] {
    return this.stmts.languageCatalog.all() as Omit<FileRecord, 'mtimeMs'>[];
  }

  /** One file as stored: its record, imports and chunks in line order; undefined when not indexed. */
  storedFile(path: string): (FileRecord & FileAnalysis) | undefined {
    const r = this.stmts.fileRecord.get(path) as
      | { hash: string; size: number; mtime_ms: number; language: Language; imports: string; parse_failed: number; source: FileRecord['source'] }
      | undefined;
    if (!r) return undefined;
    return {
      path, hash: r.hash, size: r.size, mtimeMs: r.mtime_ms, language: r.language, source: r.source,
      imports: JSON.parse(r.imports) as string[], parseFailed: r.parse_failed === 1, chunks: this.chunksOf(path),
    };
  }

  catalogEntry(path: string): CatalogEntry | undefined {
    const r = this.stmts.catalogEntry.get(path) as { hash: string; size: number; mtime_ms: number; source: 'disk' | 'buffer' } | undefined;
    return r && { hash: r.hash, size: r.size, mtimeMs: r.mtime_ms, source: r.source };
  }

  /** Replaces everything indexed for one file with a fresh analysis. */
  putFile(file: FileRecord, analysis: FileAnalysis, terms: ChunkTerms[]): number {
    this.removeChunks(file.path);
    this.stmts.upsertFile.run(file.path, file.hash, file.size, file.mtimeMs, file.language, JSON.stringify(analysis.imports), analysis.parseFailed ? 1 : 0, file.source);
    analysis.chunks.forEach((chunk, i) => this.insertChunk(chunk, terms[i]));
    return analysis.chunks.length;
  }

  /** Indexes `file` by copying the chunks of an indexed file with the same content. Returns false if none is left. */
  copyFrom(file: FileRecord): boolean {
    const source = this.stmts.pathWithHash.get(file.hash, file.path, file.language) as { path: string; imports: string; parse_failed: number } | undefined;
    if (!source) return false;
    const chunks = this.chunksOf(source.path).map((c) => ({ ...c, path: file.path }));
    this.putFile(file, { chunks, imports: JSON.parse(source.imports), parseFailed: source.parse_failed === 1 }, chunks.map(chunkTerms));
    return true;
  }

  /** Records a new mtime (and where the content came from) for a file whose content did not change. */
  touchFile(path: string, size: number, mtimeMs: number, source: FileRecord['source'] = 'disk'): void {
    this.stmts.touchFile.run(size, mtimeMs, source, path);
  }

  /** Marks every file indexed from an editor buffer as stale, so the next run reads the disk. */
  forgetBuffers(): void {
    this.stmts.forgetBuffers.run();
  }

  removeFile(path: string): void {
    this.removeChunks(path);
    this.stmts.deleteFile.run(path);
  }

  /** Drops chunk texts no chunk refers to any more. */
  collectGarbage(): void {
    this.stmts.deleteOrphanContents.run();
  }

  chunksOf(path: string): Chunk[] {
    return (this.stmts.chunksOfPath.all(path) as ChunkRow[]).map(rowToChunk);
  }

  getMeta(key: string): string | undefined {
    return (this.stmts.getMeta.get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value);
  }

  counts(): { files: number; chunks: number; languages: Record<string, number> } {
    const files = (this.stmts.countFiles.get() as { n: number }).n;
    const chunks = (this.stmts.countChunks.get() as { n: number }).n;
    const languages = Object.fromEntries((this.stmts.languages.all() as { language: string; n: number }[]).map((r) => [r.language, r.n]));
    return { files, chunks, languages };
  }

  private insertChunk(chunk: Chunk, terms: ChunkTerms): void {
    this.stmts.insertContent.run(chunk.hash, chunk.content);
    const { lastInsertRowid } = this.stmts.insertChunk.run(
      chunk.path, chunk.hash, chunk.language, chunk.kind, chunk.name, chunk.qualifiedName, chunk.signature,
      chunk.docComment, chunk.startLine, chunk.endLine, chunk.complexity ?? null,
    );
    this.stmts.insertFts.run(lastInsertRowid, terms.name, terms.signature, terms.doc, terms.path, terms.body);
  }

  private removeChunks(path: string): void {
    this.stmts.deleteFtsOfPath.run(path);
    this.stmts.deleteChunksOfPath.run(path);
  }
}

export interface ChunkRow {
  id: number;
  path: string;
  hash: string;
  language: string;
  kind: string;
  name: string;
  qualified_name: string;
  signature: string;
  doc: string;
  start_line: number;
  end_line: number;
  complexity: number | null;
  content: string;
}

export function rowToChunk(r: ChunkRow): Chunk {
  return {
    path: r.path,
    hash: r.hash,
    language: r.language as Chunk['language'],
    kind: r.kind as Chunk['kind'],
    name: r.name,
    qualifiedName: r.qualified_name,
    signature: r.signature,
    docComment: r.doc,
    startLine: r.start_line,
    endLine: r.end_line,
    content: r.content,
    ...(r.complexity === null ? {} : { complexity: r.complexity }),
  };
}

export function rowToResult(row: ChunkRow, score: number): SearchResult {
  const chunk = rowToChunk(row);
  return {
    path: chunk.path,
    startLine: chunk.startLine,
    endLine: chunk.endLine,
    language: chunk.language,
    kind: chunk.kind,
    name: chunk.name,
    qualifiedName: chunk.qualifiedName,
    signature: chunk.signature,
    score: Math.round(score * 1000) / 1000,
    content: chunk.content,
    hash: chunk.hash,
  };
}

export const CHUNK_COLUMNS = `c.id, c.path, c.hash, c.language, c.kind, c.name, c.qualified_name, c.signature, c.doc,
  c.start_line, c.end_line, c.complexity, t.content`;

function prepare(db: Database): Record<string, Statement> {
  return {
    catalog: db.prepare('SELECT path, hash, size, mtime_ms, source FROM files'),
    fileHashes: db.prepare('SELECT DISTINCT hash FROM files'),
    catalogEntry: db.prepare('SELECT hash, size, mtime_ms, source FROM files WHERE path = ?'),
    languageCatalog: db.prepare('SELECT path, hash, size, language, source FROM files'),
    fileRecord: db.prepare('SELECT hash, size, mtime_ms, language, imports, parse_failed, source FROM files WHERE path = ?'),
    pathWithHash: db.prepare('SELECT path, imports, parse_failed FROM files WHERE hash = ? AND path <> ? AND language = ? LIMIT 1'),
    upsertFile: db.prepare(`INSERT INTO files (path, hash, size, mtime_ms, language, imports, parse_failed, source)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(path) DO UPDATE SET hash = excluded.hash, size = excluded.size, mtime_ms = excluded.mtime_ms,
        language = excluded.language, imports = excluded.imports, parse_failed = excluded.parse_failed, source = excluded.source`),
    touchFile: db.prepare('UPDATE files SET size = ?, mtime_ms = ?, source = ? WHERE path = ?'),
    deleteFile: db.prepare('DELETE FROM files WHERE path = ?'),
    forgetBuffers: db.prepare("UPDATE files SET source = 'disk', mtime_ms = -1 WHERE source = 'buffer'"),
    insertContent: db.prepare('INSERT OR IGNORE INTO contents (hash, content) VALUES (?, ?)'),
    insertChunk: db.prepare(`INSERT INTO chunks (path, hash, language, kind, name, qualified_name, signature, doc, start_line, end_line, complexity)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertFts: db.prepare('INSERT INTO chunks_fts (rowid, name, signature, doc, path, body) VALUES (?, ?, ?, ?, ?, ?)'),
    deleteFtsOfPath: db.prepare('DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE path = ?)'),
    deleteChunksOfPath: db.prepare('DELETE FROM chunks WHERE path = ?'),
    deleteOrphanContents: db.prepare('DELETE FROM contents WHERE NOT EXISTS (SELECT 1 FROM chunks WHERE chunks.hash = contents.hash)'),
    chunksOfPath: db.prepare(`SELECT ${CHUNK_COLUMNS} FROM chunks c JOIN contents t ON t.hash = c.hash WHERE c.path = ? ORDER BY c.start_line, c.id`),
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    countFiles: db.prepare('SELECT count(*) AS n FROM files'),
    countChunks: db.prepare('SELECT count(*) AS n FROM chunks'),
    languages: db.prepare('SELECT language, count(*) AS n FROM files GROUP BY language'),
  };
}
