import type { ChunkTerms } from '../../daemon/engine/index/parseTask';
import type { Chunk, Language } from '../../protocol/engine';

/** The fields of a chunk a file version stores: a parsed Chunk and an uploaded SyncChunk both have them. */
export type VersionChunk = Pick<Chunk, 'kind' | 'name' | 'qualifiedName' | 'signature' | 'docComment' | 'startLine' | 'endLine' | 'content' | 'hash'> & {
  complexity?: number | null;
};

/** A file version to store (parsed by the server's ingest, or uploaded by a syncing daemon). */
export interface NewFileVersion {
  /** sha256 of the file content. */
  hash: string;
  language: Language;
  byteSize: number;
  parseFailed: boolean;
  imports: string[];
  chunks: VersionChunk[];
  /** The search terms of each chunk, in the same order. */
  terms: ChunkTerms[];
}

/** A path of a (project, ref) and the file version it points at. */
export interface PathEntry {
  path: string;
  /** sha256 of the file content. */
  hash: string;
  language: Language;
}

/** What one transaction of the index writer receives. */
export interface IndexBatch {
  /** Versions the server may not hold yet; those it holds are left as they are. */
  versions: NewFileVersion[];
  /** Paths to point at their versions; every version must be stored (now or before). */
  entries: PathEntry[];
  removedPaths: string[];
}
