import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 speaking OpenAI's `POST /v1/embeddings`: the one remote service
 * the tests may fake. Vectors are derived from the text (hashed bag of identifier-split words),
 * so similar texts get similar vectors and retrieval benchmarks against it mean something.
 * Failures can be scripted per request, and every request is recorded.
 */

/** What the server does with one upcoming request instead of answering it normally. */
export type ScriptedResponse =
  | { kind: 'status'; status: number; retryAfter?: string; retryAfterMs?: string; code?: string; message?: string }
  /** Never answers (the client's timeout or abort ends it). */
  | { kind: 'hang' }
  /** Answers normally, late. */
  | { kind: 'delay'; ms: number }
  /** A 200 whose body is not JSON although it says it is. */
  | { kind: 'malformed-json' }
  /** A 200 with valid JSON of the wrong shape. */
  | { kind: 'body'; body: unknown }
  /** A 200 with one embedding fewer than inputs. */
  | { kind: 'missing-item' };

export interface RecordedRequest {
  model: string;
  input: string[];
  dimensions?: number;
  encodingFormat?: string;
  authorization?: string;
  /** What was done with it. */
  outcome: ScriptedResponse['kind'] | 'ok' | 'rejected';
}

export interface FakeEmbeddingServerOptions {
  /** Vector size when the request does not ask for one. */
  dimensions?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get a 401. */
  apiKey?: string;
  /** Most inputs accepted in one request; more get a 400, as OpenAI's 2048 limit does. */
  maxInputs?: number;
  /** Added to every answer, to model a slow server. */
  latencyMs?: number;
  /** Requests with an input matching this get a 400, as a server refuses an input it cannot take. */
  rejectInputs?: RegExp;
}

const STOP_WORDS = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'and', 'or', 'is', 'it', 'for', 'on', 'with', 'as', 'be', 'by', 'this', 'that', 'from', 'at']);

/** Lower-case words of a text with identifiers split (`parseHttpHeader` → parse, http, header), crudely singularised. */
export function bagOfWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map((word) => (word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
}

function fnv1a(text: string, seed: number): number {
  let hash = 2166136261 ^ seed;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}

/** The vector the server returns for `text`: each word hashed to two signed positions, weighted 1+log(tf), unit length. */
export function fakeEmbedding(text: string, dimensions: number): Float32Array {
  const counts = new Map<string, number>();
  for (const word of bagOfWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const vector = new Float32Array(dimensions);
  for (const [word, count] of counts) {
    const weight = 1 + Math.log(count);
    for (const seed of [0, 1]) {
      const hash = fnv1a(word, seed);
      vector[hash % dimensions] = (vector[hash % dimensions] as number) + (hash & 0x80000000 ? -weight : weight);
    }
  }
  let norm = 0;
  for (const x of vector) norm += x * x;
  if (norm === 0) vector[0] = 1;
  else for (let i = 0; i < dimensions; i++) vector[i] = (vector[i] as number) / Math.sqrt(norm);
  return vector;
}

export class FakeEmbeddingServer {
  readonly requests: RecordedRequest[] = [];
  /** Most requests being handled at the same moment so far. */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly script: ScriptedResponse[] = [];
  private readonly options: Required<Omit<FakeEmbeddingServerOptions, 'apiKey' | 'rejectInputs'>> & FakeEmbeddingServerOptions;

  private constructor(
    private readonly server: http.Server,
    options: FakeEmbeddingServerOptions,
  ) {
    this.options = { dimensions: 64, maxInputs: 2048, latencyMs: 0, ...options };
  }

  static async start(options: FakeEmbeddingServerOptions = {}): Promise<FakeEmbeddingServer> {
    let instance: FakeEmbeddingServer | undefined;
    const server = http.createServer((req, res) => void instance?.track(req, res));
    instance = new FakeEmbeddingServer(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  /** The base URL to configure, ending in `/v1`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Queues responses for the next requests, in order; requests after them are answered normally. */
  failNext(...responses: ScriptedResponse[]): void {
    this.script.push(...responses);
  }

  /** Inputs embedded successfully so far. */
  get embeddedInputs(): number {
    return this.requests.filter((r) => r.outcome === 'ok' || r.outcome === 'delay').reduce((n, r) => n + r.input.length, 0);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async track(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    res.on('close', () => this.inFlight--);
    await this.handle(req, res);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/v1/embeddings')) {
      return this.sendError(res, 404, `No route ${req.method} ${req.url}`, 'not_found');
    }
    let body: { model?: unknown; input?: unknown; dimensions?: unknown; encoding_format?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      return this.sendError(res, 400, 'Request body is not JSON', 'invalid_json');
    }
    const input = typeof body.input === 'string' ? [body.input] : body.input;
    const record: RecordedRequest = {
      model: String(body.model),
      input: Array.isArray(input) ? input.map(String) : [],
      dimensions: typeof body.dimensions === 'number' ? body.dimensions : undefined,
      encodingFormat: typeof body.encoding_format === 'string' ? body.encoding_format : undefined,
      authorization: req.headers.authorization,
      outcome: 'ok',
    };
    this.requests.push(record);

    if (this.options.apiKey !== undefined && req.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      record.outcome = 'rejected';
      return this.sendError(res, 401, 'Incorrect API key provided.', 'invalid_api_key');
    }
    if (!Array.isArray(input) || input.length === 0 || !input.every((x) => typeof x === 'string' && x.length > 0)) {
      record.outcome = 'rejected';
      return this.sendError(res, 400, "'input' must be a non-empty string or array of non-empty strings", 'invalid_input');
    }
    if (input.length > this.options.maxInputs) {
      record.outcome = 'rejected';
      return this.sendError(res, 400, `Too many inputs: ${input.length} > ${this.options.maxInputs}`, 'too_many_inputs');
    }

    const refused = this.options.rejectInputs && input.find((text) => this.options.rejectInputs?.test(text));
    if (refused) {
      record.outcome = 'rejected';
      return this.sendError(res, 400, `This model cannot embed input ${JSON.stringify(refused.slice(0, 40))}`, 'invalid_input');
    }

    const scripted = this.script.shift();
    if (scripted) record.outcome = scripted.kind;
    if (this.options.latencyMs > 0) await sleep(this.options.latencyMs);
    switch (scripted?.kind) {
      case 'hang':
        return;
      case 'status': {
        const headers: Record<string, string> = {};
        if (scripted.retryAfter !== undefined) headers['retry-after'] = scripted.retryAfter;
        if (scripted.retryAfterMs !== undefined) headers['retry-after-ms'] = scripted.retryAfterMs;
        return this.sendError(res, scripted.status, scripted.message ?? `Scripted ${scripted.status}`, scripted.code ?? 'scripted', headers);
      }
      case 'malformed-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"object":"list","data":[{"embedding":[0.1,');
      case 'body':
        return this.sendJson(res, 200, scripted.body);
      case 'delay':
        await sleep(scripted.ms);
        break;
      default:
        break;
    }
    const dimensions = record.dimensions ?? this.options.dimensions;
    const items = (input as string[]).map((text, index) => {
      const vector = fakeEmbedding(text, dimensions);
      const embedding = record.encodingFormat === 'base64' ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector);
      return { object: 'embedding', index, embedding };
    });
    if (scripted?.kind === 'missing-item') items.pop();
    this.sendJson(res, 200, { object: 'list', data: items, model: record.model, usage: { prompt_tokens: 0, total_tokens: 0 } });
  }

  private sendError(res: http.ServerResponse, status: number, message: string, code: string, headers: Record<string, string> = {}): void {
    this.sendJson(res, status, { error: { message, type: 'invalid_request_error', param: null, code } }, headers);
  }

  private sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
