import { Router } from 'express';
import { endpoints } from '../../protocol/rest';
import { type RouteOptions, mount } from '../http/route';
import type { SearchService } from '../search/searchService';

export function searchRoutes(search: SearchService, options: RouteOptions): Router {
  const router = Router();
  mount(router, endpoints.search, options, async ({ body }, _req, res) => {
    const response = await search.search(res.locals.principal.userId, body);
    res.setHeader('X-Cache', response.cached ? 'HIT' : 'MISS');
    return response;
  });
  return router;
}
