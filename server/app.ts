import compression from 'compression';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { API_PREFIX } from '../protocol/rest';
import { AccessTokens } from './auth/accessTokens';
import { authenticate } from './auth/authenticate';
import { CredentialCache } from './auth/credentialCache';
import type { Principal } from './auth/principal';
import type { ServerConfig } from './config';
import { ApiError } from './http/apiError';
import './http/locals';
import type { RouteOptions } from './http/route';
import { IngestService } from './ingest/ingestService';
import type { ParsePool } from './ingest/parsePool';
import { JobRunner } from './jobs/jobRunner';
import { JobStore } from './jobs/jobStore';
import { errorHandler, notFoundHandler } from './middleware/errorHandler';
import { RateLimiter } from './middleware/rateLimit';
import { requestContext } from './middleware/requestContext';
import { authRoutes } from './routes/authRoutes';
import { contextRoutes } from './routes/contextRoutes';
import { docsRoutes } from './routes/docsRoutes';
import { healthRoutes } from './routes/healthRoutes';
import { jobRoutes } from './routes/jobRoutes';
import { projectRoutes } from './routes/projectRoutes';
import { searchRoutes } from './routes/searchRoutes';
import { syncRoutes } from './routes/syncRoutes';
import { PathGlobFilter } from './search/pathGlobFilter';
import type { QueryEmbedder } from './search/queryEmbedder';
import { SearchCache } from './search/searchCache';
import { SearchService } from './search/searchService';
import { ApiKeyStore } from './stores/apiKeyStore';
import { ContextStore } from './stores/contextStore';
import { ModelRegistry } from './stores/modelRegistry';
import { ProjectStore } from './stores/projectStore';
import { UserStore } from './stores/userStore';
import type { VectorStore } from './stores/vectorStore';
import { SyncReads } from './sync/syncReads';
import { SyncService } from './sync/syncService';

export interface AppDeps {
  config: ServerConfig;
  logger: Logger;
  pool: Pool;
  redis: Redis;
  vectors: VectorStore;
  parsers: ParsePool;
  embedder?: QueryEmbedder | null;
  version: string;
}

export interface MobiusApp {
  app: Express;
  jobs: JobRunner;
  /** Makes new requests answer 503 SHUTTING_DOWN while in-flight ones finish. */
  beginShutdown(): void;
}

/** How long a verified credential is trusted without asking PostgreSQL again (see CredentialCache). */
const CREDENTIAL_CACHE_MS = 5_000;

const EXPOSED_HEADERS = ['X-Request-Id', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Location', 'X-Cache'];

/** The express app over its dependencies; it listens nowhere (see main.ts). */
export function createApp(deps: AppDeps): MobiusApp {
  const { config, logger, pool, redis, vectors } = deps;
  const users = new UserStore(pool);
  const apiKeys = new ApiKeyStore(pool);
  const projects = new ProjectStore(pool);
  const models = new ModelRegistry(pool);
  const globs = new PathGlobFilter(pool);
  const tokens = new AccessTokens(config.jwtSecret, config.accessTokenTtlSeconds);
  const credentials = new CredentialCache<Principal>(CREDENTIAL_CACHE_MS);
  const limiter = new RateLimiter(redis, logger);
  const ingest = new IngestService(pool, deps.parsers, vectors, models, logger);
  const jobStore = new JobStore(redis, config.jobTtlSeconds);
  const jobs = new JobRunner(jobStore, ingest, config.jobConcurrency, logger);
  const search = new SearchService({ pool, projects, vectors, models, cache: new SearchCache(redis, config.searchCacheTtlSeconds), globs, embedder: deps.embedder ?? null });
  const limits = config.rateLimits;

  let shuttingDown = false;
  const refuseWhileShuttingDown: RequestHandler = (_req, res, next) => {
    if (!shuttingDown) return next();
    res.setHeader('Connection', 'close');
    next(new ApiError(503, 'SHUTTING_DOWN', 'This server is shutting down; retry on another instance', undefined, { 'Retry-After': '1' }));
  };

  const options: RouteOptions = {
    bodyLimit: config.maxBodyBytes,
    guards: [
      authenticate({ tokens, users, apiKeys, cache: credentials }),
      limiter.middleware(
        'key',
        [{ limit: limits.keyPerMinute, seconds: 60 }, { limit: limits.keyPerHour, seconds: 3600 }],
        (_req, res) => res.locals.principal.apiKeyId ?? `user:${res.locals.principal.userId}`,
        'Too many requests for this API key or user',
      ),
    ],
  };
  const ipLimit = limiter.middleware(
    'ip',
    [{ limit: limits.ipPerMinute, seconds: 60 }, { limit: limits.ipPerHour, seconds: 3600 }],
    (req) => (req.path.startsWith(`${API_PREFIX}/health`) ? null : req.ip),
    'Too many requests from this address',
  );
  const loginLimit = limiter.middleware('login', [{ limit: limits.loginPerMinute, seconds: 60 }], (req) => req.ip, 'Too many login attempts from this address');

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(requestContext(logger));
  app.use(refuseWhileShuttingDown);
  app.use(helmet());
  app.use(
    cors({
      origin: (origin, done) => done(null, origin !== undefined && config.corsOrigins.includes(origin)),
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    }),
  );
  app.use(compression());
  app.use(ipLimit);

  const api = express.Router();
  api.use(healthRoutes({ pool, redis, vectors, version: deps.version, startedAt: Date.now() }, options));
  api.use(docsRoutes(deps.version));
  api.use(authRoutes({ users, apiKeys, tokens, loginLimit, credentials }, options));
  api.use(projectRoutes({ projects, vectors }, options));
  api.use(contextRoutes({ projects, contexts: new ContextStore(pool), ingest, globs }, options));
  api.use(jobRoutes({ projects, jobs: jobStore, runner: jobs }, options));
  const syncDeps = { pool, vectors, models };
  api.use(syncRoutes({ projects, sync: new SyncService(syncDeps), reads: new SyncReads(syncDeps) }, { ...options, bodyLimit: config.syncMaxBodyBytes }));
  api.use(searchRoutes(search, options));
  app.use(API_PREFIX, api);
  app.use(notFoundHandler);
  app.use(errorHandler);

  return {
    app,
    jobs,
    beginShutdown: () => {
      shuttingDown = true;
    },
  };
}
