import type { ProjectRole } from '../../protocol/rest';
import { ApiError, notFound } from '../http/apiError';
import { roleAtLeast, type ProjectAccess, type ProjectStore } from '../stores/projectStore';

/**
 * The project as the user may see it, requiring at least `needed`. Non-members get 404, not
 * 403, so nobody can probe which project ids exist.
 */
export async function requireProject(projects: ProjectStore, projectId: string, userId: string, needed: ProjectRole): Promise<ProjectAccess> {
  const access = await projects.access(projectId, userId);
  if (!access) throw notFound('Project');
  if (!roleAtLeast(access.role, needed)) {
    throw new ApiError(403, 'FORBIDDEN', `This needs the ${needed} role in the project; you are ${access.role}`);
  }
  return access;
}
