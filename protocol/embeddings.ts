// Embedding settings and progress, shared by the daemon (which embeds), the extension (which
// configures it and shows progress) and the CLI.
import { z } from 'zod';

export const EMBEDDING_PROVIDERS = ['none', 'openai', 'openai-compatible'] as const;
export type EmbeddingProviderKind = (typeof EMBEDDING_PROVIDERS)[number];

/**
 * How to reach an embeddings endpoint. Every field but `provider` has a default; `provider`
 * defaults to `none` (keyword search alone). The API key itself never appears here: only the name
 * of the environment variable that holds it, so settings files can be shared and logged safely.
 */
export const EmbeddingConfigSchema = z
  .object({
    provider: z.enum(EMBEDDING_PROVIDERS).default('none'),
    /** Model name sent to the endpoint; `text-embedding-3-small` for `openai`. */
    model: z.string().min(1).optional(),
    /** Vector size. Sent to `openai` text-embedding-3 models (which can shorten vectors); for other
     * endpoints it is what the model returns, probed with one request when omitted. */
    dimensions: z.number().int().min(1).max(16384).optional(),
    /** Endpoint root that `/embeddings` is appended to, e.g. `http://127.0.0.1:11434/v1`. */
    baseUrl: z.string().url().optional(),
    /** Environment variable holding the key; `OPENAI_API_KEY` for `openai`, none for others. */
    apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
    /** Most inputs in one request. */
    batchSize: z.number().int().min(1).max(2048).optional(),
    /** Requests in flight at once. */
    concurrency: z.number().int().min(1).max(16).optional(),
    /** Longest input in tokens; longer texts are cut to fit. */
    maxInputTokens: z.number().int().min(16).optional(),
    /** Most tokens summed over one request's inputs. */
    maxBatchTokens: z.number().int().min(16).optional(),
    /** Per-request timeout. */
    timeoutMs: z.number().int().min(100).optional(),
    /** Retries of a failed request (429, 5xx, timeouts, dropped connections) before giving up. */
    maxRetries: z.number().int().min(0).max(20).optional(),
    /** `base64` halves the bytes on the wire; `float` suits servers that ignore `encoding_format`. */
    encodingFormat: z.enum(['float', 'base64']).optional(),
  })
  .strict();

export type EmbeddingConfig = z.input<typeof EmbeddingConfigSchema>;

/** Where the background embedding of a workspace stands. Counts are of chunks unless named otherwise. */
export interface EmbeddingProgress {
  state: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  /** e.g. `openai:text-embedding-3-small@1536`; null when no provider is configured. */
  providerId: string | null;
  /** Chunks that have a vector (or were skipped as secret) out of all chunks to cover. */
  done: number;
  total: number;
  /** HTTP requests made to the provider in this run. */
  calls: number;
  /** Chunks whose vector came from the cache instead of the provider in this run. */
  callsSaved: number;
  /** Vectors fetched from the team server instead of embedded, in this run. */
  reused: number;
  /** Chunks sent with secret-looking values replaced. */
  redacted: number;
  /** Chunks never sent because they were mostly secret material. */
  skipped: number;
  /** Chunks whose embedding failed in this run; they stay missing and are retried next run. */
  failed: number;
  /** What went wrong last, phrased for the user; no secrets. */
  lastError?: string;
}
