import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { SearchResponse } from '../../protocol/rest';

/**
 * Search responses cached in Redis. The key includes the index version of every project
 * searched, so an ingest makes older entries unreachable at once (they expire on their own) and
 * no invalidation message can be lost. Any Redis failure reads as a miss or a skipped write.
 */
export class SearchCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  key(parts: unknown): string {
    return `search:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
  }

  async get(key: string): Promise<SearchResponse | null> {
    if (this.ttlSeconds === 0) return null;
    try {
      const hit = await this.redis.get(key);
      return hit ? (JSON.parse(hit) as SearchResponse) : null;
    } catch {
      return null;
    }
  }

  async set(key: string, response: SearchResponse): Promise<void> {
    if (this.ttlSeconds === 0) return;
    try {
      await this.redis.set(key, JSON.stringify(response), 'EX', this.ttlSeconds);
    } catch {
      // The next identical search recomputes; nothing is lost.
    }
  }
}
