// Types of the local engine, shared by the CLI, the daemon, the extension and the server.
// Every process boundary imports these from here; nothing redeclares them.
import type { EmbeddingProgress } from './embeddings';

export const LANGUAGES = [
  'typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java', 'c', 'cpp', 'csharp',
  'ruby', 'php', 'kotlin', 'swift', 'bash', 'markdown', 'json', 'yaml', 'toml', 'text',
] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a chunk is. `block` is a line window of a file (unknown text, data files, parse failures). */
export const CHUNK_KINDS = [
  'function', 'method', 'class', 'interface', 'type', 'enum', 'struct', 'impl', 'trait',
  'namespace', 'module', 'section', 'block',
] as const;
export type ChunkKind = (typeof CHUNK_KINDS)[number];

/** One searchable unit of a file: a definition, a module-level block, a heading section or a line window. */
export interface Chunk {
  /** Path relative to the indexed folder, with forward slashes. */
  path: string;
  language: Language;
  kind: ChunkKind;
  name: string;
  /** `Class.method`, `module.func`; equals `name` at top level. */
  qualifiedName: string;
  /** The declaration line(s) up to the body, whitespace-collapsed. */
  signature: string;
  docComment: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  content: string;
  /** sha256 hex of `content`: chunks are content-addressed. */
  hash: string;
  /** Cyclomatic complexity, for functions and methods. */
  complexity?: number;
}

/** What the parser extracts from one file. */
export interface FileAnalysis {
  chunks: Chunk[];
  imports: string[];
  /** True when tree-sitter could not parse the file and it was chunked by line windows. */
  parseFailed: boolean;
}

export interface SearchFilters {
  language?: string;
  /** A glob matched against the relative path (picomatch syntax). */
  pathGlob?: string;
  kind?: string;
}

export interface SearchOptions extends SearchFilters {
  limit?: number;
}

export interface SearchResult {
  path: string;
  startLine: number;
  endLine: number;
  language: Language;
  kind: ChunkKind;
  name: string;
  qualifiedName: string;
  signature: string;
  score: number;
  content: string;
  /** Chunk content hash (lets clients dedupe and fetch vectors). */
  hash: string;
}

export const SKIP_REASONS = [
  'ignored', 'binary', 'too-large', 'minified', 'generated', 'symlink-loop', 'unreadable', 'invalid-utf8',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface IndexProgress {
  phase: 'scan' | 'index' | 'done';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface IndexSummary {
  files: number;
  chunks: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Chunks written this run (reused content-addressed chunks are not counted). */
  chunksWritten: number;
  skipped: Partial<Record<SkipReason, number>>;
  errors: { path: string; message: string }[];
  bytes: number;
  durationMs: number;
}

export interface IndexStatus {
  root: string;
  dbPath: string;
  files: number;
  chunks: number;
  dbBytes: number;
  /** ms since epoch of the last completed index run, or null if never. */
  lastIndexedAt: number | null;
  schemaVersion: number;
  languages: Partial<Record<Language, number>>;
  /** Present when an embedding provider is configured. */
  embeddings?: EmbeddingStatus;
}

/** A request for context: a free-text query, or the code around a file range. */
export type ContextRequest =
  | { query: string; budget: number; filters?: SearchFilters }
  | { path: string; startLine: number; endLine: number; budget: number };

export interface ContextSpan {
  path: string;
  language: Language;
  startLine: number;
  endLine: number;
}

export interface ContextPack {
  markdown: string;
  tokens: number;
  budget: number;
  spans: ContextSpan[];
}

/** Background embedding and the vectors search can use now. */
export interface EmbeddingStatus extends EmbeddingProgress {
  /** Vectors of live chunks that search ranks now. */
  vectors: number;
  /** Which vector index answers: exact scan while small, HNSW beyond; null before it is loaded. */
  vectorIndex: 'exact' | 'hnsw' | null;
  /** Running totals across runs for this provider. */
  totals: { calls: number; embedded: number; callsSaved: number; reused: number; redacted: number; skipped: number; failed: number };
  /** Why the last hybrid query fell back to keyword results, if it did. */
  lastQueryError?: string;
  /** Why the last lookup of team vectors failed (the provider embedded those chunks instead), if it did. */
  lastRemoteError?: string;
}
