import { performance } from 'node:perf_hooks';

/** Slices this short leave room for a slow step (one HNSW insert, one JSON.parse) inside 5 ms. */
export const DEFAULT_SLICE_MS = 2;

/**
 * When the current turn of this thread's event loop began, for every slicer at once. Background
 * flows run side by side (the pipeline, the vector index taking in vectors, each response being
 * parsed); with a clock each, flows resumed in the same turn took a full slice each, one after the
 * other, and a timer or query waited for all of them. Sharing the clock makes them share one slice.
 */
let turnStart = performance.now();
let nextTurn: Promise<void> | null = null;

/** Resolves in the next turn of the event loop (after pending I/O and timers); concurrent callers share it. */
function nextLoopTurn(): Promise<void> {
  nextTurn ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      nextTurn = null;
      turnStart = performance.now();
      resolve();
    }),
  );
  return nextTurn;
}

/**
 * Splits long synchronous work into slices of at most `budgetMs`, handing the event loop back
 * between slices (setImmediate lets pending I/O, such as a keyword query, run first). Call
 * {@link checkpoint} between small steps; it only yields once the turn's slice is used up, by this
 * slicer or any other on the thread.
 */
export class TimeSlicer {
  constructor(
    private readonly budgetMs = DEFAULT_SLICE_MS,
    private readonly signal?: AbortSignal,
  ) {}

  async checkpoint(): Promise<void> {
    if (performance.now() - turnStart < this.budgetMs) return;
    await nextLoopTurn();
    this.signal?.throwIfAborted();
  }
}
