import express, { type RequestHandler } from 'express';
import { ApiError } from '../http/apiError';

/**
 * Parses JSON bodies up to `limit` bytes (measured after gzip/deflate decoding, so a small
 * compressed body cannot expand past the limit) and refuses bodies of other media types.
 */
export function jsonBody(limit: number): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = req.get('content-length') !== undefined ? req.get('content-length') !== '0' : req.get('transfer-encoding') !== undefined;
    if (hasBody && !req.is('application/json')) {
      next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with Content-Type: application/json'));
      return;
    }
    next();
  };
  return [requireJson, express.json({ limit, strict: true, inflate: true })];
}
