import { SignJWT, errors, jwtVerify } from 'jose';
import { ApiError } from '../http/apiError';

const ISSUER = 'mobius-server';
const AUDIENCE = 'mobius-api';

export interface AccessToken {
  token: string;
  expiresAt: Date;
}

/** Signs and checks the HS256 access tokens that login returns. */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly ttlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(userId: string, now = new Date()): Promise<AccessToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /** The user id the token was issued to; throws TOKEN_EXPIRED or INVALID_TOKEN. */
  async verify(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string') throw new ApiError(401, 'INVALID_TOKEN', 'The access token names no user; log in again');
      return payload.sub;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (err instanceof errors.JWTExpired) throw new ApiError(401, 'TOKEN_EXPIRED', 'The access token has expired; log in again');
      throw new ApiError(401, 'INVALID_TOKEN', 'The access token is invalid; log in again');
    }
  }
}
