import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

const CLIENT_ID = /^[\w.:-]{1,128}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane, so traces join up across
 * services), a child logger carrying it, and one structured log line when the response ends.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const offered = req.get('x-request-id');
    const requestId = offered && CLIENT_ID.test(offered) ? offered : randomUUID();
    res.locals.requestId = requestId;
    res.locals.log = logger.child({ requestId });
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const principal = res.locals.principal;
      res.locals.log.info(
        {
          method: req.method,
          path: req.originalUrl.split('?')[0],
          route: req.route?.path,
          status: res.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          ip: req.ip,
          userId: principal?.userId,
          apiKeyId: principal?.apiKeyId ?? undefined,
        },
        'request',
      );
    });
    next();
  };
}
