/** Counters of a provider's traffic since it was created. */
export interface EmbeddingUsage {
  /** HTTP requests sent, retries included. */
  requests: number;
  retries: number;
  /** Texts embedded successfully. */
  inputs: number;
}

/**
 * Turns texts into unit-length vectors. Implementations batch, retry and time out on their own;
 * a rejected promise carries an `EmbeddingError`.
 */
export interface EmbeddingProvider {
  /** `kind:model@dimensions`, e.g. `openai:text-embedding-3-small@1536`: the cache key's provider half. */
  readonly id: string;
  readonly model: string;
  readonly dimensions: number;
  /** Longest input in tokens; longer texts are truncated before sending. */
  readonly maxInputTokens: number;
  readonly usage: EmbeddingUsage;
  /** One vector per text, in order. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}
