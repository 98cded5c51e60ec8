/**
 * The words of a query as the index matches them: identifiers split into their parts
 * (`parseConfig`, `parse_config` → `parse`, `config`), lower-cased, longest first.
 */
export function queryTerms(query: string): string[] {
  const parts = query
    .split(/[^\p{L}\p{N}]+/u)
    .flatMap(splitIdentifier)
    .map((part) => part.toLowerCase())
    .filter((part) => part.length >= 2);
  return [...new Set(parts)].sort((a, b) => b.length - a.length);
}

function splitIdentifier(word: string): string[] {
  // HTTPServer → HTTP Server; parseConfig2 → parse Config2
  return word
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .split(' ')
    .filter(Boolean);
}

/**
 * Where the terms occur in `text`, as sorted, non-overlapping `[start, end)` ranges with touching
 * ranges joined. A match must begin where a word or identifier part begins, so `in` marks `index`
 * and `getIndex` but not `string`; it may end mid-word, so `config` marks `configured`.
 */
export function termRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  if (terms.length === 0 || text.length === 0) return [];
  const lower = text.toLowerCase();
  const found: Array<[number, number]> = [];
  for (const term of terms) {
    for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) {
      if (startsPart(text, at)) found.push([at, at + term.length]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const range of found) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

function startsPart(text: string, at: number): boolean {
  if (at === 0) return true;
  const before = text[at - 1];
  const here = text[at];
  if (!LETTER_OR_DIGIT.test(before)) return true;
  if (!UPPER.test(here)) return false;
  // parseConfig: a capital after a lower-case letter; HTTPServer: the last capital of a run.
  return LOWER.test(before) || (UPPER.test(before) && LOWER.test(text[at + 1] ?? ''));
}
