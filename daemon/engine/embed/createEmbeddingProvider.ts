import { EmbeddingConfigSchema, type EmbeddingConfig } from '../../../protocol/embeddings';
import { EmbeddingError } from './embeddingErrors';
import type { EmbeddingProvider } from './embeddingProvider';
import { OpenAiEmbeddingProvider, type OpenAiProviderOptions } from './openAiEmbeddingProvider';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';

/** What a few well-known models produce, so most set-ups need no `dimensions` and no probe request. */
const KNOWN_MODELS: Record<string, { dimensions: number; maxInputTokens: number; shortenable?: boolean }> = {
  'text-embedding-3-small': { dimensions: 1536, maxInputTokens: 8191, shortenable: true },
  'text-embedding-3-large': { dimensions: 3072, maxInputTokens: 8191, shortenable: true },
  'text-embedding-ada-002': { dimensions: 1536, maxInputTokens: 8191 },
  'nomic-embed-text': { dimensions: 768, maxInputTokens: 2048 },
  'mxbai-embed-large': { dimensions: 1024, maxInputTokens: 512 },
  'all-minilm': { dimensions: 384, maxInputTokens: 256 },
  'bge-m3': { dimensions: 1024, maxInputTokens: 8192 },
};

const DEFAULTS = {
  openai: {
    baseUrl: 'https://api.openai.com/v1',
    model: 'text-embedding-3-small',
    apiKeyEnv: 'OPENAI_API_KEY',
    // 128 x 1536 dimensions is about 1 MB of base64 to JSON.parse in one go: a few milliseconds.
    batchSize: 128,
    maxBatchTokens: 300_000,
    concurrency: 4,
    timeoutMs: 60_000,
    encodingFormat: 'base64',
  },
  'openai-compatible': {
    // Local servers run the model on the same CPUs: small batches, one at a time, and patience.
    batchSize: 32,
    maxBatchTokens: 16_384,
    concurrency: 1,
    timeoutMs: 120_000,
    // Some servers ignore `encoding_format`; floats are what all of them understand.
    encodingFormat: 'float',
    maxInputTokens: 512,
  },
} as const;

export interface ProviderEnvironment {
  /** Where API keys are read from; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
}

/** A settings problem, phrased for whoever edits the settings. */
export class EmbeddingConfigError extends EmbeddingError {
  constructor(message: string) {
    super('config', message);
    this.name = 'EmbeddingConfigError';
  }
}

/**
 * The provider `config` describes, or null for `none` (keyword search alone, no error). Throws an
 * {@link EmbeddingConfigError} for settings that cannot work. When the vector size of an
 * `openai-compatible` model is neither configured nor known, one request with a short text finds it.
 */
export async function createEmbeddingProvider(config: EmbeddingConfig | undefined, environment: ProviderEnvironment = {}): Promise<EmbeddingProvider | null> {
  const parsed = EmbeddingConfigSchema.safeParse(config ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `embeddings.${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new EmbeddingConfigError(`Invalid embedding settings: ${problems.join('; ')}.`);
  }
  const settings = parsed.data;
  if (settings.provider === 'none') return null;

  const env = environment.env ?? process.env;
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...environment.retry, ...(settings.maxRetries === undefined ? {} : { maxRetries: settings.maxRetries }) };

  if (settings.provider === 'openai') {
    const d = DEFAULTS.openai;
    const model = settings.model ?? d.model;
    const known = KNOWN_MODELS[model];
    const apiKeyEnv = settings.apiKeyEnv ?? d.apiKeyEnv;
    const apiKey = env[apiKeyEnv];
    if (!apiKey) {
      throw new EmbeddingConfigError(
        `The openai embedding provider needs an API key in the environment variable ${apiKeyEnv}, which is not set. Set it (or name another variable in embeddings.apiKeyEnv), or set embeddings.provider to "none".`,
      );
    }
    const dimensions = settings.dimensions ?? known?.dimensions;
    if (dimensions === undefined) {
      throw new EmbeddingConfigError(`Set embeddings.dimensions for model "${model}": Mobius does not know its vector size.`);
    }
    if (known && !known.shortenable && dimensions !== known.dimensions) {
      throw new EmbeddingConfigError(`Model "${model}" always returns ${known.dimensions} dimensions; remove embeddings.dimensions or set it to ${known.dimensions}.`);
    }
    return new OpenAiEmbeddingProvider({
      kind: 'openai',
      model,
      dimensions,
      requestDimensions: known?.shortenable === true,
      baseUrl: settings.baseUrl ?? d.baseUrl,
      apiKey,
      apiKeyEnv,
      maxInputTokens: settings.maxInputTokens ?? known?.maxInputTokens ?? 8191,
      ...requestTuning(settings, d),
      retry,
    });
  }

  const d = DEFAULTS['openai-compatible'];
  if (!settings.baseUrl) {
    throw new EmbeddingConfigError(
      'The openai-compatible embedding provider needs embeddings.baseUrl, e.g. "http://127.0.0.1:11434/v1" for Ollama or "http://127.0.0.1:1234/v1" for LM Studio.',
    );
  }
  if (!settings.model) {
    throw new EmbeddingConfigError('The openai-compatible embedding provider needs embeddings.model, the name the server knows the model by (e.g. "nomic-embed-text").');
  }
  let apiKey: string | undefined;
  if (settings.apiKeyEnv) {
    apiKey = env[settings.apiKeyEnv];
    if (!apiKey) throw new EmbeddingConfigError(`embeddings.apiKeyEnv names ${settings.apiKeyEnv}, which is not set. Set it, or remove apiKeyEnv if the server needs no key.`);
  }
  const known = KNOWN_MODELS[settings.model.replace(/:.*$/, '')];
  const options: OpenAiProviderOptions = {
    kind: 'openai-compatible',
    model: settings.model,
    dimensions: settings.dimensions ?? known?.dimensions ?? 0,
    requestDimensions: false,
    baseUrl: settings.baseUrl,
    apiKey,
    apiKeyEnv: settings.apiKeyEnv,
    maxInputTokens: settings.maxInputTokens ?? known?.maxInputTokens ?? d.maxInputTokens,
    ...requestTuning(settings, d),
    retry,
  };
  if (options.dimensions === 0) {
    const [probe] = await new OpenAiEmbeddingProvider(options).embed(['dimension probe'], environment.signal);
    options.dimensions = (probe as Float32Array).length;
  }
  return new OpenAiEmbeddingProvider(options);
}

/** How requests are sized and paced: the settings where given, else the provider's defaults. */
function requestTuning(
  settings: Partial<Pick<OpenAiProviderOptions, TuningKey>>,
  defaults: Pick<OpenAiProviderOptions, TuningKey>,
): Pick<OpenAiProviderOptions, TuningKey> {
  return {
    batchSize: settings.batchSize ?? defaults.batchSize,
    maxBatchTokens: settings.maxBatchTokens ?? defaults.maxBatchTokens,
    concurrency: settings.concurrency ?? defaults.concurrency,
    timeoutMs: settings.timeoutMs ?? defaults.timeoutMs,
    encodingFormat: settings.encodingFormat ?? defaults.encodingFormat,
  };
}

type TuningKey = 'batchSize' | 'maxBatchTokens' | 'concurrency' | 'timeoutMs' | 'encodingFormat';
