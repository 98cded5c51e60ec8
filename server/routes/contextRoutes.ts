import { Router } from 'express';
import { endpoints } from '../../protocol/rest';
import { notFound } from '../http/apiError';
import { type RouteOptions, mount } from '../http/route';
import type { IngestService } from '../ingest/ingestService';
import type { PathGlobFilter } from '../search/pathGlobFilter';
import type { ContextStore } from '../stores/contextStore';
import type { ProjectStore } from '../stores/projectStore';
import { requireProject } from './projectAccess';

interface ContextRouteDeps {
  projects: ProjectStore;
  contexts: ContextStore;
  ingest: IngestService;
  globs: PathGlobFilter;
}

export function contextRoutes(deps: ContextRouteDeps, options: RouteOptions): Router {
  const router = Router();

  mount(router, endpoints.ingest, options, async ({ params, body }, _req, res) => {
    const { project } = await requireProject(deps.projects, params.projectId, res.locals.principal.userId, 'writer');
    return deps.ingest.ingest(project, body);
  });

  mount(router, endpoints.listContexts, options, async ({ params, query }, _req, res) => {
    const { project } = await requireProject(deps.projects, params.projectId, res.locals.principal.userId, 'reader');
    const ref = query.ref ?? project.defaultRef;
    const paths = query.pathGlob
      ? await deps.globs.paths([{ projectId: project.id, ref, indexVersion: project.indexVersion }], query.pathGlob)
      : undefined;
    const { items, total } = await deps.contexts.list(
      project.id,
      { ref, path: query.path, paths, language: query.language, kind: query.kind },
      query.offset,
      query.limit,
    );
    return { items, total, offset: query.offset, limit: query.limit };
  });

  mount(router, endpoints.getContext, options, async ({ params }, _req, res) => {
    await requireProject(deps.projects, params.projectId, res.locals.principal.userId, 'reader');
    const context = await deps.contexts.get(params.projectId, params.contextId);
    if (!context) throw notFound('Context');
    return context;
  });

  return router;
}
