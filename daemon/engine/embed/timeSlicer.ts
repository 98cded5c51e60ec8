import { performance } from 'node:perf_hooks';

/**
 * Splits long synchronous work into slices of at most `budgetMs`, handing the event loop back
 * between slices (setImmediate lets pending I/O, such as a keyword query, run first). Call
 * {@link checkpoint} between small steps; it only yields once the slice is used up.
 */
/** Slices this short leave room for a slow step (one HNSW insert, one JSON.parse) inside 5 ms. */
export const DEFAULT_SLICE_MS = 2;

export class TimeSlicer {
  private sliceStart = performance.now();

  constructor(
    private readonly budgetMs = DEFAULT_SLICE_MS,
    private readonly signal?: AbortSignal,
  ) {}

  async checkpoint(): Promise<void> {
    if (performance.now() - this.sliceStart < this.budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.signal?.throwIfAborted();
    this.sliceStart = performance.now();
  }
}
