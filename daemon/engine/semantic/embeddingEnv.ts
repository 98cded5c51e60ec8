import { EmbeddingConfigSchema, type EmbeddingConfig } from '../../../protocol/embeddings';

/** Environment variables naming each setting, for messages that say which one to fix. */
const VARIABLES: Record<string, string> = {
  provider: 'MOBIUS_EMBEDDINGS_PROVIDER',
  model: 'MOBIUS_EMBEDDINGS_MODEL',
  baseUrl: 'MOBIUS_EMBEDDINGS_BASE_URL',
  dimensions: 'MOBIUS_EMBEDDINGS_DIMENSIONS',
};

/** The key of an `openai-compatible` server that needs one; `openai` reads `OPENAI_API_KEY`. */
export const COMPATIBLE_KEY_VARIABLE = 'MOBIUS_EMBEDDINGS_API_KEY';

export class EmbeddingEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddingEnvError';
  }
}

/**
 * Embedding settings from `MOBIUS_EMBEDDINGS_*`, or undefined when the provider is unset or `none`
 * (keyword search alone). Only the name of the key's variable is kept, never the key.
 */
export function embeddingConfigFromEnv(env: Record<string, string | undefined> = process.env): EmbeddingConfig | undefined {
  const provider = env[VARIABLES.provider as string]?.trim();
  if (!provider || provider === 'none') return undefined;
  const raw: Record<string, unknown> = { provider };
  const model = env[VARIABLES.model as string]?.trim();
  if (model) raw.model = model;
  const baseUrl = env[VARIABLES.baseUrl as string]?.trim();
  if (baseUrl) raw.baseUrl = baseUrl;
  const dimensions = env[VARIABLES.dimensions as string]?.trim();
  if (dimensions) raw.dimensions = /^\d+$/.test(dimensions) ? Number(dimensions) : dimensions;
  if (provider === 'openai-compatible' && env[COMPATIBLE_KEY_VARIABLE]) raw.apiKeyEnv = COMPATIBLE_KEY_VARIABLE;

  const parsed = EmbeddingConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const setting = String(issue.path[0] ?? 'provider');
      return `${VARIABLES[setting] ?? setting}: ${issue.message}`;
    });
    throw new EmbeddingEnvError(
      `Invalid embedding settings in the environment: ${problems.join('; ')}. ` +
        `MOBIUS_EMBEDDINGS_PROVIDER is none, openai or openai-compatible; MOBIUS_EMBEDDINGS_DIMENSIONS a whole number; MOBIUS_EMBEDDINGS_BASE_URL a URL such as http://127.0.0.1:11434/v1.`,
    );
  }
  return parsed.data;
}
