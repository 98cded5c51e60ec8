import Redis from 'ioredis';
import type { Logger } from 'pino';

const WARN_EVERY_MS = 30_000;

/**
 * A Redis client that fails fast while Redis is unreachable (no offline queue, short command
 * timeout) and keeps reconnecting in the background, so callers can fall back at once instead of
 * stalling requests. Connection errors are logged at most every 30 s.
 */
export function createRedis(url: string, keyPrefix: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: true,
  });
  let lastWarning = 0;
  redis.on('error', (err: Error) => {
    const now = Date.now();
    if (now - lastWarning < WARN_EVERY_MS) return;
    lastWarning = now;
    logger.warn({ err: err.message }, 'Redis unreachable: rate limits fail open, search cache bypassed, jobs unavailable');
  });
  redis.on('ready', () => {
    if (lastWarning) logger.info('Redis connection restored');
    lastWarning = 0;
  });
  return redis;
}
