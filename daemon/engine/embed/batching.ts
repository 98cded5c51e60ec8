export interface BatchLimits {
  /** Most inputs in one request (OpenAI allows 2048). */
  maxInputs: number;
  /** Most tokens summed over a request's inputs (OpenAI allows 300,000). */
  maxTokens: number;
}

/**
 * Groups consecutive inputs into requests that respect both limits. An input alone over the token
 * limit still gets a request of its own: truncation, not batching, is what bounds one input.
 */
export function planBatches(tokenCounts: readonly number[], limits: BatchLimits): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let tokens = 0;
  tokenCounts.forEach((count, index) => {
    if (current.length > 0 && (current.length >= limits.maxInputs || tokens + count > limits.maxTokens)) {
      batches.push(current);
      current = [];
      tokens = 0;
    }
    current.push(index);
    tokens += count;
  });
  if (current.length > 0) batches.push(current);
  return batches;
}
