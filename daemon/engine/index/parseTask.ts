import type { FileAnalysis, Language, SkipReason } from '../../../protocol/engine';

/** Analyzed search terms for one chunk, one string per FTS column. */
export interface ChunkTerms {
  name: string;
  signature: string;
  doc: string;
  path: string;
  body: string;
}

/** What the indexer asks a parse worker to do with one file. */
export interface ParseTask {
  relPath: string;
  /** Read from here, unless `content` is given (an editor's unsaved buffer). */
  absPath: string;
  content?: string;
  /** The catalog's hash for this path: equal content means only the mtime moved. */
  previousHash?: string;
  /** Parse even if another file has the same content (its chunks could not be copied). */
  forceParse?: boolean;
}

export type ParseOutcome =
  | { kind: 'skipped'; reason: SkipReason }
  | { kind: 'vanished' }
  | { kind: 'failed'; message: string }
  | { kind: 'unchanged'; hash: string; size: number }
  /** Same content as another indexed file: the indexer copies that file's chunks. */
  | { kind: 'duplicate'; hash: string; size: number }
  | { kind: 'parsed'; hash: string; size: number; language: Language; analysis: FileAnalysis; terms: ChunkTerms[] };

/** Sent once per index run: file hashes already in the index, so duplicates skip parsing. */
export interface KnownHashes {
  knownHashes: string[];
}
