import { Router, type RequestHandler } from 'express';
import { endpoints } from '../../protocol/rest';
import type { AccessTokens } from '../auth/accessTokens';
import type { CredentialCache } from '../auth/credentialCache';
import type { Principal } from '../auth/principal';
import { generateApiKeySecret } from '../auth/apiKeySecrets';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { ApiError, notFound } from '../http/apiError';
import { type RouteOptions, mount } from '../http/route';
import type { ApiKeyStore } from '../stores/apiKeyStore';
import { toUser, type UserStore } from '../stores/userStore';

interface AuthRouteDeps {
  users: UserStore;
  apiKeys: ApiKeyStore;
  tokens: AccessTokens;
  /** Tighter per-IP limit on login, against password guessing. */
  loginLimit: RequestHandler;
  credentials: CredentialCache<Principal>;
}

const DAY_MS = 86_400_000;

export function authRoutes(deps: AuthRouteDeps, options: RouteOptions): Router {
  const router = Router();

  mount(
    router,
    endpoints.login,
    options,
    async ({ body }) => {
      const user = await deps.users.findByEmail(body.email);
      const valid = await verifyPassword(user?.is_active ? user.password_hash : null, body.password);
      if (!user || !valid) throw new ApiError(401, 'INVALID_CREDENTIALS', 'Email or password is wrong');
      const { token, expiresAt } = await deps.tokens.issue(user.id);
      return {
        accessToken: token,
        tokenType: 'Bearer' as const,
        expiresIn: Math.round((expiresAt.getTime() - Date.now()) / 1000),
        expiresAt: expiresAt.toISOString(),
      };
    },
    deps.loginLimit,
  );

  mount(router, endpoints.me, options, async (_input, _req, res) => {
    const p = res.locals.principal;
    return {
      user: toUser({ id: p.userId, email: p.email, is_admin: p.isAdmin, created_at: p.createdAt }),
      authenticatedWith: p.via,
      apiKeyId: p.apiKeyId,
    };
  });

  mount(router, endpoints.createUser, options, async ({ body }, _req, res) => {
    if (!res.locals.principal.isAdmin) throw new ApiError(403, 'FORBIDDEN', 'Only administrators create users');
    const created = await deps.users.create(body.email, await hashPassword(body.password), body.isAdmin);
    if (!created) throw new ApiError(409, 'EMAIL_TAKEN', `A user with email ${body.email} already exists`);
    return toUser(created);
  });

  mount(router, endpoints.listApiKeys, options, async (_input, _req, res) => ({
    items: await deps.apiKeys.list(res.locals.principal.userId),
  }));

  mount(router, endpoints.createApiKey, options, async ({ body }, _req, res) => {
    const secret = generateApiKeySecret();
    const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * DAY_MS) : null;
    const key = await deps.apiKeys.create(res.locals.principal.userId, body.name, secret.hash, secret.displayPrefix, expiresAt);
    return { ...key, key: secret.key };
  });

  mount(router, endpoints.revokeApiKey, options, async ({ params }, _req, res) => {
    if (!(await deps.apiKeys.revoke(res.locals.principal.userId, params.id))) throw notFound('API key');
    deps.credentials.evict((p) => p.apiKeyId === params.id);
  });

  return router;
}
