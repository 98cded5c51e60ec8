// Markdown split by headings (ATX `## Title` and setext `Title\n===`), outside fenced code and
// front matter. Each heading starts a section that runs to the next heading of any level, so
// sections never overlap; the qualified name is the heading path, `Guide > Install > Linux`.

import type { Chunk } from '../../../protocol/engine';
import { baseName, makeChunk } from './chunk';
import { MAX_DEFINITION_LINES } from './chunker';
import type { SourceText } from './sourceText';
import { windowRanges } from './windows';

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const FRONT_MATTER = /^---[ \t]*$/;
const FRONT_MATTER_END = /^(?:---|\.\.\.)[ \t]*$/;

interface Heading {
  line: number;
  level: number;
  title: string;
  /** The heading as written, e.g. `## Install`. */
  source: string;
  /** Lines the heading takes: 1, or 2 for a setext heading. */
  span: number;
}

export function markdownChunks(path: string, text: SourceText): Chunk[] {
  const lines: string[] = [];
  for (let line = 1; line <= text.lineCount; line++) lines.push(text.lines(line, line));
  const headings = findHeadings(lines);
  const chunks: Chunk[] = [];
  const file = baseName(path);
  const firstHeading = headings.length > 0 ? headings[0].line : lines.length + 1;
  addSection(chunks, path, text, lines, { name: file, qualifiedName: file, signature: '' }, 1, firstHeading - 1, 0);
  const trail: Heading[] = [];
  headings.forEach((heading, index) => {
    while (trail.length > 0 && trail[trail.length - 1].level >= heading.level) trail.pop();
    trail.push(heading);
    const end = index + 1 < headings.length ? headings[index + 1].line - 1 : lines.length;
    const names = { name: heading.title, qualifiedName: trail.map((h) => h.title).join(' > '), signature: heading.source };
    addSection(chunks, path, text, lines, names, heading.line, end, heading.span);
  });
  return chunks;
}

function findHeadings(lines: string[]): Heading[] {
  const headings: Heading[] = [];
  let fence: string | null = null;
  let first = 0;
  if (lines.length > 0 && FRONT_MATTER.test(lines[0])) {
    const close = lines.findIndex((line, index) => index > 0 && FRONT_MATTER_END.test(line));
    if (close > 0) first = close + 1;
  }
  for (let index = first; index < lines.length; index++) {
    const line = lines[index];
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = null;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      headings.push({ line: index + 1, level: atx[1].length, title: (atx[2] ?? '').trim(), source: line.trim(), span: 1 });
      continue;
    }
    const next = lines[index + 1];
    const underline = next === undefined ? null : SETEXT_UNDERLINE.exec(next);
    if (underline && line.trim().length > 0 && !line.startsWith('    ')) {
      const title = line.trim();
      headings.push({ line: index + 1, level: underline[1][0] === '=' ? 1 : 2, title, source: title, span: 2 });
      index++;
    }
  }
  return headings;
}

interface SectionNames {
  name: string;
  qualifiedName: string;
  signature: string;
}

/** Adds one section, trimmed of blank edges, unless it holds nothing beyond its heading. */
function addSection(
  chunks: Chunk[], path: string, text: SourceText, lines: string[], names: SectionNames, start: number, end: number, headingLines: number,
): void {
  while (end >= start && lines[end - 1].trim().length === 0) end--;
  while (start <= end && lines[start - 1].trim().length === 0) start++;
  if (end - start + 1 <= headingLines) return;
  const paragraphStarts: number[] = [];
  for (let line = start + 1; line <= end; line++) if (lines[line - 2].trim().length === 0) paragraphStarts.push(line);
  const ranges = end - start + 1 > MAX_DEFINITION_LINES ? windowRanges(start, end, paragraphStarts) : [{ startLine: start, endLine: end }];
  for (const range of ranges) {
    chunks.push(
      makeChunk({
        path,
        language: 'markdown',
        kind: 'section',
        ...names,
        docComment: '',
        startLine: range.startLine,
        endLine: range.endLine,
        content: text.lines(range.startLine, range.endLine),
      }),
    );
  }
}
