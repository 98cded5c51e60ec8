import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import { normalizeInPlace } from '../vectors/vectorMath';
import { planBatches } from './batching';
import { EmbeddingError } from './embeddingErrors';
import type { EmbeddingProvider, EmbeddingUsage } from './embeddingProvider';
import { parseRetryAfter, withRetries, type RetryPolicy } from './retry';
import { TimeSlicer } from './timeSlicer';
import { truncateToTokens } from './tokens';

export interface OpenAiProviderOptions {
  kind: 'openai' | 'openai-compatible';
  model: string;
  /** Vector size every response must have; 0 accepts any (used once, to probe a model's size). */
  dimensions: number;
  /** Ask the server for `dimensions` (only text-embedding-3 models can shorten their vectors). */
  requestDimensions: boolean;
  baseUrl: string;
  /** Absent for local servers that need no key: then no Authorization header is sent at all. */
  apiKey?: string;
  /** Named in messages about the key; the key itself never is. */
  apiKeyEnv?: string;
  maxInputTokens: number;
  batchSize: number;
  maxBatchTokens: number;
  concurrency: number;
  timeoutMs: number;
  encodingFormat: 'float' | 'base64';
  retry: RetryPolicy;
}

/** Server text quoted in an error message is cut to this length. */
const MAX_QUOTED_CHARS = 300;

/**
 * OpenAI's embeddings API, or any server speaking it (Ollama, LM Studio, vLLM, llama.cpp):
 * truncates inputs by tokens, batches within input and token limits, runs batches concurrently,
 * retries with backoff (the SDK's own retries are off so Retry-After and jitter are ours),
 * validates every response and returns unit vectors.
 */
export class OpenAiEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  readonly usage: EmbeddingUsage = { requests: 0, retries: 0, inputs: 0 };
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAiProviderOptions) {
    this.id = `${options.kind}:${options.model}@${options.dimensions}`;
    this.client = new OpenAI({
      // The SDK insists on a key; a keyless server gets none because the header is removed below.
      apiKey: options.apiKey ?? 'no-key',
      baseURL: options.baseUrl,
      organization: null,
      project: null,
      timeout: options.timeoutMs,
      maxRetries: 0,
      // OPENAI_LOG=debug in a user's environment must not make the SDK print requests.
      logLevel: 'off',
      defaultHeaders: options.apiKey === undefined ? { Authorization: null } : undefined,
    });
  }

  get model(): string {
    return this.options.model;
  }

  get dimensions(): number {
    return this.options.dimensions;
  }

  get maxInputTokens(): number {
    return this.options.maxInputTokens;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    try {
      return await this.embedAll(texts, signal);
    } catch (err) {
      // Cancellation surfaces from several places (fetch, time slices); callers see one error for it.
      if (signal?.aborted && !(err instanceof EmbeddingError && err.code === 'aborted')) {
        throw new EmbeddingError('aborted', 'Embedding was cancelled.', { cause: err });
      }
      throw err;
    }
  }

  private async embedAll(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    // Tokenizing a page of long texts takes tens of milliseconds: do it in slices.
    const slicer = new TimeSlicer(undefined, signal);
    const inputs: { text: string; tokens: number }[] = [];
    for (const text of texts) {
      inputs.push(truncateToTokens(text.trim() === '' ? ' ' : text, this.options.maxInputTokens));
      await slicer.checkpoint();
    }
    const batches = planBatches(
      inputs.map((input) => input.tokens),
      { maxInputs: this.options.batchSize, maxTokens: this.options.maxBatchTokens },
    );
    const results = new Array<Float32Array>(texts.length);
    // One failed batch stops the others: the caller gets the error at once, not after every batch.
    const stop = new AbortController();
    const abort = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', abort, { once: true });
    let next = 0;
    const worker = async () => {
      while (next < batches.length && !stop.signal.aborted) {
        const batch = batches[next++] as number[];
        const vectors = await withRetries(
          () => this.request(batch.map((i) => (inputs[i] as { text: string }).text), stop.signal),
          this.options.retry,
          stop.signal,
          () => this.usage.retries++,
        );
        batch.forEach((inputIndex, i) => (results[inputIndex] = vectors[i] as Float32Array));
      }
    };
    try {
      await Promise.all(
        Array.from({ length: Math.min(this.options.concurrency, batches.length) }, () =>
          worker().catch((err: unknown) => {
            stop.abort(err);
            throw err;
          }),
        ),
      );
    } finally {
      signal?.removeEventListener('abort', abort);
    }
    signal?.throwIfAborted();
    return results;
  }

  private async request(input: string[], signal: AbortSignal): Promise<Float32Array[]> {
    this.usage.requests++;
    let body: unknown;
    try {
      body = await this.client.embeddings.create(
        {
          model: this.options.model,
          input,
          encoding_format: this.options.encodingFormat,
          ...(this.options.requestDimensions ? { dimensions: this.options.dimensions } : {}),
        },
        { signal },
      );
    } catch (err) {
      throw this.describeFailure(err, signal);
    }
    const vectors = await this.parseResponse(body, input.length, signal);
    this.usage.inputs += vectors.length;
    return vectors;
  }

  /** The provider as the subject of a sentence. */
  private get who(): string {
    const where = this.where;
    return where.charAt(0).toUpperCase() + where.slice(1);
  }

  private get where(): string {
    return this.options.kind === 'openai' ? 'OpenAI' : `the embeddings server at ${this.options.baseUrl}`;
  }

  private describeFailure(err: unknown, signal: AbortSignal): Error {
    if (signal.aborted || err instanceof APIUserAbortError) {
      return new EmbeddingError('aborted', 'Embedding was cancelled.', { cause: signal.reason ?? err });
    }
    if (err instanceof APIConnectionTimeoutError) {
      return new EmbeddingError(
        'timeout',
        `${this.who} did not answer within ${this.options.timeoutMs} ms. Raise embeddings.timeoutMs or lower embeddings.batchSize if it is slow.`,
        { retryable: true, cause: err },
      );
    }
    if (err instanceof APIConnectionError) {
      return new EmbeddingError(
        'network',
        `Could not reach ${this.where} (${err.cause instanceof Error ? err.cause.message : err.message}). Check that it is running and that embeddings.baseUrl is right.`,
        { retryable: true, cause: err },
      );
    }
    if (err instanceof APIError && typeof err.status === 'number') return this.describeStatus(err, err.status);
    return new EmbeddingError(
      'bad-response',
      `${this.who} sent a response that is not valid JSON (${(err as Error)?.message ?? String(err)}). Check that embeddings.baseUrl points at an OpenAI-compatible /v1 endpoint.`,
      { retryable: true, cause: err },
    );
  }

  private describeStatus(err: APIError, status: number): EmbeddingError {
    const retryAfterMs = parseRetryAfter(err.headers);
    const keyName = this.options.apiKeyEnv ?? 'the API key variable';
    if (status === 401 || status === 403) {
      const fix =
        this.options.kind === 'openai'
          ? `Set ${keyName} to a valid key (https://platform.openai.com/api-keys), or set embeddings.provider to "none" to use keyword search alone.`
          : this.options.apiKey === undefined
            ? `This server wants a key: put it in an environment variable and name that variable in embeddings.apiKeyEnv.`
            : `Set ${keyName} to a key this server accepts.`;
      return new EmbeddingError('auth', `${this.who} rejected the API key (${status}). ${fix}`, { status, cause: err });
    }
    if (status === 429 && err.code === 'insufficient_quota') {
      return new EmbeddingError('quota', `${this.who} says the account's quota is used up (429 insufficient_quota). Add credit or use another key.`, { status, cause: err });
    }
    if (status === 429) {
      return new EmbeddingError('rate-limit', `${this.who} is rate-limiting requests (429).`, { retryable: true, retryAfterMs, status, cause: err });
    }
    if (status === 404) {
      return new EmbeddingError(
        'config',
        `${this.who} has no model "${this.options.model}" or no /embeddings endpoint (404). Check embeddings.model, and that embeddings.baseUrl ends in /v1.`,
        { status, cause: err },
      );
    }
    if (status === 408 || status === 409 || status >= 500) {
      return new EmbeddingError('server', `${this.who} failed with ${status}.`, { retryable: true, retryAfterMs, status, cause: err });
    }
    return new EmbeddingError(
      'bad-request',
      `${this.who} refused the request (${status}): ${quote(err.message)}`,
      { status, cause: err },
    );
  }

  private async parseResponse(body: unknown, expected: number, signal: AbortSignal): Promise<Float32Array[]> {
    const malformed = (what: string) =>
      new EmbeddingError('bad-response', `${this.who} sent a malformed embeddings response: ${what}.`, { retryable: true });
    const data = (body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) throw malformed(`expected an object with a "data" array, got ${quote(JSON.stringify(body) ?? String(body))}`);
    if (data.length !== expected) throw malformed(`${data.length} embeddings for ${expected} inputs`);
    const ordered = data.every((item) => typeof (item as { index?: unknown })?.index === 'number')
      ? [...data].sort((a, b) => (a as { index: number }).index - (b as { index: number }).index)
      : data;
    const slicer = new TimeSlicer(undefined, signal);
    const vectors: Float32Array[] = [];
    for (const [i, item] of ordered.entries()) {
      const vector = decodeEmbedding((item as { embedding?: unknown })?.embedding);
      if (!vector) throw malformed(`item ${i} has no numeric "embedding"`);
      if (this.options.dimensions !== 0 && vector.length !== this.options.dimensions) {
        throw new EmbeddingError(
          'config',
          `${this.who} returned ${vector.length}-dimension vectors for model "${this.options.model}", but embeddings.dimensions is ${this.options.dimensions}. Set embeddings.dimensions to ${vector.length} (or remove it to detect the size).`,
        );
      }
      vectors.push(normalizeInPlace(vector));
      await slicer.checkpoint();
    }
    return vectors;
  }
}

/** A float array, or base64 of little-endian float32s; null for anything else (or non-finite values). */
function decodeEmbedding(value: unknown): Float32Array | null {
  let vector: Float32Array;
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === 0 || bytes.length % 4 !== 0) return null;
    vector = new Float32Array(bytes.length / 4);
    new Uint8Array(vector.buffer).set(bytes);
  } else if (Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number')) {
    vector = Float32Array.from(value as number[]);
  } else {
    return null;
  }
  return vector.every(Number.isFinite) ? vector : null;
}

function quote(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS)}…` : text;
}
