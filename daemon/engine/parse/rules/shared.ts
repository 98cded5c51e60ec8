// Pieces shared by the language tables: comment syntaxes, how strings and comments look to the
// decision counter, and readers of import specifiers.

import type { DecisionSyntax } from '../complexity';
import type { CommentSyntax } from '../languageRules';

export const C_STYLE_COMMENTS: CommentSyntax = { line: ['///', '//!', '//'], block: true };
export const HASH_COMMENTS: CommentSyntax = { line: ['#'], block: false };

type TextSyntax = Pick<DecisionSyntax, 'lineComments' | 'blockComments' | 'quotes' | 'multilineQuotes'>;

/** `//` and `/* *\/` comments, '…' and "…" strings. */
export const C_LIKE_TEXT: TextSyntax = { lineComments: ['//'], blockComments: true, quotes: `'"`, multilineQuotes: '' };
/** `#` comments, '…' and "…" strings. */
export const HASH_TEXT: TextSyntax = { lineComments: ['#'], blockComments: false, quotes: `'"`, multilineQuotes: '' };

/** The first quoted string of an import node's text. */
export const quoted = (text: string): string[] => {
  const match = /(['"`])([^'"`\n]+)\1/.exec(text);
  return match ? [match[2]] : [];
};

/** Every quoted string of an import node's text (Go's `import ( "a" "b" )`). */
export const allQuoted = (text: string): string[] => [...text.matchAll(/(["`])([^"`\n]+)\1/g)].map((match) => match[2]);

/** The first capture of `pattern` in an import node's text, whitespace removed. */
export const captured = (pattern: RegExp) => (text: string): string[] => {
  const match = pattern.exec(text);
  return match ? [match[1].replace(/\s+/g, '')] : [];
};

/** Comma-separated names after a keyword, each without its `as` alias: `import a.b as c, d`. */
export const listAfter = (keyword: RegExp) => (text: string): string[] =>
  text
    .replace(keyword, '')
    .replace(/;\s*$/, '')
    .split(',')
    .map((part) => part.trim().split(/\s+as\s+/)[0].trim())
    .filter((part) => part.length > 0);
