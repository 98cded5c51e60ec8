import { Router } from 'express';
import { renderDocsPage } from '../http/docsPage';
import { buildOpenApiDocument } from '../openapi';

export function docsRoutes(version: string): Router {
  const router = Router();
  const document = buildOpenApiDocument(version);
  const page = renderDocsPage(document);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    res.type('html').send(page);
  });
  return router;
}
