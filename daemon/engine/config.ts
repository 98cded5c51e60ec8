import * as os from 'node:os';
import type { EmbeddingConfig } from '../../protocol/embeddings';
import type { FusionWeights } from './semantic/hybridSearch';

/** What an engine indexes and how hard it works. Every field has a default that needs no set-up. */
export interface EngineConfig {
  /** Globs (relative, posix) a file must match to be indexed; empty = every file. */
  include: string[];
  /** Globs of files never indexed, on top of .gitignore and .mobiusignore. */
  exclude: string[];
  /** Files larger than this are skipped. */
  maxFileBytes: number;
  /** Parse worker threads. */
  workers: number;
  /** Where vectors come from; absent (or provider `none`) means keyword search alone and no network. */
  embeddings?: EmbeddingConfig;
  /** How hybrid search weighs keyword against vector ranks; defaults tuned on bench/retrieval-hybrid.ts. */
  fusion?: Partial<FusionWeights>;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

export function defaultEngineConfig(): EngineConfig {
  return {
    include: [],
    exclude: [],
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    workers: Math.max(1, Math.min(os.availableParallelism?.() ?? os.cpus().length, 4)),
  };
}
