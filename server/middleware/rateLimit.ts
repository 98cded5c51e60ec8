import type { Request, RequestHandler, Response } from 'express';
import type Redis from 'ioredis';
import type { Logger } from 'pino';
import { ApiError } from '../http/apiError';

export interface Window {
  limit: number;
  seconds: number;
}

interface Verdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

const WARN_EVERY_MS = 30_000;

/**
 * Counts one hit in each window's counter and returns the counts: one command (and one round
 * trip) per bucket, however many windows. A counter expires with its window.
 */
const HIT_SCRIPT = `local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  redis.call('EXPIRE', key, ARGV[i], 'NX')
end
return counts`;

type ScriptedRedis = Redis & { mobiusRateLimitHit(keyCount: number, ...keysThenSeconds: (string | number)[]): Promise<number[]> };

/**
 * Fixed-window counters in Redis, shared by every API process. If Redis cannot answer, requests
 * are let through (fail open) with a logged warning: an outage of the cache must not become an
 * outage of the API, and PostgreSQL still bounds the work a client can cause.
 */
export class RateLimiter {
  private lastWarning = 0;
  private readonly redis: ScriptedRedis;

  constructor(
    redis: Redis,
    private readonly logger: Logger,
  ) {
    // ioredis sends the script by hash (EVALSHA), loading it once per connection.
    if (!('mobiusRateLimitHit' in redis)) redis.defineCommand('mobiusRateLimitHit', { lua: HIT_SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  async hit(bucket: string, windows: Window[], now = Date.now()): Promise<Verdict | null> {
    const slots = windows.map((w) => Math.floor(now / 1000 / w.seconds));
    const keys = windows.map((w, i) => `rl:${bucket}:${w.seconds}:${slots[i]}`);
    let counts: number[];
    try {
      counts = await this.redis.mobiusRateLimitHit(keys.length, ...keys, ...windows.map((w) => w.seconds));
    } catch (err) {
      this.warn(err);
      return null;
    }
    const verdicts = windows.map((w, i) => {
      const count = Number(counts[i]);
      const resetSeconds = Math.max(1, Math.ceil((slots[i] + 1) * w.seconds - now / 1000));
      return { allowed: count <= w.limit, limit: w.limit, remaining: Math.max(0, w.limit - count), resetSeconds };
    });
    // Report the window that blocks longest, else the one closest to running out.
    const blocked = verdicts.filter((v) => !v.allowed).sort((a, b) => b.resetSeconds - a.resetSeconds);
    return blocked[0] ?? verdicts.sort((a, b) => a.remaining - b.remaining)[0];
  }

  /** Middleware limiting by the bucket `keyOf` picks; no bucket means no limit. */
  middleware(name: string, windows: Window[], keyOf: (req: Request, res: Response) => string | null | undefined, message: string): RequestHandler {
    return async (req, res, next) => {
      const id = keyOf(req, res);
      if (!id) return next();
      const verdict = await this.hit(`${name}:${id}`, windows);
      if (!verdict) return next();
      res.setHeader('RateLimit-Limit', String(verdict.limit));
      res.setHeader('RateLimit-Remaining', String(verdict.remaining));
      res.setHeader('RateLimit-Reset', String(verdict.resetSeconds));
      if (verdict.allowed) return next();
      next(new ApiError(429, 'RATE_LIMITED', `${message}; retry in ${verdict.resetSeconds} s`, undefined, { 'Retry-After': String(verdict.resetSeconds) }));
    };
  }

  private warn(err: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn({ err: (err as Error).message }, 'rate limiting skipped (fail open): Redis did not answer');
  }
}
