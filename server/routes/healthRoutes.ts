import { Router } from 'express';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { endpoints, type Readiness } from '../../protocol/rest';
import { type RouteOptions, mount } from '../http/route';
import type { VectorStore } from '../stores/vectorStore';

interface HealthDeps {
  pool: Pool;
  redis: Redis;
  vectors: VectorStore;
  version: string;
  startedAt: number;
}

const CHECK_TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<unknown>): Promise<Readiness['checks']['postgres']> {
  const started = performance.now();
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref())]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (err as Error).message };
  }
}

/**
 * Liveness says the process answers. Readiness fails (503) when PostgreSQL, or Qdrant when it
 * holds the vectors, cannot answer: without them no request can be served. Redis is reported but
 * does not fail readiness, since the API keeps working without it (see docs/server.md).
 */
export function healthRoutes(deps: HealthDeps, options: RouteOptions): Router {
  const router = Router();
  mount(router, endpoints.liveness, options, async () => ({
    status: 'ok' as const,
    version: deps.version,
    uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
  }));
  mount(router, endpoints.readiness, options, async (_input, _req, res) => {
    const [postgres, redis, qdrant] = await Promise.all([
      check(() => deps.pool.query('SELECT 1')),
      check(() => deps.redis.ping()),
      deps.vectors.kind === 'qdrant' ? check(() => deps.vectors.ping()) : Promise.resolve(undefined),
    ]);
    const ready = postgres.ok && (qdrant?.ok ?? true);
    const body: Readiness = { status: ready ? 'ready' : 'unready', checks: { postgres, redis, ...(qdrant ? { qdrant } : {}) } };
    // Probes read the status code; the body says which dependency failed.
    if (!ready) res.status(503).json(body);
    return body;
  });
  return router;
}
