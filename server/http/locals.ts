import type { Logger } from 'pino';
import type { Principal } from '../auth/principal';

// What the middleware chain attaches to each response's `locals`, typed once for every handler.
declare global {
  namespace Express {
    interface Locals {
      requestId: string;
      log: Logger;
      /** Set by the authentication middleware on every route that requires it. */
      principal: Principal;
      /** Input parsed by the validation middleware (Express 5's req.query is read-only). */
      input: { params: unknown; query: unknown; body: unknown };
    }
  }
}

export {};
