// Shared checks for the parse tests: fixtures are real source files written for the tests.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Chunk, ChunkKind, FileAnalysis } from '../../../protocol/engine';
import { analyzeFile } from '../../../daemon/engine/parse/analyzeFile';
import { MAX_CLASS_LINES } from '../../../daemon/engine/parse/chunker';
import { languageForPath } from '../../../daemon/engine/parse/languages';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'languages');

export function readFixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export interface Analyzed {
  source: string;
  analysis: FileAnalysis;
}

/** Analyzes a fixture under a repository-like path, with the language its extension implies. */
export async function analyzeFixture(name: string, source = readFixture(name)): Promise<Analyzed> {
  const relPath = `src/${name}`;
  return { source, analysis: await analyzeFile(relPath, source, languageForPath(relPath)) };
}

/** The file's lines `start..end` (1-based, inclusive), as chunk content is defined. */
function sourceLines(source: string, start: number, end: number): string {
  return source.split(/\r?\n/).slice(start - 1, end).join('\n');
}

/** A header is the chunk of a namespace, or of a class over MAX_CLASS_LINES, whose members have chunks. */
function isHeader(chunk: Chunk, chunks: Chunk[]): boolean {
  const hasMembers = chunks.some(
    (other) =>
      other !== chunk &&
      other.qualifiedName.startsWith(`${chunk.qualifiedName}.`) &&
      other.startLine >= chunk.startLine &&
      other.endLine <= chunk.endLine,
  );
  return hasMembers && (chunk.kind === 'namespace' || chunk.endLine - chunk.startLine + 1 > MAX_CLASS_LINES);
}

/**
 * Chunks come in file order, and every chunk's content is exactly the file's lines
 * startLine..endLine, except class headers, which elide their members' bodies.
 */
export function assertChunksMatchSource({ source, analysis }: Analyzed): void {
  const lineCount = source.split(/\r?\n/).length;
  assert.ok(analysis.chunks.length > 0, 'expected at least one chunk');
  analysis.chunks.forEach((chunk, index) => {
    if (index > 0) assert.ok(chunk.startLine >= analysis.chunks[index - 1].startLine, `chunks in file order at ${chunk.qualifiedName}`);
  });
  for (const chunk of analysis.chunks) {
    const where = `${chunk.kind} ${chunk.qualifiedName} ${chunk.startLine}-${chunk.endLine}`;
    assert.ok(chunk.startLine >= 1 && chunk.startLine <= chunk.endLine && chunk.endLine <= lineCount, `bad range: ${where}`);
    const expected = sourceLines(source, chunk.startLine, chunk.endLine);
    if (isHeader(chunk, analysis.chunks)) {
      assertHeaderOf(chunk.content, expected, where);
    } else {
      assert.equal(chunk.content, expected, `content of ${where}`);
    }
  }
}

/** A header starts like its span, elides bodies, and its other lines appear in the span in order. */
function assertHeaderOf(header: string, span: string, where: string): void {
  const lines = header.split('\n');
  const spanLines = span.split('\n');
  assert.equal(lines[0], spanLines[0], `header first line: ${where}`);
  assert.ok(header.includes('…'), `header elides member bodies: ${where}`);
  let next = 0;
  for (const line of lines.filter((l) => !l.includes('…'))) {
    while (next < spanLines.length && spanLines[next] !== line) next++;
    assert.ok(next < spanLines.length, `header line ${JSON.stringify(line)} is not in the span, in order: ${where}`);
    next++;
  }
}

/** The one chunk with this qualified name (and kind, when given). */
export function chunkNamed(analysis: FileAnalysis, qualifiedName: string, kind?: ChunkKind): Chunk {
  const found = analysis.chunks.filter((chunk) => chunk.qualifiedName === qualifiedName && (!kind || chunk.kind === kind));
  const available = analysis.chunks.map((chunk) => `${chunk.kind}:${chunk.qualifiedName}`).join(', ');
  assert.equal(found.length, 1, `expected one chunk ${kind ?? ''} ${qualifiedName}; have ${available}`);
  return found[0];
}

/** Kind, name, line range: the outline of a file, for whole-file assertions. */
export function outline(analysis: FileAnalysis): string[] {
  return analysis.chunks.map((chunk) => `${chunk.kind} ${chunk.qualifiedName} ${chunk.startLine}-${chunk.endLine}`);
}

/** The cyclomatic complexity of the function or method chunk with this qualified name. */
export function complexityOf(analysis: FileAnalysis, qualifiedName: string): number | undefined {
  return analysis.chunks.find((chunk) => chunk.qualifiedName === qualifiedName && (chunk.kind === 'function' || chunk.kind === 'method'))
    ?.complexity;
}
