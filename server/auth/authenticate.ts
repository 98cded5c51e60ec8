import type { RequestHandler } from 'express';
import { ApiError } from '../http/apiError';
import type { ApiKeyStore } from '../stores/apiKeyStore';
import type { UserStore } from '../stores/userStore';
import type { AccessTokens } from './accessTokens';
import { hashApiKey, looksLikeApiKey } from './apiKeySecrets';
import type { CredentialCache } from './credentialCache';
import type { Principal } from './principal';

export interface AuthDeps {
  tokens: AccessTokens;
  users: UserStore;
  apiKeys: ApiKeyStore;
  /** Principals by API key hash or token, for a few seconds. */
  cache: CredentialCache<Principal>;
}

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="mobius"' };

function credentialOf(authorization: string | undefined, apiKeyHeader: string | undefined): string | null {
  if (apiKeyHeader) return apiKeyHeader.trim();
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new ApiError(401, 'INVALID_TOKEN', 'The Authorization header must be "Bearer <token or API key>"', undefined, CHALLENGE);
  return match[1];
}

async function fromApiKey(key: string, { apiKeys, cache }: AuthDeps): Promise<Principal> {
  // Cached by the key's hash, so no secret stays in memory beyond the request.
  const hash = hashApiKey(key);
  const cacheKey = `key:${hash.toString('hex')}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const found = await apiKeys.lookup(hash);
  if (!found || !found.user.is_active) throw new ApiError(401, 'INVALID_API_KEY', 'The API key is not valid', undefined, CHALLENGE);
  if (found.revoked_at) throw new ApiError(401, 'API_KEY_REVOKED', 'The API key was revoked; create a new one', undefined, CHALLENGE);
  if (found.expires_at && found.expires_at <= new Date()) {
    throw new ApiError(401, 'API_KEY_EXPIRED', 'The API key has expired; create a new one', undefined, CHALLENGE);
  }
  const principal: Principal = { userId: found.user.id, email: found.user.email, isAdmin: found.user.is_admin, createdAt: found.user.created_at, via: 'api-key', apiKeyId: found.id };
  // An entry must not outlive the key's own expiry.
  if (!found.expires_at || found.expires_at.getTime() - Date.now() > 60_000) cache.set(cacheKey, principal);
  return principal;
}

/** The token is checked every time (a signature, no I/O); only its user's record is cached. */
async function fromToken(token: string, { tokens, users, cache }: AuthDeps): Promise<Principal> {
  const userId = await tokens.verify(token);
  const cacheKey = `user:${userId}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const user = await users.findActiveById(userId);
  if (!user) throw new ApiError(401, 'INVALID_TOKEN', 'The account of this token no longer exists or is disabled', undefined, CHALLENGE);
  const principal: Principal = { userId: user.id, email: user.email, isAdmin: user.is_admin, createdAt: user.created_at, via: 'token', apiKeyId: null };
  cache.set(cacheKey, principal);
  return principal;
}

/** Requires a login token or an API key (Authorization: Bearer …, or X-API-Key). */
export function authenticate(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    const credential = credentialOf(req.get('authorization'), req.get('x-api-key'));
    if (!credential) {
      throw new ApiError(401, 'AUTH_REQUIRED', 'Authentication required: send "Authorization: Bearer <token or API key>"', undefined, CHALLENGE);
    }
    res.locals.principal = looksLikeApiKey(credential) ? await fromApiKey(credential, deps) : await fromToken(credential, deps);
    next();
  };
}
