// The server's configuration, read from the environment once at start and validated, so a
// mistake stops the process with a message that names the variable instead of failing later.
import * as os from 'node:os';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min).max(max);
const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const EnvSchema = z.object({
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  REDIS_KEY_PREFIX: z.string().max(64).default('mobius:'),
  QDRANT_URL: url(['http:', 'https:']).optional(),
  QDRANT_API_KEY: z.string().min(1).optional(),
  QDRANT_COLLECTION_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'may contain only letters, digits, _ and -').default('mobius'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters (generate one with: openssl rand -base64 48)'),
  ACCESS_TOKEN_TTL_MINUTES: int(1, 60 * 24 * 30).default(60),
  ADMIN_EMAIL: z.email({ error: 'must be an email address' }).optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(8080),
  TRUST_PROXY: z.string().default('false'),
  CORS_ORIGINS: z.string().default(''),
  MAX_BODY_BYTES: int(1024, 1024 * 1024 * 1024).default(32 * 1024 * 1024),
  SYNC_MAX_BODY_BYTES: int(1024, 1024 * 1024 * 1024).default(64 * 1024 * 1024),
  RATE_LIMIT_KEY_PER_MINUTE: int(1, 10_000_000).default(600),
  RATE_LIMIT_KEY_PER_HOUR: int(1, 100_000_000).default(20_000),
  RATE_LIMIT_IP_PER_MINUTE: int(1, 10_000_000).default(1200),
  RATE_LIMIT_IP_PER_HOUR: int(1, 100_000_000).default(40_000),
  RATE_LIMIT_LOGIN_PER_MINUTE: int(1, 10_000).default(10),
  SEARCH_CACHE_TTL_SECONDS: int(0, 86_400).default(300),
  JOB_TTL_SECONDS: int(60, 30 * 86_400).default(86_400),
  JOB_CONCURRENCY: int(1, 64).default(1),
  PARSE_WORKERS: int(1, 64).default(Math.max(1, Math.min(2, os.availableParallelism()))),
  DB_POOL_MAX: int(1, 1000).default(10),
  MIGRATE_ON_START: bool.default(false),
  SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface ServerConfig {
  databaseUrl: string;
  redisUrl: string;
  /** Prepended to every Redis key, so several deployments can share one Redis. */
  redisKeyPrefix: string;
  qdrant: { url: string; apiKey?: string; collectionPrefix: string } | null;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  admin: { email: string; password: string } | null;
  host: string;
  port: number;
  /** Express `trust proxy`: false, true, a hop count or a list of addresses. */
  trustProxy: boolean | number | string;
  corsOrigins: string[];
  maxBodyBytes: number;
  /** Body limit of the sync routes, whose uploads carry whole files' chunks and vectors. */
  syncMaxBodyBytes: number;
  rateLimits: {
    keyPerMinute: number;
    keyPerHour: number;
    ipPerMinute: number;
    ipPerHour: number;
    loginPerMinute: number;
  };
  searchCacheTtlSeconds: number;
  jobTtlSeconds: number;
  jobConcurrency: number;
  /** Worker threads parsing ingested files, so parsing never blocks requests. */
  parseWorkers: number;
  dbPoolMax: number;
  migrateOnStart: boolean;
  shutdownTimeoutMs: number;
  logLevel: string;
}

/** Thrown when the environment is invalid; the message lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid server configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable and its meaning.`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // Empty strings mean "unset": that is how compose files and shells usually blank a variable.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        return issue.code === 'invalid_type' && present[name] === undefined ? `${name} is required` : `${name} ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together (or neither)');
  }
  if (e.QDRANT_API_KEY && !e.QDRANT_URL) problems.push('QDRANT_API_KEY is set but QDRANT_URL is not');
  const corsOrigins = e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`CORS_ORIGINS entry "${origin}" must look like https://host[:port] (no path, no trailing slash)`);
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    qdrant: e.QDRANT_URL ? { url: e.QDRANT_URL, apiKey: e.QDRANT_API_KEY, collectionPrefix: e.QDRANT_COLLECTION_PREFIX } : null,
    jwtSecret: e.JWT_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_MINUTES * 60,
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD } : null,
    host: e.HOST,
    port: e.PORT,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    corsOrigins,
    maxBodyBytes: e.MAX_BODY_BYTES,
    syncMaxBodyBytes: e.SYNC_MAX_BODY_BYTES,
    rateLimits: {
      keyPerMinute: e.RATE_LIMIT_KEY_PER_MINUTE,
      keyPerHour: e.RATE_LIMIT_KEY_PER_HOUR,
      ipPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
      ipPerHour: e.RATE_LIMIT_IP_PER_HOUR,
      loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE,
    },
    searchCacheTtlSeconds: e.SEARCH_CACHE_TTL_SECONDS,
    jobTtlSeconds: e.JOB_TTL_SECONDS,
    jobConcurrency: e.JOB_CONCURRENCY,
    parseWorkers: e.PARSE_WORKERS,
    dbPoolMax: e.DB_POOL_MAX,
    migrateOnStart: e.MIGRATE_ON_START,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}
