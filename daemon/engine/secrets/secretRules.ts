import { shannonEntropy } from './entropy';

/**
 * One kind of secret. `pattern` is global; when it has a `secret` named group only that group is
 * redacted (the key name around it stays, so the code still reads), otherwise the whole match.
 */
export interface SecretRule {
  id: string;
  description: string;
  pattern: RegExp;
  /** A second look at the captured value, for patterns that also match ordinary text. */
  accept?: (value: string, match: RegExpMatchArray) => boolean;
}

/** Values people put where a secret will go: never secrets themselves. */
const PLACEHOLDER =
  /^(?:<[^>]*>|\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|\{\{[^}]*\}\}|%\(?\w*\)?s|x{3,}|\*{3,}|\.{3,}|-+|change_?me|changeit|password\d*|secret|token|redacted|example\w*|sample\w*|placeholder\w*|your[_-]\w*|my[_-]?\w*|dummy\w*|fake\w*|test\w*|todo|none|null|nil|undefined|true|false)$/i;

/** An environment variable or constant name, as in `apiKey = 'OPENAI_API_KEY'`. */
const CONSTANT_NAME = /^[A-Z][A-Z_]*$/;

/** Lower-case words, as in doc examples (`clientSecret: "client-secret"`) and default dev passwords. */
const WORDS_ONLY = /^[a-z]+(?:[-_.][a-z]+)*$/;

/** camelCase or PascalCase words: names of things (`REFRESH_TOKEN: "RefreshToken"`), not secrets. */
const IDENTIFIER_WORDS = /^[A-Za-z][a-z]+(?:[A-Z][a-z]+)*$/;

const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials']);
/** `key`, `base` or `value` name a secret only after one of these: `apiKey`, `SECRET_KEY_BASE`, `signingKey`. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'signing', 'encryption', 'master', 'auth', 'client', 'password', 'session']);
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase']);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** What a name says its value is: a password, another secret, or nothing secret (`tokenCount`). */
export function secretNameKind(name: string): 'password' | 'secret' | null {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined) return null;
  if (PASSWORD_WORDS.has(last)) return 'password';
  if (SECRET_WORDS.has(last)) return 'secret';
  if ((last === 'key' || last === 'base' || last === 'value') && words.slice(0, -1).some((w) => KEY_QUALIFIERS.has(w))) {
    return 'secret';
  }
  return null;
}

/** Whether a literal assigned to a secret-sounding name is plausibly the secret itself. */
export function looksLikeSecretValue(value: string, kind: 'password' | 'secret'): boolean {
  if (PLACEHOLDER.test(value) || CONSTANT_NAME.test(value) || WORDS_ONLY.test(value) || IDENTIFIER_WORDS.test(value)) return false;
  if (value.includes('${')) return false;
  if (/^(?:\/|\.\.?\/|https?:\/\/)/.test(value) || /\s/.test(value)) return false;
  const entropy = shannonEntropy(value);
  return kind === 'password' ? value.length >= 6 && entropy >= 2.2 : value.length >= 10 && entropy >= 3.0;
}

/** Tokens with a vendor prefix are unambiguous, but the tail must still look random. */
function randomTail(minEntropy: number) {
  return (value: string) => shannonEntropy(value) >= minEntropy && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

export const SECRET_RULES: readonly SecretRule[] = [
  {
    id: 'private-key',
    description: 'PEM/OpenSSH/PGP private key block',
    // Key material follows the header within a few lines (after optional `Proc-Type:`-style
    // headers); a header alone, as in docs or `pem.startsWith('-----BEGIN PRIVATE KEY-----')`, is no key.
    pattern: /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----[^-]{0,300}?[A-Za-z0-9+/=]{40}[\s\S]*?(?:-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  {
    id: 'aws-access-key-id',
    description: 'AWS access key id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g,
    // AWS's documentation uses keys ending in EXAMPLE.
    accept: (value) => !value.endsWith('EXAMPLE'),
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key',
    pattern: /aws_?secret_?(?:access_?)?key["']?\s*(?::=|=>|[:=])\s*["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
  },
  {
    id: 'gcp-api-key',
    description: 'Google Cloud API key',
    pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
  },
  {
    id: 'azure-storage-key',
    description: 'Azure storage account key in a connection string',
    pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g,
  },
  {
    id: 'azure-sas-signature',
    description: 'Azure shared access signature',
    pattern: /[?&;]sig=(?<secret>[A-Za-z0-9%+/=]{30,})/g,
  },
  {
    id: 'github-token',
    description: 'GitHub token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{50,255})\b/g,
  },
  {
    id: 'gitlab-token',
    description: 'GitLab personal access token',
    pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g,
  },
  {
    id: 'slack-token',
    description: 'Slack token',
    pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  },
  {
    id: 'slack-webhook',
    description: 'Slack incoming webhook',
    pattern: /https:\/\/hooks\.slack\.com\/services\/(?<secret>[A-Za-z0-9_/]{20,})/g,
  },
  {
    id: 'openai-key',
    description: 'OpenAI/Anthropic-style secret key',
    pattern: /\bsk-(?:proj-|svcacct-|admin-|ant-(?:[a-z]+\d\d-)?)?[A-Za-z0-9_-]{20,}/g,
    accept: randomTail(3.5),
  },
  {
    id: 'stripe-key',
    description: 'Stripe secret or restricted key',
    pattern: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g,
  },
  {
    id: 'npm-token',
    description: 'npm access token',
    pattern: /\bnpm_[A-Za-z0-9]{36}\b/g,
  },
  {
    id: 'jwt',
    description: 'JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  },
  {
    id: 'url-credentials',
    description: 'password in a URL',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"`]+:(?<secret>[^\s@/'"`]+)@(?!(?:www\.)?example\.)/gi,
    accept: (value) => !PLACEHOLDER.test(value) && !WORDS_ONLY.test(value) && value.length >= 3,
  },
  {
    id: 'secret-assignment',
    description: 'string literal assigned to a password/secret/token/key name',
    // Starts only at an identifier's first character, which keeps the scan linear.
    pattern:
      /(?<![A-Za-z0-9_$.-])(?<name>[A-Za-z_$][A-Za-z0-9_$.-]*)["']?\s*(?::=|=>|\?\?=|[:=])\s*(?<quote>["'`])(?<secret>[^"'`\s]{6,300})\k<quote>/g,
    accept: (value, match) => {
      const name = match.groups?.name ?? '';
      const kind = secretNameKind(name);
      // An enum-style constant spells its own name: `GetToken = "getToken"`.
      const bare = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
      return kind !== null && looksLikeSecretValue(value, kind) && !bare(name).endsWith(bare(value));
    },
  },
  {
    id: 'secret-assignment-unquoted',
    description: 'random-looking bare value assigned to a secret name (env, YAML, INI)',
    pattern: /^[ \t]*(?:export[ \t]+)?(?<name>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[:=][ \t]*(?<secret>[A-Za-z0-9+/=_\-!@#%^&*~]{12,300})[ \t]*$/gm,
    accept: (value, match) =>
      secretNameKind(match.groups?.name ?? '') !== null &&
      !PLACEHOLDER.test(value) &&
      shannonEntropy(value) >= 3.5 &&
      /[0-9]/.test(value) &&
      /[A-Za-z]/.test(value),
  },
];
