/** Why an embedding request failed, in terms a caller can act on. */
export type EmbeddingErrorCode =
  | 'auth'
  | 'quota'
  | 'rate-limit'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad-request'
  | 'bad-response'
  | 'config'
  | 'aborted';

/**
 * An embedding failure whose message says what failed and what to do. Messages never include an
 * API key, and include server text only for request errors, where it names the bad input.
 */
export class EmbeddingError extends Error {
  constructor(
    readonly code: EmbeddingErrorCode,
    message: string,
    readonly options: { retryable?: boolean; retryAfterMs?: number; status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'EmbeddingError';
  }

  get retryable(): boolean {
    return this.options.retryable ?? false;
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }

  get status(): number | undefined {
    return this.options.status;
  }
}
