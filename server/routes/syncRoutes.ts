import { Router } from 'express';
import { endpoints } from '../../protocol/rest';
import { type RouteOptions, mount } from '../http/route';
import type { ProjectStore } from '../stores/projectStore';
import type { SyncReads } from '../sync/syncReads';
import type { SyncService } from '../sync/syncService';
import { requireProject } from './projectAccess';

interface SyncRouteDeps {
  projects: ProjectStore;
  sync: SyncService;
  reads: SyncReads;
}

/** Team sync (docs/server.md#sync); `options.bodyLimit` is the larger sync limit. */
export function syncRoutes(deps: SyncRouteDeps, options: RouteOptions): Router {
  const router = Router();

  mount(router, endpoints.syncManifest, options, async ({ params, body }, _req, res) => {
    const { project } = await requireProject(deps.projects, params.projectId, res.locals.principal.userId, 'writer');
    return deps.sync.applyManifest(project, body);
  });

  mount(router, endpoints.syncUpload, options, async ({ params, body }, _req, res) => {
    const { project } = await requireProject(deps.projects, params.projectId, res.locals.principal.userId, 'writer');
    return deps.sync.upload(project, body);
  });

  mount(router, endpoints.vectorLookup, options, async ({ params, body }, _req, res) => {
    const { project } = await requireProject(deps.projects, params.projectId, res.locals.principal.userId, 'reader');
    return deps.reads.lookupVectors(project.id, body);
  });

  mount(router, endpoints.teamFile, options, async ({ params, query }, _req, res) => {
    const { project } = await requireProject(deps.projects, params.projectId, res.locals.principal.userId, 'reader');
    return deps.reads.readFile(project.id, query.ref ?? project.defaultRef, query.path);
  });

  return router;
}
