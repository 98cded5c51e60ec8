// Cyclomatic complexity: 1 + the decision points in a function's body.
//
// Decision points are counted in the body's text, skipping strings and comments, rather than by
// visiting its syntax nodes: every token is a node, and walking them all in web-tree-sitter
// costs about 40% of the parse itself (bench/parse.ts), while this scan costs a few percent.
// The function's extent still comes from the tree. Counting keywords and operators is the
// classic cyclomatic definition; what text cannot tell apart is listed per language in rules/.

export interface DecisionSyntax {
  /** Words that each open one decision (`if`, `case`, `catch`, Python `and`). */
  keywords: readonly string[];
  /** Operators that each add one: `&&`, `||`, `??`, Kotlin `?:`, Rust match arms `=>`, Bash `;;`. */
  operators: readonly string[];
  /** A question mark with spaces on both sides is a ternary (`a ? b : c`, not `T?` or `x?.y`). */
  spacedTernary: boolean;
  /** Line comment markers; `#` only opens a comment at the start of a word (Bash `$#` is not one). */
  lineComments: readonly string[];
  blockComments: boolean;
  /** String delimiters; a string ends at its line's end unless the delimiter is in `multiline`. */
  quotes: string;
  multilineQuotes: string;
}

interface CompiledSyntax {
  keywords: Set<string>;
  /** Bit per character code below 128 that can start a keyword. */
  keywordStarts: Uint8Array;
  maxKeywordLength: number;
  operators: string[];
  operatorStarts: Uint8Array;
}

const compiled = new WeakMap<DecisionSyntax, CompiledSyntax>();

function compile(syntax: DecisionSyntax): CompiledSyntax {
  let result = compiled.get(syntax);
  if (!result) {
    const keywordStarts = new Uint8Array(128);
    for (const keyword of syntax.keywords) keywordStarts[keyword.charCodeAt(0)] = 1;
    const operatorStarts = new Uint8Array(128);
    for (const operator of syntax.operators) operatorStarts[operator.charCodeAt(0)] = 1;
    result = {
      keywords: new Set(syntax.keywords),
      keywordStarts,
      maxKeywordLength: Math.max(0, ...syntax.keywords.map((keyword) => keyword.length)),
      operators: [...syntax.operators],
      operatorStarts,
    };
    compiled.set(syntax, result);
  }
  return result;
}

const NEWLINE = 10;
const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const HASH = 35;
const QUESTION = 63;

const isWordChar = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36 || code > 127;
const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/** 1 + the decision points in `source` between two offsets. */
export function cyclomaticComplexity(source: string, from: number, to: number, syntax: DecisionSyntax): number {
  const { keywords, keywordStarts, maxKeywordLength, operators, operatorStarts } = compile(syntax);
  let decisions = 0;
  let i = from;
  while (i < to) {
    const code = source.charCodeAt(i);
    if (isWordChar(code)) {
      let end = i + 1;
      while (end < to && isWordChar(source.charCodeAt(end))) end++;
      if (code < 128 && keywordStarts[code] && end - i <= maxKeywordLength && keywords.has(source.slice(i, end))) decisions++;
      i = end;
      continue;
    }
    const skipped = skipCommentOrString(source, i, to, code, syntax);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    if (code < 128 && operatorStarts[code]) {
      const operator = operators.find((candidate) => source.startsWith(candidate, i));
      if (operator) {
        decisions++;
        i += operator.length;
        continue;
      }
    }
    if (code === QUESTION && syntax.spacedTernary && isSpace(source.charCodeAt(i - 1)) && isSpace(source.charCodeAt(i + 1))) decisions++;
    i++;
  }
  return 1 + decisions;
}

/** Where a comment or string starting at `i` ends, or `i` when none starts there. */
function skipCommentOrString(source: string, i: number, to: number, code: number, syntax: DecisionSyntax): number {
  if (code === SLASH && syntax.blockComments && source.charCodeAt(i + 1) === STAR) {
    const close = source.indexOf('*/', i + 2);
    return close === -1 || close > to ? to : close + 2;
  }
  for (const marker of syntax.lineComments) {
    if (!source.startsWith(marker, i)) continue;
    if (code === HASH && i > 0 && !isSpace(source.charCodeAt(i - 1))) continue;
    const lineEnd = source.indexOf('\n', i);
    return lineEnd === -1 || lineEnd > to ? to : lineEnd;
  }
  if (code < 128 && syntax.quotes.includes(source[i])) return skipString(source, i, to, syntax);
  return i;
}

function skipString(source: string, i: number, to: number, syntax: DecisionSyntax): number {
  const quote = source[i];
  if (source.startsWith(quote + quote + quote, i)) {
    const close = source.indexOf(quote + quote + quote, i + 3);
    return close === -1 || close > to ? to : close + 3;
  }
  const multiline = syntax.multilineQuotes.includes(quote);
  for (let j = i + 1; j < to; j++) {
    const code = source.charCodeAt(j);
    if (code === BACKSLASH) j++;
    else if (source[j] === quote) return j + 1;
    // An unclosed quote on its line is not a string (a Rust lifetime, an apostrophe in Bash).
    else if (code === NEWLINE && !multiline) return i + 1;
  }
  return multiline ? to : i + 1;
}
