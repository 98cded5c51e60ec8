import { setTimeout as delay } from 'node:timers/promises';
import { EmbeddingError } from './embeddingErrors';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Backoff before the first retry; it doubles with each retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this fails the request at once, saying how long the server asked to wait. */
  maxRetryAfterMs: number;
  /** In [0, 1); injectable so tests can pin the jitter. */
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
  random: Math.random,
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};

/**
 * How long to wait before retry number `retry` (0-based). With a server-given `Retry-After` the
 * wait is at least that, plus up to 10% so clients told the same time do not return together;
 * otherwise "equal jitter": half of the exponential step fixed, half random.
 */
export function retryDelayMs(retry: number, policy: RetryPolicy, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.round(retryAfterMs * (1 + 0.1 * policy.random()));
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + policy.random() * (step / 2));
}

/** `Retry-After` (seconds or an HTTP date) or OpenAI's `retry-after-ms`, in milliseconds. */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or runs out of retries.
 * Only `EmbeddingError`s marked retryable are retried.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (error: EmbeddingError, waitMs: number) => void,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof EmbeddingError) || !err.retryable || retry >= policy.maxRetries || signal?.aborted) throw err;
      if (err.retryAfterMs !== undefined && err.retryAfterMs > policy.maxRetryAfterMs) {
        throw new EmbeddingError(
          err.code,
          `${err.message} The server asked to wait ${Math.ceil(err.retryAfterMs / 1000)} s before retrying; Mobius will try again on the next run.`,
          { status: err.status, cause: err },
        );
      }
      const waitMs = retryDelayMs(retry, policy, err.retryAfterMs);
      onRetry?.(err, waitMs);
      await policy.sleep(waitMs, signal);
    }
  }
}
