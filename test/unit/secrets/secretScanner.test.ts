import assert from 'node:assert/strict';
import { REDACTION_MARK, redactSecrets, scanSecrets } from '../../../daemon/engine/secrets/secretScanner';
import { secretNameKind } from '../../../daemon/engine/secrets/secretRules';

// Secret-shaped fixtures are assembled at run time from a seeded generator, so this file holds no
// string that a push-protection scanner (or our own team sync) would take for a live credential.
function randomChars(seed: number, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += alphabet[state % alphabet.length];
  }
  return out;
}
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function rulesFound(text: string, path?: string): string[] {
  return scanSecrets(text, { path }).map((f) => f.ruleId);
}

describe('secret scanner', () => {
  describe('finds real-looking secrets', () => {
    const pemBody = Array.from({ length: 8 }, (_, i) => randomChars(i + 1, 64, BASE64)).join('\n');
    const positives: { name: string; text: string; rule: string; secret: string }[] = [
      {
        name: 'PEM private key inside a test fixture',
        text: `export const serverKey = \`-----BEGIN RSA PRIVATE KEY-----\n${pemBody}\n-----END RSA PRIVATE KEY-----\`;\nexport const port = 8443;`,
        rule: 'private-key',
        secret: pemBody,
      },
      {
        name: 'AWS key pair in a Python settings module',
        text: `AWS_ACCESS_KEY_ID = "${'AKIA' + randomChars(7, 16, UPPER_DIGITS)}"\nregion = "eu-west-1"`,
        rule: 'aws-access-key-id',
        secret: 'AKIA' + randomChars(7, 16, UPPER_DIGITS),
      },
      {
        name: 'AWS secret access key in an ini profile',
        text: `[default]\naws_secret_access_key = ${randomChars(9, 40, BASE64)}\nregion = us-east-1`,
        rule: 'aws-secret-access-key',
        secret: randomChars(9, 40, BASE64),
      },
      {
        name: 'Google API key in a JS config',
        text: `const firebaseConfig = { apiKey: "${'AIza' + randomChars(11, 35)}", projectId: "demo-app" };`,
        rule: 'gcp-api-key',
        secret: 'AIza' + randomChars(11, 35),
      },
      {
        name: 'Azure storage connection string',
        text: `conn = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${randomChars(13, 86, BASE64)}==;EndpointSuffix=core.windows.net"`,
        rule: 'azure-storage-key',
        secret: randomChars(13, 86, BASE64),
      },
      {
        name: 'GitHub token in a shell script',
        text: `curl -H "Authorization: token ${'ghp_' + randomChars(17, 36)}" https://api.github.com/user`,
        rule: 'github-token',
        secret: 'ghp_' + randomChars(17, 36),
      },
      {
        name: 'Slack bot token',
        text: `client = WebClient(token="${'xoxb-' + randomChars(19, 12, '0123456789')}-${randomChars(23, 24)}")`,
        rule: 'slack-token',
        secret: randomChars(23, 24),
      },
      {
        name: 'OpenAI project key',
        text: `client = OpenAI(api_key="${'sk-proj-' + randomChars(29, 48)}")`,
        rule: 'openai-key',
        secret: 'sk-proj-' + randomChars(29, 48),
      },
      {
        name: 'JWT in a test header',
        text: `headers: { Authorization: 'Bearer ${'eyJ' + b64url({ alg: 'HS256', typ: 'JWT' }).slice(3)}.${b64url({ sub: '1234567890', name: 'Ada', iat: 1516239022 })}.${randomChars(31, 43)}' }`,
        rule: 'jwt',
        secret: b64url({ sub: '1234567890', name: 'Ada', iat: 1516239022 }),
      },
      {
        name: 'password in a database URL',
        text: `const url = 'postgres://app:${randomChars(37, 14)}@db.internal:5432/orders';`,
        rule: 'url-credentials',
        secret: randomChars(37, 14),
      },
      {
        name: 'high-entropy literal assigned to clientSecret',
        text: `const oauth = { clientId: 'web-ui', clientSecret: '${randomChars(41, 32)}' };`,
        rule: 'secret-assignment',
        secret: randomChars(41, 32),
      },
      {
        name: 'password literal in a Go struct',
        text: `cfg := Config{User: "admin", Password: "Tr0ub4dor&3x"}`,
        rule: 'secret-assignment',
        secret: 'Tr0ub4dor&3x',
      },
      {
        name: 'bare token in YAML',
        text: `github:\n  webhook_token: ${randomChars(43, 40)}\n  repo: acme/site`,
        rule: 'secret-assignment-unquoted',
        secret: randomChars(43, 40),
      },
    ];
    for (const { name, text, rule, secret } of positives) {
      it(name, () => {
        assert.ok(rulesFound(text).includes(rule), `expected ${rule} in ${JSON.stringify(rulesFound(text))}`);
        const result = redactSecrets(text);
        assert.notEqual(result.verdict, 'clean');
        assert.ok(text.includes(secret));
        assert.ok(!result.text.includes(secret), result.text);
        assert.ok(result.text.includes(REDACTION_MARK));
      });
    }

    it('keeps the key name and the code around a redacted value', () => {
      const value = randomChars(47, 32);
      const result = redactSecrets(`const settings = { apiKey: '${value}', retries: 3 };`);
      assert.equal(result.text, `const settings = { apiKey: '${REDACTION_MARK}', retries: 3 };`);
      assert.equal(result.verdict, 'redacted');
    });

    it('treats every non-trivial value of a .env file as secret', () => {
      const env = `# local settings\nDATABASE_URL=postgres://localhost/app\nSESSION_SECRET=${randomChars(53, 24)}\nPORT=3000\nDEBUG=true\nSTRIPE_WEBHOOK="whsec_${randomChars(59, 20)}"\n`;
      const findings = scanSecrets(env, { path: 'services/api/.env.local' });
      assert.ok(findings.some((f) => f.ruleId === 'env-value'));
      assert.equal(findings.length, 3);
      const result = redactSecrets(env, { path: 'services/api/.env.local' });
      assert.ok(result.text.includes('PORT=3000'));
      assert.ok(result.text.includes('DEBUG=true'));
      assert.ok(!result.text.includes('postgres://localhost/app'));
      assert.ok(result.text.includes(`STRIPE_WEBHOOK="${REDACTION_MARK}"`));
    });

    it('recognises env-file content without its path', () => {
      const env = `API_HOST=api.example.org\nAPI_USER=svc-deploy\nMAIL_PASSWORD=${randomChars(61, 16)}\n`;
      assert.ok(rulesFound(env).includes('env-value'));
    });

    it('skips a chunk that is nothing but a key file', () => {
      const keyFile = `-----BEGIN OPENSSH PRIVATE KEY-----\n${pemBody}\n-----END OPENSSH PRIVATE KEY-----\n`;
      const result = redactSecrets(keyFile, { path: 'deploy/id_ed25519' });
      assert.equal(result.verdict, 'skip');
    });

    it('catches a key block cut off by the end of a chunk', () => {
      const cut = `fixtures = {\n  key: """-----BEGIN PRIVATE KEY-----\n${pemBody}`;
      assert.deepEqual(rulesFound(cut), ['private-key']);
    });
  });

  describe('leaves ordinary code alone', () => {
    const negatives: { name: string; text: string; path?: string }[] = [
      { name: 'counts and limits named after tokens', text: 'const tokenCount = 3;\nlet maxTokens = 8191;\nconst tokens = tokenize(text);' },
      { name: 'token and password variables read from elsewhere', text: 'const token = await getToken(req);\nconst password = process.env.DB_PASSWORD;\nconst apiKey = config.apiKey;' },
      { name: 'env variable names as values', text: "const apiKeyEnv = 'OPENAI_API_KEY';\nconst apiKey = 'OPENAI_API_KEY';\nconst secretName = 'JWT_SECRET';" },
      { name: 'placeholders in docs and examples', text: "api_key = '<your-api-key>'\npassword: '********'\ntoken = '${GITHUB_TOKEN}'\nsecret: 'changeme'\napiKey: 'YOUR_API_KEY'" },
      { name: 'form fields and labels', text: `<input type="password" name="password" placeholder="Enter your password" />\nconst passwordLabel = 'Password';\nconst tokenType = 'Bearer';` },
      { name: 'hashes of content and commit ids', text: `const hash = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';\nconst commit = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';` },
      { name: 'URLs without credentials and paths', text: "const authUrl = 'https://login.example.com/oauth/token';\nconst tokenPath = '/api/v1/token';\nfetch('postgres://localhost:5432/app');" },
      { name: 'prose about keys', text: '## Rotating keys\nSet the secret key in your vault, then restart. A private key never leaves the server; the token expires after an hour.' },
      { name: 'a sklearn import and a risk score', text: 'from sklearn.linear_model import Ridge\nrisk_score = model.predict(features)\nask_user = True' },
      { name: 'a public key', text: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----' },
      { name: 'a test expecting a missing key', text: "it('rejects an empty token', () => { expect(() => verify('')).toThrow('token required'); });" },
      { name: 'doc examples of credentials', text: `const options = {\n  clientSecret: "client-secret",\n  userAssertionToken: "access-token",\n};\nconst url = 'postgres://someuser:somepassword@localhost/db';\nconst creds = \`\${user.id}.\${user.tenant}\`;` },
      { name: 'enum-like constants that spell their own names', text: 'export const REFRESH_TOKEN = "RefreshToken";\nexport const PlatformAuthDOMGetToken = "platformAuthDOMGetToken";\nInvalidPassword = "invalid_password",' },
      { name: 'code that mentions a key header without a key', text: "if (!pem.startsWith('-----BEGIN PRIVATE KEY-----')) throw new TypeError('expected PKCS#8');\n// the key (string should contain -----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----)" },
      { name: "AWS's documented example key", text: 'const accessKeyId = "AKIAIOSFODNN7EXAMPLE";' },
      { name: 'a TypeScript enum with spaces around =', text: 'enum Codes {\n    RequestFailed = "request_failed",\n    PrivateKeyImportFailed = "private_key_import_failed",\n    InvalidHeader = "invalid_header",\n}' },
      { name: 'a YAML of ordinary settings', text: 'server:\n  port: 8080\n  host: 0.0.0.0\nlogging:\n  level: info\n  format: json' },
    ];
    for (const { name, text, path } of negatives) {
      it(name, () => {
        assert.deepEqual(rulesFound(text, path), []);
        assert.equal(redactSecrets(text, { path }).verdict, 'clean');
        assert.equal(redactSecrets(text, { path }).text, text);
      });
    }
  });

  it('reads what a name says about its value', () => {
    assert.equal(secretNameKind('tokenCount'), null);
    assert.equal(secretNameKind('maxTokens'), null);
    assert.equal(secretNameKind('passwordHash'), null);
    assert.equal(secretNameKind('DB_PASSWORD'), 'password');
    assert.equal(secretNameKind('githubToken'), 'secret');
    assert.equal(secretNameKind('SECRET_KEY_BASE'), 'secret');
    assert.equal(secretNameKind('apiKey'), 'secret');
    assert.equal(secretNameKind('primaryKey'), null);
  });
});
