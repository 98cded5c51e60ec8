import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app';
import { hashPassword } from './auth/passwords';
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { migrateDatabase } from './db/migrate';
import { createPool } from './db/pool';
import { createParsePool } from './ingest/parsePool';
import { createLogger } from './logger';
import { createRedis } from './redis/redisClient';
import type { QueryEmbedder } from './search/queryEmbedder';
import { PgvectorStore } from './stores/pgvectorStore';
import { QdrantStore } from './stores/qdrantStore';
import { UserStore } from './stores/userStore';
import type { VectorStore } from './stores/vectorStore';

export { ConfigError, loadConfig, type ServerConfig } from './config';

/** How long a graceful Redis QUIT may take before the connection is simply dropped. */
const REDIS_QUIT_TIMEOUT_MS = 2000;

export interface StartOptions {
  logger?: Logger;
  embedder?: QueryEmbedder | null;
  version?: string;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  /** Graceful stop: refuse new requests, finish in-flight ones and jobs, close pools. Idempotent. */
  close(): Promise<void>;
}

/** Applies pending database migrations; returns the names applied. */
export async function runMigrations(config: Pick<ServerConfig, 'databaseUrl' | 'logLevel'>, logger = createLogger(config.logLevel)): Promise<string[]> {
  return migrateDatabase(config.databaseUrl, { info: (message) => logger.info(message) });
}

/** Creates the ADMIN_EMAIL account on first start; an existing account is left as it is. */
async function ensureAdmin(users: UserStore, admin: ServerConfig['admin'], logger: Logger): Promise<void> {
  if (!admin || (await users.findByEmail(admin.email))) return;
  await users.create(admin.email, await hashPassword(admin.password), true);
  logger.info({ email: admin.email }, 'created the administrator account');
}

/** Starts the API: connects to its services, listens, and returns a handle to stop it. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  if (config.migrateOnStart) await runMigrations(config, logger);

  const pool = createPool({ databaseUrl: config.databaseUrl, max: config.dbPoolMax, logger });
  const { rows } = await pool.query<{ ready: boolean }>(`SELECT to_regclass('contexts') IS NOT NULL AS ready`).catch(async (err: Error) => {
    await pool.end();
    throw new Error(`Cannot reach PostgreSQL at DATABASE_URL: ${err.message}`);
  });
  if (!rows[0].ready) {
    await pool.end();
    throw new Error('The database has no Mobius schema yet: run `mobius serve --migrate` (or set MIGRATE_ON_START=true)');
  }

  const redis = createRedis(config.redisUrl, config.redisKeyPrefix, logger);
  // Redis being down at start is survivable (see docs/server.md): keep starting and reconnecting.
  await redis.connect().catch((err: Error) => logger.warn({ err: err.message }, 'Redis not reachable at start; continuing without it'));
  const vectors: VectorStore = config.qdrant ? new QdrantStore(config.qdrant) : new PgvectorStore(pool);
  const parsers = createParsePool(config.parseWorkers);
  const users = new UserStore(pool);
  await ensureAdmin(users, config.admin, logger);

  const mobius = createApp({ config, logger, pool, redis, vectors, parsers, embedder: options.embedder, version: options.version ?? 'dev' });
  const server = http.createServer(mobius.app);
  // Longer than the usual load balancer idle timeout (60 s), so the balancer closes idle
  // connections first and never sends a request on a socket this server is closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, vectorStore: vectors.kind }, 'Mobius server listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info('shutting down: finishing in-flight requests');
      // Holds the event loop open until the last step: an unreferenced handle (an idle parse
      // worker, a socket already ending) must not let the process exit halfway through.
      const keepAlive = setInterval(() => undefined, 1000);
      mobius.beginShutdown();
      const finished = new Promise<void>((resolve) => server.close(() => resolve()));
      // A keep-alive connection turns idle once its response is sent: close it then, rather
      // than waiting for the client to hang up.
      const sweeper = setInterval(() => server.closeIdleConnections(), 50);
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
      await finished;
      clearInterval(sweeper);
      clearTimeout(timer);
      await mobius.jobs.drain(config.shutdownTimeoutMs);
      await parsers.close();
      await vectors.close();
      await pool.end();
      await Promise.race([redis.quit(), new Promise((resolve) => setTimeout(resolve, REDIS_QUIT_TIMEOUT_MS))]).catch(() => undefined);
      redis.disconnect();
      clearInterval(keepAlive);
      logger.info('shut down');
    })());
  return { url, port, close };
}

export interface ServeCommandOptions {
  /** Apply pending migrations before serving. */
  migrate?: boolean;
  /** Apply pending migrations and exit (for an init container or a release step). */
  migrateOnly?: boolean;
  port?: number;
  version?: string;
}

/**
 * `mobius serve`: reads the environment, optionally migrates, serves until SIGINT/SIGTERM, then
 * shuts down gracefully. Resolves with the process exit code.
 */
export async function serveCommand(options: ServeCommandOptions = {}): Promise<number> {
  let config: ServerConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  if (options.port !== undefined) config = { ...config, port: options.port };
  const logger = createLogger(config.logLevel);
  try {
    if (options.migrate || options.migrateOnly) {
      const applied = await runMigrations(config, logger);
      logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema is up to date');
      if (options.migrateOnly) return 0;
    }
    const running = await startServer(config, { logger, version: options.version });
    return await new Promise<number>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        logger.info({ signal }, 'signal received');
        running.close().then(
          () => resolve(0),
          (err: Error) => {
            logger.error({ err }, 'shutdown failed');
            resolve(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  } catch (err) {
    logger.fatal({ err: (err as Error).message }, 'cannot start the server');
    return 1;
  }
}
