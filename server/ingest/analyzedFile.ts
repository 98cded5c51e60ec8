import type { ChunkTerms } from '../../daemon/engine/index/parseTask';
import type { Chunk, Language } from '../../protocol/engine';

/** What parsing produced for a file version the server did not have. */
export interface ParsedVersion {
  parseFailed: boolean;
  imports: string[];
  chunks: Chunk[];
  terms: ChunkTerms[];
}

/** A file of an ingest batch, ready to be written. */
export interface AnalyzedFile {
  path: string;
  language: Language;
  /** sha256 of the content. */
  hash: string;
  byteSize: number;
  /** Identifier-split terms of the path. */
  pathTerms: string;
  /** Null when the server already holds this (hash, language): its chunks are copied. */
  version: ParsedVersion | null;
}
