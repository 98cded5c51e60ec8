import assert from 'node:assert/strict';
import type { Language } from '../../../protocol/engine';
import { renderContextMarkdown } from '../../../protocol/context';
import { packContext, type ContextCandidate } from '../../../daemon/engine/context/packContext';
import { countTokens } from '../../../daemon/engine/context/tokens';

const RETRY_TS = `import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  maxRetries: number;
  backoffMs: number;
}

export const DEFAULT_POLICY: RetryPolicy = { maxRetries: 3, backoffMs: 200 };

/** Runs \`task\` until it succeeds or the policy gives up. */
export async function withRetries<T>(task: () => Promise<T>, policy = DEFAULT_POLICY): Promise<T> {
  let attempt = 0;
  for (;;) {
    try {
      return await task();
    } catch (err) {
      if (++attempt > policy.maxRetries) throw err;
      await sleep(policy.backoffMs * 2 ** (attempt - 1));
    }
  }
}

export function describePolicy(policy: RetryPolicy): string {
  return \`\${policy.maxRetries} retries, \${policy.backoffMs} ms backoff\`;
}
`;

const CLIENT_PY = `import json
from urllib.request import urlopen


class Client:
    """HTTP client for the Mobius API."""

    def __init__(self, base_url: str, retries: int = 3):
        self.base_url = base_url
        self.retries = retries

    def get_json(self, path: str) -> dict:
        with urlopen(self.base_url + path) as response:
            return json.load(response)
`;

/** A chunk holding exactly lines start..end of a file, as the chunker produces them. */
function chunk(path: string, language: Language, file: string, start: number, end: number): ContextCandidate {
  return { path, language, startLine: start, endLine: end, content: file.split('\n').slice(start - 1, end).join('\n') };
}

function linesOf(file: string, start: number, end: number): string {
  return file.split('\n').slice(start - 1, end).join('\n');
}

const withRetries = chunk('src/retry.ts', 'typescript', RETRY_TS, 10, 21);
const policyType = chunk('src/retry.ts', 'typescript', RETRY_TS, 3, 6);
const defaultPolicy = chunk('src/retry.ts', 'typescript', RETRY_TS, 8, 8);
const describe_ = chunk('src/retry.ts', 'typescript', RETRY_TS, 23, 25);
const clientInit = chunk('client/api.py', 'python', CLIENT_PY, 8, 10);
const clientGet = chunk('client/api.py', 'python', CLIENT_PY, 12, 14);

function assertValid(pack: ReturnType<typeof packContext>, budget: number): void {
  assert.equal(pack.tokens, countTokens(pack.markdown), 'tokens is the exact count of the markdown');
  assert.ok(pack.tokens <= budget, `${pack.tokens} tokens exceed the budget of ${budget}`);
  assert.equal(pack.budget, budget);
  assert.equal(pack.markdown, renderContextMarkdown(pack.spans));
}

describe('packContext', () => {
  it('renders a heading with path and line range and a fenced block with the language tag', () => {
    const pack = packContext([clientGet], 1000);
    assert.equal(
      pack.markdown,
      '## `client/api.py` (lines 12-14)\n\n```python\n' + linesOf(CLIENT_PY, 12, 14) + '\n```\n',
    );
    assert.deepEqual(pack.spans, [{ ...clientGet }]);
    assertValid(pack, 1000);
  });

  it('never exceeds the budget and reports the exact token count, at every budget', () => {
    const candidates = [withRetries, clientGet, policyType, describe_, clientInit, defaultPolicy];
    const everything = packContext(candidates, 100_000);
    assert.equal(everything.spans.length, 6);
    for (let budget = 1; budget <= everything.tokens + 5; budget += 7) assertValid(packContext(candidates, budget), budget);
  });

  it('fits a chunk whose Markdown is exactly the budget, and not one token less', () => {
    const exact = countTokens(renderContextMarkdown([{ ...withRetries }]));
    assert.equal(packContext([withRetries], exact).spans.length, 1);
    const under = packContext([withRetries], exact - 1);
    assert.deepEqual(under, { markdown: '', tokens: 0, budget: exact - 1, spans: [] });
  });

  it('skips a chunk that does not fit and takes smaller, lower-ranked ones that do', () => {
    const huge = chunk('src/huge.ts', 'typescript', Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i};`).join('\n'), 1, 400);
    const budget = countTokens(renderContextMarkdown([{ ...clientGet }, { ...clientInit }])) + 20;
    const pack = packContext([clientGet, huge, clientInit], budget);
    assert.deepEqual(pack.spans.map((s) => `${s.path}:${s.startLine}`), ['client/api.py:8', 'client/api.py:12']);
    assertValid(pack, budget);
  });

  it('merges overlapping and adjacent ranges of a file into one span rebuilt from the lines', () => {
    const a = chunk('src/retry.ts', 'typescript', RETRY_TS, 10, 16);
    const b = chunk('src/retry.ts', 'typescript', RETRY_TS, 14, 21); // overlaps a
    const c = chunk('src/retry.ts', 'typescript', RETRY_TS, 22, 25); // adjacent to b
    const d = chunk('src/retry.ts', 'typescript', RETRY_TS, 1, 1); // separate
    const pack = packContext([b, d, a, c], 10_000);
    assert.deepEqual(
      pack.spans.map(({ startLine, endLine, content }) => ({ startLine, endLine, content })),
      [
        { startLine: 1, endLine: 1, content: linesOf(RETRY_TS, 1, 1) },
        { startLine: 10, endLine: 25, content: linesOf(RETRY_TS, 10, 25) },
      ],
    );
    assert.equal((pack.markdown.match(/^## /gm) ?? []).length, 2);
    assertValid(pack, 10_000);
  });

  it('accepts chunk content with a trailing newline or CRLF line ends', () => {
    const crlf = { ...policyType, content: `${policyType.content.replace(/\n/g, '\r\n')}\r\n` };
    const next = { ...defaultPolicy, startLine: 7, endLine: 8, content: `\n${defaultPolicy.content}\n` };
    const pack = packContext([crlf, next], 10_000);
    assert.deepEqual(pack.spans.map((s) => [s.startLine, s.endLine]), [[3, 8]]);
    assert.equal(pack.spans[0].content, linesOf(RETRY_TS, 3, 8));
  });

  it('keeps a chunk whose content is not its literal lines (a summary) as its own span', () => {
    const summary = { path: 'src/retry.ts', language: 'typescript' as const, startLine: 1, endLine: 25, content: 'export async function withRetries<T>(...): Promise<T>;\nexport function describePolicy(...): string;' };
    const pack = packContext([summary, withRetries], 10_000);
    assert.deepEqual(pack.spans.map((s) => [s.startLine, s.endLine]), [[1, 25], [10, 21]]);
    assert.equal(pack.spans[0].content, summary.content);
  });

  it('orders files by their best chunk and spans within a file by line', () => {
    const pack = packContext([clientGet, describe_, policyType, clientInit], 10_000);
    assert.deepEqual(
      pack.spans.map((s) => `${s.path}:${s.startLine}-${s.endLine}`),
      ['client/api.py:8-10', 'client/api.py:12-14', 'src/retry.ts:3-6', 'src/retry.ts:23-25'],
    );
    const headings = pack.markdown.match(/^## .*$/gm);
    assert.deepEqual(headings, [
      '## `client/api.py` (lines 8-10)',
      '## `client/api.py` (lines 12-14)',
      '## `src/retry.ts` (lines 3-6)',
      '## `src/retry.ts` (lines 23-25)',
    ]);
  });

  it('uses a fence longer than any backtick run in the code', () => {
    const markdownDoc = 'Usage:\n\n```ts\nrun();\n```\n\nAnd ````` five.';
    const pack = packContext([{ path: 'docs/usage.md', language: 'markdown', startLine: 1, endLine: 7, content: markdownDoc }], 1000);
    assert.ok(pack.markdown.startsWith('## `docs/usage.md` (lines 1-7)\n\n``````markdown\n'));
    assert.ok(pack.markdown.endsWith('five.\n``````\n'));
    const plain = packContext([defaultPolicy], 1000);
    assert.ok(plain.markdown.includes('\n```ts\n') && plain.markdown.includes('(line 8)'));
  });

  it('tags each language as Markdown renderers expect', () => {
    const tags = (['typescript', 'tsx', 'javascript', 'cpp', 'csharp', 'bash', 'text'] as Language[]).map((language) =>
      packContext([{ path: `f.${language}`, language, startLine: 1, endLine: 1, content: 'x' }], 100).markdown.split('\n')[2],
    );
    assert.deepEqual(tags, ['```ts', '```tsx', '```js', '```cpp', '```csharp', '```bash', '```text']);
  });

  it('handles Unicode paths and content, and code spans for paths with Markdown characters', () => {
    const unicode = { path: 'src/naïve/日本.ts', language: 'typescript' as const, startLine: 1, endLine: 2, content: 'export const 挨拶 = "こんにちは 🌸";\nexport const café = "crème brûlée";' };
    const underscored = { path: 'pkg/__init__.py', language: 'python' as const, startLine: 1, endLine: 1, content: 'from .core import *' };
    const pack = packContext([unicode, underscored], 1000);
    assert.ok(pack.markdown.startsWith('## `src/naïve/日本.ts` (lines 1-2)\n\n```ts\nexport const 挨拶 = "こんにちは 🌸";\n'));
    assert.ok(pack.markdown.includes('## `pkg/__init__.py` (line 1)'));
    assertValid(pack, 1000);
  });

  it('counts special-token text in code as ordinary text', () => {
    const pack = packContext([{ path: 'tok.py', language: 'python', startLine: 1, endLine: 1, content: 'EOS = "<|endoftext|>"' }], 1000);
    assert.ok(pack.markdown.includes('<|endoftext|>'));
    assertValid(pack, 1000);
  });

  it('returns an empty pack for no candidates', () => {
    assert.deepEqual(packContext([], 500), { markdown: '', tokens: 0, budget: 500, spans: [] });
  });

  it('rejects a budget that is not a positive whole number and chunks with impossible line ranges', () => {
    for (const budget of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => packContext([withRetries], budget), /context budget must be a positive whole number of tokens/);
    }
    assert.throws(() => packContext([{ ...withRetries, startLine: 9, endLine: 4 }], 100), /candidate 0 \(src\/retry\.ts\) has an invalid line range 9-4/);
    assert.throws(() => packContext([{ ...withRetries, startLine: 0 }], 100), /lines are 1-based and inclusive/);
  });
});

describe('countTokens', () => {
  it('counts with the o200k_base tokenizer, not by characters', () => {
    assert.equal(countTokens(''), 0);
    assert.equal(countTokens('hello world'), 2);
    const code = linesOf(RETRY_TS, 10, 21);
    assert.ok(countTokens(code) < code.length / 2);
  });
});
