import type { Pool, PoolClient } from 'pg';
import type { z } from 'zod';
import type { CreateProjectRequest, Member, Project, ProjectRole, UpdateProjectRequest } from '../../protocol/rest';

type NewProject = z.output<typeof CreateProjectRequest>;
type ProjectChanges = z.output<typeof UpdateProjectRequest>;
import { withTransaction } from '../db/pool';
import { ApiError } from '../http/apiError';

interface ProjectRow {
  id: string;
  name: string;
  description: string | null;
  repository_url: string | null;
  language: string | null;
  framework: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  default_ref: string;
  owner_id: string;
  index_version: string;
  file_count: number;
  context_count: number;
  created_at: Date;
  updated_at: Date;
  role: ProjectRole;
}

interface MemberRow {
  user_id: string;
  email: string;
  role: ProjectRole;
  created_at: Date;
}

/** A project as its member sees it. */
export interface ProjectAccess {
  project: Project;
  role: ProjectRole;
}

const ROLE_RANK: Record<ProjectRole, number> = { reader: 0, writer: 1, owner: 2 };

export function roleAtLeast(role: ProjectRole, needed: ProjectRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    repositoryUrl: row.repository_url,
    language: row.language,
    framework: row.framework,
    tags: row.tags,
    metadata: row.metadata as Project['metadata'],
    defaultRef: row.default_ref,
    ownerId: row.owner_id,
    role: row.role,
    fileCount: row.file_count,
    contextCount: row.context_count,
    indexVersion: Number(row.index_version),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function toMember(row: MemberRow): Member {
  return { userId: row.user_id, email: row.email, role: row.role, addedAt: row.created_at.toISOString() };
}

const UPDATABLE: Record<keyof ProjectChanges, string> = {
  name: 'name',
  description: 'description',
  repositoryUrl: 'repository_url',
  language: 'language',
  framework: 'framework',
  tags: 'tags',
  metadata: 'metadata',
  defaultRef: 'default_ref',
};

const PROJECT_COLUMNS = 'p.*, m.role';

function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === constraint;
}

const nameTaken = (name: string) => new ApiError(409, 'PROJECT_NAME_TAKEN', `You already own a project named "${name}"; choose another name`);

export class ProjectStore {
  constructor(private readonly pool: Pool) {}

  async create(ownerId: string, input: NewProject): Promise<Project> {
    try {
      return await withTransaction(this.pool, async (client) => {
        const { rows } = await client.query<ProjectRow>(
          `INSERT INTO projects (name, description, repository_url, language, framework, tags, metadata, default_ref, owner_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *, 'owner' AS role`,
          [input.name, input.description ?? null, input.repositoryUrl ?? null, input.language ?? null, input.framework ?? null, input.tags, JSON.stringify(input.metadata), input.defaultRef, ownerId],
        );
        await client.query(`INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, 'owner')`, [rows[0].id, ownerId]);
        return toProject(rows[0]);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'projects_owner_name_key')) throw nameTaken(input.name);
      throw err;
    }
  }

  async list(userId: string, offset: number, limit: number, search?: string): Promise<{ items: Project[]; total: number }> {
    const pattern = search ? `%${search.replace(/[\\%_]/g, '\\$&')}%` : null;
    const where = 'm.user_id = $1 AND ($2::text IS NULL OR p.name ILIKE $2)';
    const [page, count] = await Promise.all([
      this.pool.query<ProjectRow>(
        `SELECT ${PROJECT_COLUMNS} FROM projects p JOIN project_members m ON m.project_id = p.id
         WHERE ${where} ORDER BY p.created_at DESC, p.id LIMIT $3 OFFSET $4`,
        [userId, pattern, limit, offset],
      ),
      this.pool.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM projects p JOIN project_members m ON m.project_id = p.id WHERE ${where}`,
        [userId, pattern],
      ),
    ]);
    return { items: page.rows.map(toProject), total: count.rows[0].total };
  }

  /** The project if the user is a member; null otherwise, so non-members cannot tell it exists. */
  async access(projectId: string, userId: string): Promise<ProjectAccess | null> {
    const { rows } = await this.pool.query<ProjectRow>(
      `SELECT ${PROJECT_COLUMNS} FROM projects p JOIN project_members m ON m.project_id = p.id AND m.user_id = $2 WHERE p.id = $1`,
      [projectId, userId],
    );
    return rows[0] ? { project: toProject(rows[0]), role: rows[0].role } : null;
  }

  /** Every project of the user, for searches that name none. */
  async accessAll(userId: string): Promise<ProjectAccess[]> {
    const { rows } = await this.pool.query<ProjectRow>(
      `SELECT ${PROJECT_COLUMNS} FROM projects p JOIN project_members m ON m.project_id = p.id WHERE m.user_id = $1 ORDER BY p.id`,
      [userId],
    );
    return rows.map((row) => ({ project: toProject(row), role: row.role }));
  }

  async update(projectId: string, userId: string, changes: ProjectChanges): Promise<Project> {
    const sets: string[] = [];
    const values: unknown[] = [projectId, userId];
    for (const [field, column] of Object.entries(UPDATABLE) as [keyof ProjectChanges, string][]) {
      if (changes[field] === undefined) continue;
      values.push(field === 'metadata' ? JSON.stringify(changes.metadata) : changes[field]);
      sets.push(`${column} = $${values.length}`);
    }
    try {
      const { rows } = await this.pool.query<ProjectRow>(
        `UPDATE projects p SET ${sets.join(', ')}, updated_at = now()
         FROM project_members m WHERE p.id = $1 AND m.project_id = p.id AND m.user_id = $2
         RETURNING ${PROJECT_COLUMNS}`,
        values,
      );
      return toProject(rows[0]);
    } catch (err) {
      if (isUniqueViolation(err, 'projects_owner_name_key')) throw nameTaken(changes.name ?? '');
      throw err;
    }
  }

  async delete(projectId: string): Promise<void> {
    await this.pool.query('DELETE FROM projects WHERE id = $1', [projectId]);
  }

  async members(projectId: string): Promise<Member[]> {
    const { rows } = await this.pool.query<MemberRow>(
      `SELECT m.user_id, u.email, m.role, m.created_at FROM project_members m JOIN users u ON u.id = m.user_id
       WHERE m.project_id = $1 ORDER BY m.created_at, u.email`,
      [projectId],
    );
    return rows.map(toMember);
  }

  async addMember(projectId: string, email: string, role: ProjectRole): Promise<Member> {
    const { rows } = await this.pool.query<MemberRow>(
      `INSERT INTO project_members (project_id, user_id, role)
       SELECT $1, u.id, $3 FROM users u WHERE lower(u.email) = lower($2) AND u.is_active
       ON CONFLICT (project_id, user_id) DO NOTHING
       RETURNING user_id, role, created_at, (SELECT email FROM users WHERE id = user_id) AS email`,
      [projectId, email, role],
    );
    if (rows[0]) return toMember(rows[0]);
    const { rowCount } = await this.pool.query('SELECT 1 FROM users WHERE lower(email) = lower($1) AND is_active', [email]);
    if (!rowCount) throw new ApiError(404, 'NOT_FOUND', `No user has the email ${email}; an administrator must create the account first`);
    throw new ApiError(409, 'ALREADY_MEMBER', `${email} is already a member; change their role with PATCH instead`);
  }

  /** Changes a role; refuses to leave the project without an owner. */
  async setRole(projectId: string, userId: string, role: ProjectRole): Promise<Member> {
    return withTransaction(this.pool, async (client) => {
      const current = await this.lockMembers(client, projectId);
      const member = current.find((m) => m.user_id === userId);
      if (!member) throw new ApiError(404, 'NOT_FOUND', 'That user is not a member of this project');
      if (member.role === 'owner' && role !== 'owner') assertAnotherOwner(current, userId);
      const { rows } = await client.query<MemberRow>(
        `UPDATE project_members m SET role = $3 FROM users u WHERE m.project_id = $1 AND m.user_id = $2 AND u.id = m.user_id
         RETURNING m.user_id, u.email, m.role, m.created_at`,
        [projectId, userId, role],
      );
      return toMember(rows[0]);
    });
  }

  async removeMember(projectId: string, userId: string): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      const current = await this.lockMembers(client, projectId);
      const member = current.find((m) => m.user_id === userId);
      if (!member) throw new ApiError(404, 'NOT_FOUND', 'That user is not a member of this project');
      if (member.role === 'owner') assertAnotherOwner(current, userId);
      await client.query('DELETE FROM project_members WHERE project_id = $1 AND user_id = $2', [projectId, userId]);
    });
  }

  // Locking the member rows serialises concurrent role changes, so two owners demoting each
  // other at once cannot both succeed and orphan the project.
  private async lockMembers(client: PoolClient, projectId: string): Promise<MemberRow[]> {
    const { rows } = await client.query<MemberRow>(
      `SELECT user_id, role, created_at, '' AS email FROM project_members WHERE project_id = $1 FOR UPDATE`,
      [projectId],
    );
    return rows;
  }
}

function assertAnotherOwner(members: MemberRow[], leavingOwner: string): void {
  if (!members.some((m) => m.role === 'owner' && m.user_id !== leavingOwner)) {
    throw new ApiError(409, 'LAST_OWNER', 'A project needs at least one owner: make another member owner first, or delete the project');
  }
}
