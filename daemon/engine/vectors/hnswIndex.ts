import type { HierarchicalNSW } from 'hnswlib-node';

/**
 * The native module loads only when vectors are in use, so keyword-only installs (and a daemon on
 * a runtime it was not built for) never need it.
 */
function nativeHnsw(): typeof HierarchicalNSW {
  return (require('hnswlib-node') as typeof import('hnswlib-node')).HierarchicalNSW;
}
import { TopK, type VectorHit } from './topK';
import { DimensionMismatchError, filterPredicate, type LabelFilter, type VectorIndex } from './vectorIndex';

export interface HnswParameters {
  /** Graph degree: 16 keeps recall@10 near 1.0 on code embeddings at a modest memory cost. */
  m: number;
  /** Build-time beam width; higher builds slower and recalls better. */
  efConstruction: number;
  /** Query-time beam width (raised to k when k is larger). */
  efSearch: number;
}

export const DEFAULT_HNSW_PARAMETERS: HnswParameters = { m: 16, efConstruction: 100, efSearch: 64 };

/** An allowed set this small is ranked exactly from the stored points instead of walking the graph. */
const EXACT_FILTER_LIMIT = 2048;

/**
 * Approximate nearest neighbours with hnswlib (inner product on unit vectors = cosine). Removed
 * labels are only marked deleted, as hnswlib requires; {@link deletedLabels} lets the owner persist
 * them and rebuild once too many pile up.
 */
export class HnswIndex implements VectorIndex {
  readonly kind = 'hnsw';
  private readonly live = new Set<number>();
  private readonly deleted = new Set<number>();
  /** hnswlib takes plain arrays; reusing one avoids an allocation (and GC work) per call. */
  private readonly scratch: number[];

  private constructor(
    readonly dimensions: number,
    readonly parameters: HnswParameters,
    private readonly native: HierarchicalNSW,
  ) {
    this.scratch = new Array<number>(dimensions).fill(0);
  }

  static create(dimensions: number, capacity: number, parameters: HnswParameters = DEFAULT_HNSW_PARAMETERS): HnswIndex {
    const native = new (nativeHnsw())('ip', dimensions);
    native.initIndex({ maxElements: Math.max(16, capacity), m: parameters.m, efConstruction: parameters.efConstruction, randomSeed: 100 });
    return new HnswIndex(dimensions, parameters, native);
  }

  /** Reads an index written by {@link write}; `deleted` are the labels marked deleted when it was written. */
  static async read(filePath: string, dimensions: number, parameters: HnswParameters, deleted: readonly number[]): Promise<HnswIndex> {
    const native = new (nativeHnsw())('ip', dimensions);
    await native.readIndex(filePath);
    if (native.getNumDimensions() !== dimensions) throw new DimensionMismatchError(dimensions, native.getNumDimensions(), `The index file ${filePath}`);
    const index = new HnswIndex(dimensions, parameters, native);
    for (const label of native.getIdsList()) index.live.add(label);
    for (const label of deleted) {
      index.live.delete(label);
      index.deleted.add(label);
    }
    return index;
  }

  get size(): number {
    return this.live.size;
  }

  get deletedLabels(): number[] {
    return [...this.deleted];
  }

  labels(): IterableIterator<number> {
    return this.live.values();
  }

  has(label: number): boolean {
    return this.live.has(label);
  }

  add(label: number, vector: Float32Array): void {
    if (vector.length !== this.dimensions) throw new DimensionMismatchError(this.dimensions, vector.length, `Vector ${label}`);
    if (!this.live.has(label) && !this.deleted.has(label) && this.native.getCurrentCount() >= this.native.getMaxElements()) {
      // Doubling keeps resizes (which copy the whole graph) rare.
      this.native.resizeIndex(this.native.getMaxElements() * 2);
    }
    // hnswlib's addPoint on a known label updates the point and clears its deleted mark.
    this.native.addPoint(this.fillScratch(vector), label);
    this.deleted.delete(label);
    this.live.add(label);
  }

  remove(label: number): void {
    if (!this.live.delete(label)) return;
    this.native.markDelete(label);
    this.deleted.add(label);
  }

  search(query: Float32Array, k: number, filter?: LabelFilter): VectorHit[] {
    if (query.length !== this.dimensions) throw new DimensionMismatchError(this.dimensions, query.length, 'The query vector');
    const wanted = Math.min(k, this.live.size);
    if (wanted <= 0) return [];
    if (filter instanceof Set && filter.size <= EXACT_FILTER_LIMIT) return this.searchAllowed(query, wanted, filter as ReadonlySet<number>);
    this.native.setEf(Math.max(this.parameters.efSearch, wanted));
    const result = this.native.searchKnn(this.fillScratch(query), wanted, filterPredicate(filter));
    return result.neighbors.map((label, i) => ({ label, score: 1 - (result.distances[i] as number) }));
  }

  async write(filePath: string): Promise<void> {
    await this.native.writeIndex(filePath);
  }

  private fillScratch(vector: Float32Array): number[] {
    for (let i = 0; i < vector.length; i++) this.scratch[i] = vector[i] as number;
    return this.scratch;
  }

  private searchAllowed(query: Float32Array, k: number, allowed: ReadonlySet<number>): VectorHit[] {
    const top = new TopK(k);
    for (const label of allowed) {
      if (!this.live.has(label)) continue;
      const point = this.native.getPoint(label);
      let score = 0;
      for (let j = 0; j < point.length; j++) score += (point[j] as number) * (query[j] as number);
      top.push(label, score);
    }
    return top.sorted();
  }
}
