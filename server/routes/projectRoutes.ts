import { Router } from 'express';
import { endpoints } from '../../protocol/rest';
import { ApiError } from '../http/apiError';
import { type RouteOptions, mount } from '../http/route';
import type { ProjectStore } from '../stores/projectStore';
import type { VectorStore } from '../stores/vectorStore';
import { requireProject } from './projectAccess';

interface ProjectRouteDeps {
  projects: ProjectStore;
  vectors: VectorStore;
}

export function projectRoutes({ projects, vectors }: ProjectRouteDeps, options: RouteOptions): Router {
  const router = Router();

  mount(router, endpoints.listProjects, options, async ({ query }, _req, res) => {
    const { items, total } = await projects.list(res.locals.principal.userId, query.offset, query.limit, query.search);
    return { items, total, offset: query.offset, limit: query.limit };
  });

  mount(router, endpoints.createProject, options, async ({ body }, _req, res) => projects.create(res.locals.principal.userId, body));

  mount(router, endpoints.getProject, options, async ({ params }, _req, res) => {
    return (await requireProject(projects, params.projectId, res.locals.principal.userId, 'reader')).project;
  });

  mount(router, endpoints.updateProject, options, async ({ params, body }, _req, res) => {
    await requireProject(projects, params.projectId, res.locals.principal.userId, 'owner');
    return projects.update(params.projectId, res.locals.principal.userId, body);
  });

  mount(router, endpoints.deleteProject, options, async ({ params }, _req, res) => {
    await requireProject(projects, params.projectId, res.locals.principal.userId, 'owner');
    await projects.delete(params.projectId);
    await vectors.removeProject(params.projectId);
  });

  mount(router, endpoints.listMembers, options, async ({ params }, _req, res) => {
    await requireProject(projects, params.projectId, res.locals.principal.userId, 'reader');
    return { items: await projects.members(params.projectId) };
  });

  mount(router, endpoints.addMember, options, async ({ params, body }, _req, res) => {
    await requireProject(projects, params.projectId, res.locals.principal.userId, 'owner');
    return projects.addMember(params.projectId, body.email, body.role);
  });

  mount(router, endpoints.updateMember, options, async ({ params, body }, _req, res) => {
    await requireProject(projects, params.projectId, res.locals.principal.userId, 'owner');
    return projects.setRole(params.projectId, params.userId, body.role);
  });

  mount(router, endpoints.removeMember, options, async ({ params }, _req, res) => {
    const { userId } = res.locals.principal;
    // Any member may leave; removing someone else takes an owner.
    const access = await requireProject(projects, params.projectId, userId, 'reader');
    if (params.userId !== userId && access.role !== 'owner') {
      throw new ApiError(403, 'FORBIDDEN', 'Only owners remove other members');
    }
    await projects.removeMember(params.projectId, params.userId);
  });

  return router;
}
