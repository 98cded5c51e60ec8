import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { SearchResponse } from '../../protocol/rest';

/** Responses this process keeps in memory besides Redis (about 15 KB each at limit 10). */
const NEAR_ENTRIES = 1000;

/**
 * Search responses cached in Redis. The key includes the index version of every project
 * searched, so an ingest makes older entries unreachable at once (they expire on their own) and
 * no invalidation message can be lost. Any Redis failure reads as a miss or a skipped write.
 *
 * Entries Redis accepted are also kept in this process's memory for the same time (a near
 * cache): a repeated search then costs no Redis round trip and no parsing. Being keyed the same
 * way, they can never be staler than Redis's.
 */
export class SearchCache {
  private readonly near = new Map<string, { response: SearchResponse; expires: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  key(parts: unknown): string {
    return `search:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
  }

  async get(key: string): Promise<SearchResponse | null> {
    if (this.ttlSeconds === 0) return null;
    const near = this.near.get(key);
    if (near && near.expires > Date.now()) return near.response;
    if (near) this.near.delete(key);
    try {
      const [hit, ttlMs] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
      if (!hit) return null;
      const response = JSON.parse(hit) as SearchResponse;
      this.remember(key, response, ttlMs);
      return response;
    } catch {
      return null;
    }
  }

  async set(key: string, response: SearchResponse): Promise<void> {
    if (this.ttlSeconds === 0) return;
    try {
      await this.redis.set(key, JSON.stringify(response), 'EX', this.ttlSeconds);
      this.remember(key, response, this.ttlSeconds * 1000);
    } catch {
      // The next identical search recomputes; nothing is lost.
    }
  }

  private remember(key: string, response: SearchResponse, ttlMs: number): void {
    if (ttlMs <= 0) return;
    if (this.near.size >= NEAR_ENTRIES) this.near.delete(this.near.keys().next().value!);
    this.near.set(key, { response, expires: Date.now() + ttlMs });
  }
}
