import type { RequestHandler } from 'express';
import type { z } from 'zod';
import type { EndpointSpec, ErrorDetail } from '../../protocol/rest';
import { ApiError } from '../http/apiError';

function details(location: string, error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({
    path: [location, ...issue.path.map(String)].join('.'),
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}

/** Parses params, query and body with the endpoint's schemas into res.locals.input. */
export function validate(spec: EndpointSpec): RequestHandler {
  return (req, res, next) => {
    const problems: ErrorDetail[] = [];
    const parse = (location: string, schema: z.ZodType | undefined, value: unknown) => {
      if (!schema) return value;
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      problems.push(...details(location, result.error));
      return undefined;
    };
    const input = {
      params: parse('params', spec.params, req.params),
      query: parse('query', spec.query, { ...(req.query as object) }),
      body: parse('body', spec.body, req.body),
    };
    if (problems.length) {
      const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
      next(new ApiError(400, 'VALIDATION_FAILED', `Invalid request: ${summary}`, problems));
      return;
    }
    res.locals.input = input;
    next();
  };
}
