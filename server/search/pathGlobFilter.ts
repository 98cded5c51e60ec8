import picomatch from 'picomatch';
import type { Pool } from 'pg';
import type { ScopeEntry } from './searchScope';

const CACHE_ENTRIES = 200;

/**
 * Paths of the scope matching a glob, with the same picomatch rules as the local engine. The
 * match runs here rather than in SQL so both sides agree on every glob; the list is cached per
 * index version, so it is computed once per glob until the next ingest.
 */
export class PathGlobFilter {
  private readonly cache = new Map<string, string[]>();

  constructor(private readonly pool: Pool) {}

  async paths(scope: ScopeEntry[], glob: string): Promise<string[]> {
    const key = JSON.stringify([scope, glob]);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const { rows } = await this.pool.query<{ path: string }>(
      'SELECT DISTINCT path FROM project_files WHERE (project_id, ref) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))',
      [scope.map((s) => s.projectId), scope.map((s) => s.ref)],
    );
    const matches = picomatch(glob, { dot: true });
    const paths = rows.map((r) => r.path).filter((p) => matches(p));
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, paths);
    return paths;
  }
}
