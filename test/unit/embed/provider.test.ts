import assert from 'node:assert/strict';
import type { EmbeddingConfig } from '../../../protocol/embeddings';
import { createEmbeddingProvider, EmbeddingConfigError } from '../../../daemon/engine/embed/createEmbeddingProvider';
import { EmbeddingError } from '../../../daemon/engine/embed/embeddingErrors';
import type { EmbeddingProvider } from '../../../daemon/engine/embed/embeddingProvider';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs, type RetryPolicy } from '../../../daemon/engine/embed/retry';
import { countTokens } from '../../../daemon/engine/embed/tokens';
import { FakeEmbeddingServer, fakeEmbedding } from '../../support/fakeEmbeddingServer';

const KEY = 'test-key-for-the-fake-server';

/** Records the waits instead of sleeping them, so backoff schedules can be asserted exactly and fast. */
function recordingRetry(overrides: Partial<RetryPolicy> = {}): { policy: Partial<RetryPolicy>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    policy: { random: () => 0.5, sleep: async (ms) => void waits.push(ms), ...overrides },
  };
}

async function rejection(promise: Promise<unknown>): Promise<EmbeddingError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof EmbeddingError, `expected an EmbeddingError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the promise to reject');
}

describe('embedding providers against a local embeddings server', () => {
  let server: FakeEmbeddingServer;

  beforeEach(async () => {
    server = await FakeEmbeddingServer.start({ dimensions: 64 });
  });
  afterEach(async () => {
    await server.close();
  });

  async function compatible(config: Partial<EmbeddingConfig> = {}, retry: Partial<RetryPolicy> = recordingRetry().policy): Promise<EmbeddingProvider> {
    const provider = await createEmbeddingProvider(
      { provider: 'openai-compatible', baseUrl: server.url, model: 'nomic-embed-text', dimensions: 64, ...config },
      { retry, env: {} },
    );
    assert.ok(provider);
    return provider;
  }

  it('returns unit vectors in input order, as the server computed them', async () => {
    const provider = await compatible();
    const texts = ['parse the config file', 'open a socket', 'retry with backoff'];
    const vectors = await provider.embed(texts);
    assert.equal(vectors.length, 3);
    vectors.forEach((vector, i) => {
      assert.deepEqual(Array.from(vector), Array.from(fakeEmbedding(texts[i] as string, 64)));
      const norm = Math.sqrt(vector.reduce((s, x) => s + x * x, 0));
      assert.ok(Math.abs(norm - 1) < 1e-5);
    });
    assert.equal(provider.id, 'openai-compatible:nomic-embed-text@64');
    assert.equal(server.requests[0]?.authorization, undefined, 'a keyless server gets no Authorization header');
    assert.equal(server.requests[0]?.encodingFormat, 'float');
  });

  it('batches by input count and by summed tokens, and truncates long inputs by tokens', async () => {
    const provider = await compatible({ batchSize: 4 });
    await provider.embed(Array.from({ length: 10 }, (_, i) => `function number${i}`));
    assert.deepEqual(server.requests.map((r) => r.input.length), [4, 4, 2]);

    server.requests.length = 0;
    const text = 'alpha beta gamma delta '.repeat(20); // ~80 tokens
    const byTokens = await compatible({ batchSize: 100, maxBatchTokens: 200, maxInputTokens: 100 });
    await byTokens.embed([text, text, text, text, text]);
    assert.deepEqual(server.requests.map((r) => r.input.length), [2, 2, 1]);

    server.requests.length = 0;
    const truncating = await compatible({ maxInputTokens: 20 });
    await truncating.embed(['word '.repeat(500)]);
    const sent = server.requests[0]?.input[0] as string;
    assert.equal(countTokens(sent), 20);
  });

  it('runs batches concurrently up to the configured limit', async () => {
    await server.close();
    server = await FakeEmbeddingServer.start({ dimensions: 64, latencyMs: 150 });
    const provider = await compatible({ batchSize: 1, concurrency: 3 });
    const vectors = await provider.embed(['a one', 'b two', 'c three', 'd four', 'e five']);
    assert.equal(server.maxInFlight, 3);
    assert.equal(provider.usage.requests, 5);
    assert.deepEqual(Array.from(vectors[4] as Float32Array), Array.from(fakeEmbedding('e five', 64)));
  });

  it('honours Retry-After on 429, with a little jitter on top', async () => {
    const { policy, waits } = recordingRetry();
    const provider = await compatible({}, policy);
    server.failNext({ kind: 'status', status: 429, retryAfter: '2' }, { kind: 'status', status: 429, retryAfterMs: '300' });
    const [vector] = await provider.embed(['rate limited text']);
    assert.deepEqual(Array.from(vector as Float32Array), Array.from(fakeEmbedding('rate limited text', 64)));
    assert.deepEqual(waits, [2100, 315]);
    assert.equal(provider.usage.requests, 3);
    assert.equal(provider.usage.retries, 2);
  });

  it('really waits the Retry-After time before retrying', async () => {
    const provider = await compatible({}, { random: () => 0 });
    server.failNext({ kind: 'status', status: 429, retryAfterMs: '250' });
    const started = Date.now();
    await provider.embed(['patience']);
    assert.ok(Date.now() - started >= 240, `retried after ${Date.now() - started} ms`);
  });

  it('backs off exponentially with jitter on 500s and gives up after maxRetries', async () => {
    const low = recordingRetry({ random: () => 0 });
    const provider = await compatible({ maxRetries: 3 }, { ...low.policy, baseDelayMs: 100 });
    server.failNext(...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 500 })));
    const error = await rejection(provider.embed(['always failing']));
    assert.equal(error.code, 'server');
    assert.match(error.message, /failed with 500/);
    assert.equal(server.requests.length, 4);
    assert.deepEqual(low.waits, [50, 100, 200]);

    const high = recordingRetry({ random: () => 0.999 });
    const again = await compatible({ maxRetries: 3 }, { ...high.policy, baseDelayMs: 100 });
    server.failNext({ kind: 'status', status: 503 }, { kind: 'status', status: 502 });
    await again.embed(['recovers']);
    assert.deepEqual(high.waits, [100, 200]);
  });

  it('gives up at once when Retry-After is longer than it is willing to wait', async () => {
    const provider = await compatible({}, { ...recordingRetry().policy, maxRetryAfterMs: 5000 });
    server.failNext({ kind: 'status', status: 429, retryAfter: '3600' });
    const error = await rejection(provider.embed(['x']));
    assert.match(error.message, /asked to wait 3600 s/);
    assert.equal(server.requests.length, 1);
  });

  it('does not retry a quota error and says what to do', async () => {
    const provider = await compatible();
    server.failNext({ kind: 'status', status: 429, code: 'insufficient_quota' });
    const error = await rejection(provider.embed(['x']));
    assert.equal(error.code, 'quota');
    assert.match(error.message, /quota is used up.*Add credit/);
    assert.equal(server.requests.length, 1);
  });

  it('reports a rejected key clearly, without retrying and without the key', async () => {
    await server.close();
    server = await FakeEmbeddingServer.start({ dimensions: 64, apiKey: KEY });
    const wrongKey = 'sk-wrong-key-0123456789abcdef';
    const provider = await createEmbeddingProvider(
      { provider: 'openai', baseUrl: server.url, dimensions: 64 },
      { env: { OPENAI_API_KEY: wrongKey }, retry: recordingRetry().policy },
    );
    const error = await rejection((provider as EmbeddingProvider).embed(['x']));
    assert.equal(error.code, 'auth');
    assert.match(error.message, /OpenAI rejected the API key \(401\)\. Set OPENAI_API_KEY to a valid key/);
    assert.ok(!error.message.includes(wrongKey));
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0]?.authorization, `Bearer ${wrongKey}`);
  });

  it('sends the key from the configured variable, asks text-embedding-3 for its size, and decodes base64', async () => {
    await server.close();
    server = await FakeEmbeddingServer.start({ dimensions: 64, apiKey: KEY });
    const provider = await createEmbeddingProvider(
      { provider: 'openai', baseUrl: server.url, dimensions: 256, apiKeyEnv: 'MOBIUS_TEST_KEY' },
      { env: { MOBIUS_TEST_KEY: KEY } },
    );
    assert.equal(provider?.id, 'openai:text-embedding-3-small@256');
    const [vector] = await (provider as EmbeddingProvider).embed(['encode me']);
    assert.equal(server.requests[0]?.dimensions, 256);
    assert.equal(server.requests[0]?.encodingFormat, 'base64');
    assert.equal(server.requests[0]?.model, 'text-embedding-3-small');
    assert.deepEqual(Array.from(vector as Float32Array), Array.from(fakeEmbedding('encode me', 256)));
  });

  it('times out a request that hangs, retries it, and names the setting when it keeps hanging', async () => {
    const provider = await compatible({ timeoutMs: 200, maxRetries: 1 });
    server.failNext({ kind: 'hang' });
    const [vector] = await provider.embed(['slow']);
    assert.ok(vector);
    assert.equal(server.requests.length, 2);

    server.failNext({ kind: 'hang' }, { kind: 'hang' });
    const error = await rejection(provider.embed(['slower']));
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /did not answer within 200 ms\. Raise embeddings\.timeoutMs/);
  });

  it('retries malformed bodies and explains them when they persist', async () => {
    const provider = await compatible({ maxRetries: 1 });
    server.failNext({ kind: 'malformed-json' });
    assert.equal((await provider.embed(['ok after one bad body'])).length, 1);

    server.failNext({ kind: 'malformed-json' }, { kind: 'malformed-json' });
    const notJson = await rejection(provider.embed(['x']));
    assert.equal(notJson.code, 'bad-response');
    assert.match(notJson.message, /not valid JSON/);

    server.failNext({ kind: 'body', body: { object: 'list', results: [] } }, { kind: 'body', body: { object: 'list', results: [] } });
    const wrongShape = await rejection(provider.embed(['x']));
    assert.match(wrongShape.message, /malformed embeddings response: expected an object with a "data" array/);

    server.failNext({ kind: 'missing-item' }, { kind: 'missing-item' });
    const short = await rejection(provider.embed(['x', 'y']));
    assert.match(short.message, /1 embeddings for 2 inputs/);

    server.failNext(
      { kind: 'body', body: { data: [{ index: 0, embedding: ['a', 'b'] }] } },
      { kind: 'body', body: { data: [{ index: 0, embedding: ['a', 'b'] }] } },
    );
    assert.match((await rejection(provider.embed(['x']))).message, /item 0 has no numeric "embedding"/);
  });

  it('says which dimensions setting to use when the model returns another size', async () => {
    const provider = await compatible({ dimensions: 768 });
    const error = await rejection(provider.embed(['x']));
    assert.equal(error.code, 'config');
    assert.match(error.message, /returned 64-dimension vectors .* Set embeddings\.dimensions to 64/);
  });

  it('does not retry a request the server refuses, and quotes its reason', async () => {
    await server.close();
    server = await FakeEmbeddingServer.start({ dimensions: 64, maxInputs: 2 });
    const provider = await compatible({ batchSize: 3 });
    const error = await rejection(provider.embed(['a', 'b', 'c']));
    assert.equal(error.code, 'bad-request');
    assert.match(error.message, /refused the request \(400\): .*Too many inputs: 3 > 2/);
    assert.equal(server.requests.length, 1);
  });

  it('stops promptly when cancelled', async () => {
    const provider = await compatible({ timeoutMs: 10_000 });
    server.failNext({ kind: 'hang' });
    const controller = new AbortController();
    const pending = provider.embed(['never answered'], controller.signal);
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await rejection(pending);
    assert.equal(error.code, 'aborted');
    assert.ok(Date.now() - started < 1000);
  });

  it('probes the vector size of an unknown model with one request', async () => {
    const provider = await createEmbeddingProvider({ provider: 'openai-compatible', baseUrl: server.url, model: 'my-local-embedder' }, { env: {} });
    assert.equal(provider?.dimensions, 64);
    assert.equal(provider?.id, 'openai-compatible:my-local-embedder@64');
    assert.equal(server.requests.length, 1);
  });
});

describe('embedding settings', () => {
  it('means keyword search alone when nothing is configured', async () => {
    assert.equal(await createEmbeddingProvider(undefined), null);
    assert.equal(await createEmbeddingProvider({ provider: 'none' }), null);
  });

  it('explains what is missing or wrong', async () => {
    await assert.rejects(createEmbeddingProvider({ provider: 'openai' }, { env: {} }), (err: Error) => {
      assert.ok(err instanceof EmbeddingConfigError);
      assert.match(err.message, /needs an API key in the environment variable OPENAI_API_KEY, which is not set/);
      return true;
    });
    await assert.rejects(createEmbeddingProvider({ provider: 'openai-compatible', model: 'x' }, { env: {} }), /needs embeddings\.baseUrl, e\.g\./);
    await assert.rejects(createEmbeddingProvider({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' }, { env: {} }), /needs embeddings\.model/);
    await assert.rejects(
      createEmbeddingProvider({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1', model: 'x', dimensions: 8, apiKeyEnv: 'NOT_SET_ANYWHERE' }, { env: {} }),
      /names NOT_SET_ANYWHERE, which is not set/,
    );
    await assert.rejects(createEmbeddingProvider({ provider: 'openai', dimensions: 512, model: 'text-embedding-ada-002' }, { env: { OPENAI_API_KEY: 'k' } }), /always returns 1536 dimensions/);
    await assert.rejects(createEmbeddingProvider({ provider: 'ollama' } as unknown as EmbeddingConfig), /Invalid embedding settings: embeddings\.provider/);
    await assert.rejects(createEmbeddingProvider({ provider: 'openai', batchSize: 0 } as EmbeddingConfig, { env: { OPENAI_API_KEY: 'k' } }), /embeddings\.batchSize/);
  });

  it('reports an unreachable server as a network problem', async () => {
    const provider = await createEmbeddingProvider(
      { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', dimensions: 8, maxRetries: 0 },
      { env: {} },
    );
    const error = await rejection((provider as EmbeddingProvider).embed(['x']));
    assert.equal(error.code, 'network');
    assert.match(error.message, /Could not reach the embeddings server at http:\/\/127\.0\.0\.1:9\/v1 .*Check that it is running/);
  });
});

describe('retry timing', () => {
  it('parses Retry-After as seconds, an HTTP date, or retry-after-ms', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter(new Headers({ 'retry-after': '7' }), now), 7000);
    assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), now), 30_000);
    assert.equal(parseRetryAfter(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now), 1500);
    assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('doubles the backoff up to a cap, half fixed and half random', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 8000 };
    const at = (random: number) => [0, 1, 2, 3, 4].map((retry) => retryDelayMs(retry, { ...policy, random: () => random }));
    assert.deepEqual(at(0), [500, 1000, 2000, 4000, 4000]);
    assert.deepEqual(at(1), [1000, 2000, 4000, 8000, 8000]);
  });
});
