import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { EndpointSpec } from '../../protocol/rest';
import { jsonBody } from '../middleware/jsonBody';
import { validate } from '../middleware/validate';

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteInput<S extends EndpointSpec> {
  params: Parsed<S['params']>;
  query: Parsed<S['query']>;
  body: Parsed<S['body']>;
}

/** What a handler returns: the success body, typed by the endpoint's response schema. */
export type RouteOutput<S extends EndpointSpec> = S['success']['schema'] extends z.ZodType ? z.input<S['success']['schema']> : void;

export type RouteHandler<S extends EndpointSpec> = (input: RouteInput<S>, req: Request, res: Response) => Promise<RouteOutput<S>>;

export interface RouteOptions {
  /** Run before body parsing on every endpoint with `auth: true` (authentication, key limits). */
  guards: RequestHandler[];
  bodyLimit: number;
}

/**
 * Mounts one endpoint of the protocol table: guards, JSON body parsing (after authentication, so
 * anonymous clients cannot make the server parse large bodies), validation, then the handler,
 * whose return value is sent with the endpoint's success status.
 */
export function mount<S extends EndpointSpec>(router: Router, spec: S, options: RouteOptions, handler: RouteHandler<S>, ...before: RequestHandler[]): void {
  const chain: RequestHandler[] = [
    ...before,
    ...(spec.auth ? options.guards : []),
    ...(spec.body ? jsonBody(options.bodyLimit) : []),
    validate(spec),
    async (req, res) => {
      const output = await handler(res.locals.input as RouteInput<S>, req, res);
      // A handler that answered with another status itself (readiness's 503) is done.
      if (res.headersSent) return;
      if (spec.success.schema === null) res.status(spec.success.status).end();
      else res.status(spec.success.status).json(output);
    },
  ];
  router[spec.method](spec.path, ...chain);
}
