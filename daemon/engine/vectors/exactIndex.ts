import { TopK, type VectorHit } from './topK';
import { DimensionMismatchError, filterPredicate, type LabelFilter, type VectorIndex } from './vectorIndex';
import { dotAt } from './vectorMath';

/**
 * Brute-force search over one contiguous Float32Array: every query reads every vector once, which
 * is the fastest layout for a JS scan and exact by construction. Removal moves the last row into the
 * hole so rows stay dense.
 */
export class ExactIndex implements VectorIndex {
  readonly kind = 'exact';
  private data: Float32Array;
  private labels: Float64Array;
  private count = 0;
  private readonly slotOf = new Map<number, number>();

  constructor(readonly dimensions: number, initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.data = new Float32Array(capacity * dimensions);
    this.labels = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  has(label: number): boolean {
    return this.slotOf.has(label);
  }

  add(label: number, vector: Float32Array): void {
    if (vector.length !== this.dimensions) throw new DimensionMismatchError(this.dimensions, vector.length, `Vector ${label}`);
    let slot = this.slotOf.get(label);
    if (slot === undefined) {
      if (this.count === this.labels.length) this.grow();
      slot = this.count++;
      this.slotOf.set(label, slot);
      this.labels[slot] = label;
    }
    this.data.set(vector, slot * this.dimensions);
  }

  remove(label: number): void {
    const slot = this.slotOf.get(label);
    if (slot === undefined) return;
    const last = --this.count;
    if (slot !== last) {
      const movedLabel = this.labels[last] as number;
      this.data.copyWithin(slot * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
      this.labels[slot] = movedLabel;
      this.slotOf.set(movedLabel, slot);
    }
    this.slotOf.delete(label);
  }

  /** The stored vector under `label` (a view: copy it before the index changes). */
  vector(label: number): Float32Array | undefined {
    const slot = this.slotOf.get(label);
    return slot === undefined ? undefined : this.data.subarray(slot * this.dimensions, (slot + 1) * this.dimensions);
  }

  /** Every label, in storage order. */
  allLabels(): number[] {
    return Array.from(this.labels.subarray(0, this.count));
  }

  search(query: Float32Array, k: number, filter?: LabelFilter): VectorHit[] {
    if (query.length !== this.dimensions) throw new DimensionMismatchError(this.dimensions, query.length, 'The query vector');
    const top = new TopK(k);
    // A small allowed set is cheaper to walk than the whole index.
    if (filter instanceof Set && filter.size < this.count / 4) {
      for (const label of filter as ReadonlySet<number>) {
        const slot = this.slotOf.get(label);
        if (slot !== undefined) top.push(label, dotAt(this.data, slot * this.dimensions, query));
      }
      return top.sorted();
    }
    const allowed = filterPredicate(filter);
    const d = this.dimensions;
    let threshold = -Infinity;
    for (let slot = 0, offset = 0; slot < this.count; slot++, offset += d) {
      const label = this.labels[slot] as number;
      if (allowed && !allowed(label)) continue;
      const score = dotAt(this.data, offset, query);
      if (score <= threshold) continue;
      top.push(label, score);
      threshold = top.threshold;
    }
    return top.sorted();
  }

  private grow(): void {
    const capacity = this.labels.length * 2;
    const data = new Float32Array(capacity * this.dimensions);
    data.set(this.data);
    const labels = new Float64Array(capacity);
    labels.set(this.labels);
    this.data = data;
    this.labels = labels;
  }
}
