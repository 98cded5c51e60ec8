import { Router } from 'express';
import { endpoints } from '../../protocol/rest';
import { ApiError, notFound } from '../http/apiError';
import { type RouteOptions, mount } from '../http/route';
import type { JobRunner } from '../jobs/jobRunner';
import type { JobStore } from '../jobs/jobStore';
import type { ProjectStore } from '../stores/projectStore';
import { requireProject } from './projectAccess';

interface JobRouteDeps {
  projects: ProjectStore;
  jobs: JobStore;
  runner: JobRunner;
}

export function jobRoutes(deps: JobRouteDeps, options: RouteOptions): Router {
  const router = Router();

  mount(router, endpoints.createIngestJob, options, async ({ params, body }, _req, res) => {
    const { project } = await requireProject(deps.projects, params.projectId, res.locals.principal.userId, 'writer');
    const job = await deps.runner.submit(project, body);
    res.setHeader('Location', `/api/v1/jobs/${job.id}`);
    return job;
  });

  // A job is visible to the members of its project, as the project is.
  const visibleJob = async (jobId: string, userId: string) => {
    const job = await deps.jobs.get(jobId);
    if (!job || !(await deps.projects.access(job.projectId, userId))) throw notFound('Job');
    return job;
  };

  mount(router, endpoints.getJob, options, async ({ params }, _req, res) => visibleJob(params.jobId, res.locals.principal.userId));

  mount(router, endpoints.cancelJob, options, async ({ params }, _req, res) => {
    const { userId } = res.locals.principal;
    const job = await visibleJob(params.jobId, userId);
    await requireProject(deps.projects, job.projectId, userId, 'writer');
    const outcome = await deps.jobs.requestCancel(job.id);
    if (outcome === 'missing') throw notFound('Job');
    const current = (await deps.jobs.get(job.id)) ?? job;
    if (outcome === 'finished') throw new ApiError(409, 'JOB_FINISHED', `The job has already ${current.status}; nothing to cancel`);
    return current;
  });

  return router;
}
