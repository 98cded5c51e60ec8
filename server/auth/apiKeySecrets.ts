import { createHash, randomBytes } from 'node:crypto';
import { API_KEY_PREFIX } from '../../protocol/rest';

export interface NewApiKeySecret {
  key: string;
  hash: Buffer;
  displayPrefix: string;
}

/** A fresh key: `mbx_` and 32 random bytes in base64url. Only its hash is stored. */
export function generateApiKeySecret(): NewApiKeySecret {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, hash: hashApiKey(key), displayPrefix: key.slice(0, API_KEY_PREFIX.length + 8) };
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}
