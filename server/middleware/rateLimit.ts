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
 * Fixed-window counters in Redis, shared by every API process. If Redis cannot answer, requests
 * are let through (fail open) with a logged warning: an outage of the cache must not become an
 * outage of the API, and PostgreSQL still bounds the work a client can cause.
 */
export class RateLimiter {
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
  ) {}

  async hit(bucket: string, windows: Window[], now = Date.now()): Promise<Verdict | null> {
    const multi = this.redis.multi();
    const keys = windows.map((w) => {
      const slot = Math.floor(now / 1000 / w.seconds);
      const key = `rl:${bucket}:${w.seconds}:${slot}`;
      multi.incr(key).expire(key, w.seconds, 'NX');
      return { key, slot };
    });
    let replies: [Error | null, unknown][] | null;
    try {
      replies = await multi.exec();
    } catch (err) {
      this.warn(err);
      return null;
    }
    const failed = replies?.find(([err]) => err)?.[0];
    if (!replies || failed) {
      this.warn(failed ?? new Error('transaction aborted'));
      return null;
    }
    const verdicts = windows.map((w, i) => {
      const count = Number(replies![i * 2][1]);
      const resetSeconds = Math.max(1, Math.ceil((keys[i].slot + 1) * w.seconds - now / 1000));
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
