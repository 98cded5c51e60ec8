import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../../server/config';

const MINIMAL = {
  DATABASE_URL: 'postgres://root@127.0.0.1:5432/test',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('server: configuration from the environment', () => {
  it('starts from three variables, with documented defaults for the rest', () => {
    const config = loadConfig(MINIMAL);
    assert.equal(config.port, 8080);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.qdrant, null);
    assert.equal(config.migrateOnStart, false);
    assert.deepEqual(config.corsOrigins, []);
    assert.equal(config.accessTokenTtlSeconds, 3600);
  });

  it('names every bad variable in one message, and says what to do', () => {
    const found = problems({ REDIS_URL: 'http://x', JWT_SECRET: 'short', PORT: 'eighty', MIGRATE_ON_START: 'maybe', QDRANT_URL: 'qdrant:6333', CORS_ORIGINS: 'https://ok.example,https://bad.example/' });
    const text = found.join('\n');
    for (const expected of [
      'DATABASE_URL is required',
      'REDIS_URL must be a URL starting with redis:// or rediss://',
      'JWT_SECRET must be at least 32 characters',
      'PORT must be a number',
      'MIGRATE_ON_START must be true or false',
      'QDRANT_URL must be a URL starting with http:// or https://',
    ]) {
      assert.ok(text.includes(expected), `${expected}\nin:\n${text}`);
    }
    assert.ok(problems({ ...MINIMAL, CORS_ORIGINS: 'https://bad.example/' })[0].includes('CORS_ORIGINS entry "https://bad.example/"'));
    assert.match(new ConfigError(['X is required']).message, /See \.env\.example/);
  });

  it('checks variables that only make sense together', () => {
    assert.deepEqual(problems({ ...MINIMAL, ADMIN_EMAIL: 'a@example.com' }), ['ADMIN_EMAIL and ADMIN_PASSWORD must be set together (or neither)']);
    assert.deepEqual(problems({ ...MINIMAL, QDRANT_API_KEY: 'k' }), ['QDRANT_API_KEY is set but QDRANT_URL is not']);
  });

  it('treats empty variables as unset', () => {
    assert.equal(loadConfig({ ...MINIMAL, PORT: '', QDRANT_URL: '' }).port, 8080);
  });

  it('parses the rest', () => {
    const config = loadConfig({
      ...MINIMAL,
      PORT: '9000',
      QDRANT_URL: 'http://qdrant:6333',
      CORS_ORIGINS: 'https://a.example, http://localhost:3000',
      TRUST_PROXY: '1',
      MIGRATE_ON_START: 'yes',
      ADMIN_EMAIL: 'Admin@Example.com',
      ADMIN_PASSWORD: 'twelve chars!',
    });
    assert.equal(config.port, 9000);
    assert.deepEqual(config.qdrant, { url: 'http://qdrant:6333', apiKey: undefined, collectionPrefix: 'mobius' });
    assert.deepEqual(config.corsOrigins, ['https://a.example', 'http://localhost:3000']);
    assert.equal(config.trustProxy, 1);
    assert.equal(config.migrateOnStart, true);
    assert.equal(config.admin!.email, 'admin@example.com');
  });

  it('documents every variable it reads in .env.example', () => {
    const source = fs.readFileSync(path.join(__dirname, '../../../server/config.ts'), 'utf8');
    const variables = [...source.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
    assert.ok(variables.length > 20);
    const example = fs.readFileSync(path.join(__dirname, '../../../.env.example'), 'utf8');
    for (const name of variables) assert.match(example, new RegExp(`^#?\\s?${name}=`, 'm'), `${name} is missing from .env.example`);
  });
});
