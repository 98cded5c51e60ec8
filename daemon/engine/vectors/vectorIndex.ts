import type { VectorHit } from './topK';

export type { VectorHit } from './topK';

/** Labels a search may return: a set of allowed labels, or a predicate. Applied before ranking. */
export type LabelFilter = ReadonlySet<number> | ((label: number) => boolean);

/**
 * Nearest-neighbour search over unit vectors by inner product. Labels are the caller's integer ids
 * (the embeddings table's row ids), so an index never holds strings.
 */
export interface VectorIndex {
  readonly kind: 'exact' | 'hnsw';
  readonly dimensions: number;
  /** Live vectors (removed ones excluded). */
  readonly size: number;
  has(label: number): boolean;
  /** Adds or replaces the vector under `label`. */
  add(label: number, vector: Float32Array): void;
  remove(label: number): void;
  /** Up to `k` hits, best first, each allowed by `filter`. */
  search(query: Float32Array, k: number, filter?: LabelFilter): VectorHit[];
}

export function filterPredicate(filter: LabelFilter | undefined): ((label: number) => boolean) | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter === 'function') return filter;
  return (label) => filter.has(label);
}

export class DimensionMismatchError extends Error {
  constructor(expected: number, got: number, what: string) {
    super(`${what} has ${got} dimensions but the index holds ${expected}-dimension vectors; re-embed with one model, or rebuild the vector index.`);
    this.name = 'DimensionMismatchError';
  }
}
