import type { Pool } from 'pg';
import type { User } from '../../protocol/rest';

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  is_admin: boolean;
  is_active: boolean;
  created_at: Date;
}

export function toUser(row: Pick<UserRow, 'id' | 'email' | 'is_admin' | 'created_at'>): User {
  return { id: row.id, email: row.email, isAdmin: row.is_admin, createdAt: row.created_at.toISOString() };
}

export class UserStore {
  constructor(private readonly pool: Pool) {}

  /** Null when the email is taken. */
  async create(email: string, passwordHash: string, isAdmin: boolean): Promise<UserRow | null> {
    const { rows } = await this.pool.query<UserRow>(
      `INSERT INTO users (email, password_hash, is_admin) VALUES ($1, $2, $3)
       ON CONFLICT (lower(email)) DO NOTHING RETURNING *`,
      [email, passwordHash, isAdmin],
    );
    return rows[0] ?? null;
  }

  async findByEmail(email: string): Promise<UserRow | null> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users WHERE lower(email) = lower($1)', [email]);
    return rows[0] ?? null;
  }

  async findActiveById(id: string): Promise<UserRow | null> {
    const { rows } = await this.pool.query<UserRow>('SELECT * FROM users WHERE id = $1 AND is_active', [id]);
    return rows[0] ?? null;
  }
}
