import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorResponse } from '../../protocol/rest';
import { ApiError } from '../http/apiError';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Turns body-parser's errors into the API's error codes; anything else stays as it is. */
function fromBodyParser(err: unknown): ApiError | null {
  const { type, limit } = err as BodyParserError;
  switch (type) {
    case 'entity.too.large':
      return new ApiError(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${limit} bytes; send fewer files per request or use an ingest job in batches`);
    case 'entity.parse.failed':
      return new ApiError(400, 'INVALID_JSON', 'The request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON in UTF-8, optionally gzip- or deflate-encoded');
    case 'request.aborted':
      return new ApiError(400, 'VALIDATION_FAILED', 'The client aborted the request before its body arrived');
    default:
      return null;
  }
}

export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const apiError = err instanceof ApiError ? err : fromBodyParser(err);
  if (!apiError) res.locals.log.error({ err }, 'unhandled error');
  else if (apiError.status >= 500) res.locals.log.warn({ code: apiError.code, message: apiError.message }, 'service error');
  const error = apiError ?? new ApiError(500, 'INTERNAL', 'Internal server error; the request id identifies it in the server log');
  const body: ErrorResponse = {
    status: error.status,
    code: error.code,
    message: error.message,
    requestId: res.locals.requestId,
    ...(error.details ? { details: error.details } : {}),
  };
  if (res.headersSent) return;
  res.set(error.headers).status(error.status).json(body);
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'NOT_FOUND', `No route ${req.method} ${req.path}; see /api/v1/openapi.json`));
};
