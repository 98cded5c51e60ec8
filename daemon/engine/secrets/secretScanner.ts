import * as path from 'node:path';
import { SECRET_RULES, type SecretRule } from './secretRules';

/** Where a secret-looking value sits in a text (UTF-16 offsets, end exclusive). */
export interface SecretFinding {
  ruleId: string;
  start: number;
  end: number;
}

export interface ScanOptions {
  /** Relative path of the text's file: `.env` files have every value treated as a secret. */
  path?: string;
}

export type RedactionVerdict = 'clean' | 'redacted' | 'skip';

export interface RedactionResult {
  /** The text with every finding replaced by {@link REDACTION_MARK}; the input when clean. */
  text: string;
  /** `skip` when so much of the text is secret that what is left says nothing worth sending. */
  verdict: RedactionVerdict;
  findings: SecretFinding[];
}

export const REDACTION_MARK = '[REDACTED]';

/** Share of non-blank characters that, once redacted, leaves a text not worth sending at all. */
const SKIP_WHEN_REDACTED_SHARE = 0.5;

/** A line of an env file as people write them: unindented `NAME=value`, no spaces around `=` (unlike code). */
const ENV_LINE = /^(?:export[ \t]+)?[A-Z][A-Z0-9_]*=/;
const ENV_ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*[ \t]*=[ \t]*(?<value>"[^"\n]*"|'[^'\n]*'|[^\s#]+)/gm;
/** Values in an env file that configure rather than authenticate. */
const HARMLESS_ENV_VALUE = /^(?:\d+(?:\.\d+)?|true|false|yes|no|on|off|)$/i;

function isEnvFilePath(filePath: string): boolean {
  const base = path.posix.basename(filePath.replace(/\\/g, '/'));
  return /^\.env(?:\..+)?$/.test(base) || base.endsWith('.env') || base === '.envrc';
}

/** An `.env` file pasted elsewhere: mostly `NAME=value` lines. */
function looksLikeEnvFile(text: string): boolean {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const assignments = lines.filter((line) => ENV_LINE.test(line)).length;
  return assignments >= 3 && assignments >= lines.length * 0.6;
}

function envValueFindings(text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const match of text.matchAll(ENV_ASSIGNMENT)) {
    const raw = match.groups?.value ?? '';
    const quoted = raw.startsWith('"') || raw.startsWith("'");
    const value = quoted ? raw.slice(1, -1) : raw;
    if (HARMLESS_ENV_VALUE.test(value)) continue;
    const start = (match.index ?? 0) + match[0].length - raw.length + (quoted ? 1 : 0);
    findings.push({ ruleId: 'env-value', start, end: start + value.length });
  }
  return findings;
}

// The `d` flag gives each group's offsets, so a redaction covers exactly the captured value.
const COMPILED_RULES = SECRET_RULES.map((rule) => ({
  rule,
  pattern: new RegExp(rule.pattern.source, rule.pattern.flags.includes('d') ? rule.pattern.flags : `${rule.pattern.flags}d`),
}));

function ruleFindings(rule: SecretRule, pattern: RegExp, text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const match of text.matchAll(pattern)) {
    const secret = match.groups?.secret ?? match[0];
    if (rule.accept && !rule.accept(secret, match)) continue;
    const [start, end] = match.indices?.groups?.secret ?? match.indices?.[0] ?? [match.index ?? 0, (match.index ?? 0) + secret.length];
    findings.push({ ruleId: rule.id, start, end });
  }
  return findings;
}

/** Every secret-looking value in `text`, ordered by position, overlaps merged into the earlier finding. */
export function scanSecrets(text: string, options: ScanOptions = {}): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const { rule, pattern } of COMPILED_RULES) found.push(...ruleFindings(rule, pattern, text));
  if ((options.path !== undefined && isEnvFilePath(options.path)) || looksLikeEnvFile(text)) {
    found.push(...envValueFindings(text));
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretFinding[] = [];
  for (const finding of found) {
    const last = merged[merged.length - 1];
    if (last && finding.start < last.end) last.end = Math.max(last.end, finding.end);
    else merged.push({ ...finding });
  }
  return merged;
}

/** Replaces secret-looking values so a text can leave the machine, or says it should not leave at all. */
export function redactSecrets(text: string, options: ScanOptions = {}): RedactionResult {
  const findings = scanSecrets(text, options);
  if (findings.length === 0) return { text, verdict: 'clean', findings };
  let redacted = '';
  let cursor = 0;
  let secretChars = 0;
  for (const finding of findings) {
    redacted += text.slice(cursor, finding.start) + REDACTION_MARK;
    secretChars += text.slice(finding.start, finding.end).replace(/\s+/g, '').length;
    cursor = finding.end;
  }
  redacted += text.slice(cursor);
  const visibleChars = text.replace(/\s+/g, '').length;
  const verdict = secretChars >= visibleChars * SKIP_WHEN_REDACTED_SHARE ? 'skip' : 'redacted';
  return { text: redacted, verdict, findings };
}
