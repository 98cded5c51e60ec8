// Doc comments: the comment block directly above a definition (no blank line between), found
// in the text rather than the tree because grammars disagree on where comments attach (Kotlin
// folds the comment after an import into the import node).

import type { CommentSyntax } from './languageRules';
import type { SourceText } from './sourceText';

export interface DocComment {
  /** First line of the comment block (1-based). */
  startLine: number;
  /** The comment text without comment markers. */
  text: string;
}

/**
 * The comment block ending on the line above `line`, not reaching above `floor`.
 * Returns null when the line above is not a comment.
 */
export function docCommentAbove(source: SourceText, line: number, floor: number, syntax: CommentSyntax): DocComment | null {
  const text = source.text;
  let top = line;
  let current = line - 1;
  while (current >= floor) {
    const first = source.firstNonBlank(current);
    if (first === -1 || (current === 1 && text.startsWith('#!'))) break;
    if (syntax.line.some((marker) => text.startsWith(marker, first))) {
      top = current--;
      continue;
    }
    const last = source.lastNonBlank(current);
    if (!syntax.block || text.charCodeAt(last - 1) !== 47 /* / */ || text.charCodeAt(last - 2) !== 42 /* * */) break;
    const opening = blockCommentStart(source, current, floor);
    if (opening === -1) break;
    top = opening;
    current = opening - 1;
  }
  if (top === line) return null;
  return { startLine: top, text: cleanComment(source.lines(top, line - 1)) };
}

/** The line where the block comment ending on `endLine` opens, if that line starts with it. */
function blockCommentStart(source: SourceText, endLine: number, floor: number): number {
  const opens = source.text.lastIndexOf('/*', source.lastNonBlank(endLine));
  if (opens === -1) return -1;
  let line = endLine;
  while (line >= floor && source.lineStart(line) > opens) line--;
  return line >= floor && source.firstNonBlank(line) === opens ? line : -1;
}

const LINE_MARKER = /^(?:\/\/[/!]?|#+)\s?/;

/** Strips comment markers: `/** … *\/`, leading ` * `, `///`, `//`, `#`. */
export function cleanComment(raw: string): string {
  const lines: string[] = [];
  let inBlock = false;
  for (const rawLine of raw.split('\n')) {
    let line = rawLine.trim();
    if (!inBlock && line.startsWith('/*')) {
      inBlock = true;
      line = line.replace(/^\/\*+!?\s?/, '');
    } else if (inBlock) {
      line = line.replace(/^\*(?!\/)\s?/, '');
    } else {
      line = line.replace(LINE_MARKER, '');
    }
    if (inBlock && line.endsWith('*/')) {
      inBlock = false;
      line = line.replace(/\s*\*+\/$/, '');
    }
    lines.push(line.trimEnd());
  }
  return trimBlankLines(lines).join('\n');
}

/** A Python docstring without its common indentation. */
export function cleanDocstring(raw: string): string {
  const lines = raw.split(/\r?\n/);
  const indents = lines
    .slice(1)
    .filter((line) => line.trim().length > 0)
    .map((line) => line.length - line.trimStart().length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  const dedented = lines.map((line, index) => (index === 0 ? line.trim() : line.slice(common).trimEnd()));
  return trimBlankLines(dedented).join('\n');
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].length === 0) start++;
  while (end > start && lines[end - 1].length === 0) end--;
  return lines.slice(start, end);
}
