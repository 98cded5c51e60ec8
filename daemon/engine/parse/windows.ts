// Overlapping line windows: for text and data files, for files that do not parse, and for
// definitions or module code too long to be one chunk (cut where statements start).

import type { SyntaxNode } from './parser';
import { lastLineOf } from './sourceText';

export const WINDOW_LINES = 60;
export const WINDOW_OVERLAP = 10;
/** Nesting depth searched for statement starts inside one long statement. */
const MAX_BOUNDARY_DEPTH = 6;

export interface LineRange {
  startLine: number;
  endLine: number;
}

/**
 * Windows of at most `WINDOW_LINES` covering `startLine..endLine`, each overlapping the previous
 * by up to `WINDOW_OVERLAP` lines. Cuts fall on `boundaries` (sorted lines where a statement
 * starts) when one lies in the second half of a window; otherwise the cut is at the size limit.
 */
export function windowRanges(startLine: number, endLine: number, boundaries: readonly number[] = []): LineRange[] {
  const ranges: LineRange[] = [];
  let start = startLine;
  for (;;) {
    if (endLine - start + 1 <= WINDOW_LINES) {
      ranges.push({ startLine: start, endLine });
      return ranges;
    }
    const limit = start + WINDOW_LINES;
    const cut = lastBoundaryIn(boundaries, start + WINDOW_LINES / 2, limit) ?? limit;
    ranges.push({ startLine: start, endLine: cut - 1 });
    const next = firstBoundaryIn(boundaries, cut - WINDOW_OVERLAP, cut) ?? cut - WINDOW_OVERLAP;
    start = Math.max(next, start + 1);
  }
}

/** Lines where statements start inside `node`, descending into statements longer than `maxSpan`. */
export function statementBoundaries(node: SyntaxNode, maxSpan: number): number[] {
  const lines: number[] = [];
  const visit = (parent: SyntaxNode, depth: number): void => {
    for (const child of parent.namedChildren) {
      const startRow = child.startPosition.row;
      lines.push(startRow + 1);
      if (depth < MAX_BOUNDARY_DEPTH && lastLineOf(startRow, child.endPosition) - startRow > maxSpan) visit(child, depth + 1);
    }
  };
  visit(node, 0);
  return [...new Set(lines)].sort((a, b) => a - b);
}

/** Index of the first boundary >= `line`. */
function lowerBound(boundaries: readonly number[], line: number): number {
  let low = 0;
  let high = boundaries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (boundaries[mid] < line) low = mid + 1;
    else high = mid;
  }
  return low;
}

function lastBoundaryIn(boundaries: readonly number[], low: number, high: number): number | undefined {
  const index = lowerBound(boundaries, high + 1) - 1;
  return index >= 0 && boundaries[index] >= low ? boundaries[index] : undefined;
}

function firstBoundaryIn(boundaries: readonly number[], low: number, high: number): number | undefined {
  const index = lowerBound(boundaries, low);
  return index < boundaries.length && boundaries[index] <= high ? boundaries[index] : undefined;
}
