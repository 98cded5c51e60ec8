import type { Pool } from 'pg';
import type { ApiKey } from '../../protocol/rest';
import type { UserRow } from './userStore';

interface ApiKeyRow {
  id: string;
  user_id: string;
  name: string;
  display_prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export type KeyLookup = ApiKeyRow & { user: Pick<UserRow, 'id' | 'email' | 'is_admin' | 'is_active' | 'created_at'> };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    displayPrefix: row.display_prefix,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: iso(row.last_used_at),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
  };
}

export class ApiKeyStore {
  constructor(private readonly pool: Pool) {}

  async create(userId: string, name: string, hash: Buffer, displayPrefix: string, expiresAt: Date | null): Promise<ApiKey> {
    const { rows } = await this.pool.query<ApiKeyRow>(
      `INSERT INTO api_keys (user_id, name, key_hash, display_prefix, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [userId, name, hash, displayPrefix, expiresAt],
    );
    return toApiKey(rows[0]);
  }

  async list(userId: string): Promise<ApiKey[]> {
    const { rows } = await this.pool.query<ApiKeyRow>('SELECT * FROM api_keys WHERE user_id = $1 ORDER BY created_at DESC', [userId]);
    return rows.map(toApiKey);
  }

  /** False when the user has no such key. Revoking twice keeps the first revocation time. */
  async revoke(userId: string, keyId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND user_id = $2',
      [keyId, userId],
    );
    return rowCount === 1;
  }

  /**
   * The key with this hash and its user, recording the use. last_used_at is written at most once
   * a minute per key, so a busy daemon does not turn every read into a write.
   */
  async lookup(hash: Buffer): Promise<KeyLookup | null> {
    const { rows } = await this.pool.query<ApiKeyRow & { u_email: string; u_is_admin: boolean; u_is_active: boolean; u_created_at: Date }>(
      `WITH touched AS (
         UPDATE api_keys SET last_used_at = now()
         WHERE key_hash = $1 AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
         RETURNING id
       )
       SELECT k.*, u.email AS u_email, u.is_admin AS u_is_admin, u.is_active AS u_is_active, u.created_at AS u_created_at
       FROM api_keys k JOIN users u ON u.id = k.user_id
       WHERE k.key_hash = $1`,
      [hash],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      ...row,
      user: { id: row.user_id, email: row.u_email, is_admin: row.u_is_admin, is_active: row.u_is_active, created_at: row.u_created_at },
    };
  }
}
