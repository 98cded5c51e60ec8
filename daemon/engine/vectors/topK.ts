/** One ranked vector: `label` is the caller's integer id, `score` the inner product (cosine for unit vectors). */
export interface VectorHit {
  label: number;
  score: number;
}

/**
 * Keeps the k best-scoring hits seen so far in a min-heap, so a scan of n vectors costs
 * O(n log k) and never sorts all n scores.
 */
export class TopK {
  private readonly labels: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** The score a new hit must beat once the heap is full. */
  get threshold(): number {
    return this.scores.length < this.k ? -Infinity : (this.scores[0] as number);
  }

  push(label: number, score: number): void {
    if (this.k <= 0) return;
    if (this.scores.length < this.k) {
      this.labels.push(label);
      this.scores.push(score);
      this.siftUp(this.scores.length - 1);
    } else if (score > (this.scores[0] as number)) {
      this.labels[0] = label;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  /** Hits best first. */
  sorted(): VectorHit[] {
    return this.labels
      .map((label, i) => ({ label, score: this.scores[i] as number }))
      .sort((a, b) => b.score - a.score || a.label - b.label);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.scores[parent] as number) <= (this.scores[i] as number)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.scores.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && (this.scores[left] as number) < (this.scores[smallest] as number)) smallest = left;
      if (right < n && (this.scores[right] as number) < (this.scores[smallest] as number)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    [this.labels[a], this.labels[b]] = [this.labels[b] as number, this.labels[a] as number];
    [this.scores[a], this.scores[b]] = [this.scores[b] as number, this.scores[a] as number];
  }
}
