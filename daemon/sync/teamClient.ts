import { gzipSync } from 'node:zlib';
import type { z } from 'zod';
import {
  API_PREFIX, ErrorResponse, endpoints, type EndpointName, type ErrorCode,
} from '../../protocol/rest';
import { parseRetryAfter } from '../engine/embed/retry';

type Spec<N extends EndpointName> = (typeof endpoints)[N];
type Body<N extends EndpointName> = Spec<N> extends { body: z.ZodType } ? z.input<Spec<N>['body']> : undefined;
type Reply<N extends EndpointName> = Spec<N>['success']['schema'] extends z.ZodType ? z.output<Spec<N>['success']['schema']> : void;

/** Bodies larger than this are gzip-compressed (the server inflates them). */
const COMPRESS_ABOVE_BYTES = 8 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Why a call to the team server failed. `retryable` separates what waiting fixes (the server is
 * down, overloaded or rate-limiting) from what it cannot (a bad key, no access, a bad request).
 */
export class TeamServerError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: ErrorCode | 'NETWORK' | 'TIMEOUT' | 'BAD_RESPONSE',
    readonly retryable: boolean,
    /** Seconds the server asked to wait (Retry-After), when it said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'TeamServerError';
  }
}

export interface TeamClientOptions {
  serverUrl: string;
  apiKey: string;
  timeoutMs?: number;
  /** Called once per request with the body's bytes as sent (after compression; 0 without a body). */
  onRequest?: (bodyBytes: number) => void;
}

/** Typed calls to the team server's REST API, one per entry of the protocol's endpoint table. */
export class TeamClient {
  readonly baseUrl: string;

  constructor(private readonly options: TeamClientOptions) {
    this.baseUrl = options.serverUrl.replace(/\/+$/, '') + API_PREFIX;
  }

  /** The same client, also reporting each request to `onRequest` (sync accounting). */
  withAccounting(onRequest: (bodyBytes: number) => void): TeamClient {
    const outer = this.options.onRequest;
    return new TeamClient({ ...this.options, onRequest: (bytes) => (outer?.(bytes), onRequest(bytes)) });
  }

  async call<N extends EndpointName>(
    name: N,
    params: Record<string, string> = {},
    body?: Body<N>,
    query?: Record<string, string | undefined>,
    signal?: AbortSignal,
  ): Promise<Reply<N>> {
    const spec: Spec<N> = endpoints[name];
    const path = spec.path.replace(/:(\w+)/g, (_, key: string) => encodeURIComponent(params[key] ?? ''));
    const search = new URLSearchParams(Object.entries(query ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
    const url = `${this.baseUrl}${path}${search.size > 0 ? `?${search}` : ''}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.apiKey}`, accept: 'application/json' };
    let payload: Buffer | undefined;
    if (body !== undefined) {
      payload = Buffer.from(JSON.stringify(body));
      headers['content-type'] = 'application/json';
      if (payload.length > COMPRESS_ABOVE_BYTES) {
        payload = gzipSync(payload, { level: 6 });
        headers['content-encoding'] = 'gzip';
      }
    }
    this.options.onRequest?.(payload?.length ?? 0);
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let res: Response;
    try {
      res = await fetch(url, {
        method: spec.method.toUpperCase(),
        headers,
        body: payload ? new Uint8Array(payload) : undefined,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      if (timeout.aborted) throw new TeamServerError(`The team server at ${this.options.serverUrl} did not answer within ${(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s.`, null, 'TIMEOUT', true);
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new TeamServerError(
        `Cannot reach the team server at ${this.options.serverUrl} (${cause?.code ?? cause?.message ?? (err as Error).message}). Check the URL and that the server runs.`,
        null, 'NETWORK', true,
      );
    }
    if (res.ok) {
      if (spec.success.schema === null) return undefined as Reply<N>;
      try {
        return (await res.json()) as Reply<N>;
      } catch {
        throw new TeamServerError(`The team server at ${this.options.serverUrl} answered ${name} with a body that is not JSON.`, res.status, 'BAD_RESPONSE', true);
      }
    }
    throw await errorOf(res, this.options.serverUrl);
  }
}

async function errorOf(res: Response, serverUrl: string): Promise<TeamServerError> {
  const retryAfterMs = parseRetryAfter(res.headers);
  const retryAfterSeconds = retryAfterMs !== undefined && retryAfterMs > 0 ? retryAfterMs / 1000 : null;
  const parsed = ErrorResponse.safeParse(await res.json().catch(() => null));
  if (!parsed.success) {
    return new TeamServerError(`The team server at ${serverUrl} answered HTTP ${res.status} without an error body; is this URL a Mobius server?`, res.status, 'BAD_RESPONSE', res.status >= 500, retryAfterSeconds);
  }
  const { code, message, requestId } = parsed.data;
  const retryable = res.status === 429 || res.status >= 500;
  const hint = AUTH_CODES.has(code) ? ' Run "Mobius: Connect to Team Server" with a valid API key.' : '';
  return new TeamServerError(`${message} (HTTP ${res.status} ${code}, request ${requestId}).${hint}`, res.status, code, retryable, retryAfterSeconds);
}

const AUTH_CODES = new Set<ErrorCode>(['AUTH_REQUIRED', 'INVALID_TOKEN', 'TOKEN_EXPIRED', 'INVALID_API_KEY', 'API_KEY_REVOKED', 'API_KEY_EXPIRED']);
