// Line bookkeeping for one file. Chunks are line ranges, so everything downstream works in
// 1-based line numbers; tree-sitter rows are 0-based and count '\n' only, like this class.

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const TAB = 9;

export class SourceText {
  /** UTF-16 offset where each line starts; index 0 is line 1. */
  private readonly lineStarts: number[];
  private readonly hasCarriageReturns: boolean;
  readonly lineCount: number;

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    // A trailing newline ends the last line; it does not open an empty one.
    if (starts.length > 1 && starts[starts.length - 1] === text.length) starts.pop();
    this.lineStarts = starts;
    this.lineCount = text.length === 0 ? 0 : starts.length;
    this.hasCarriageReturns = text.includes('\r\n');
  }

  /** Offset of the first character of `line`. */
  lineStart(line: number): number {
    return this.lineStarts[line - 1];
  }

  /** Offset just past the last character of `line`, excluding its '\n' or '\r\n'. */
  lineEnd(line: number): number {
    const start = this.lineStarts[line - 1];
    let end = line < this.lineStarts.length ? this.lineStarts[line] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === NEWLINE) end--;
    if (end > start && this.text.charCodeAt(end - 1) === CARRIAGE_RETURN) end--;
    return end;
  }

  /**
   * Lines `start..end` (1-based, inclusive) joined by '\n': the file's own lines without their
   * terminators, so CRLF files give the same content (and hash) as LF ones.
   */
  lines(start: number, end: number): string {
    const slice = this.text.slice(this.lineStart(start), this.lineEnd(end));
    return this.hasCarriageReturns ? slice.replace(/\r\n/g, '\n') : slice;
  }

  /** Text between two offsets with line terminators normalised like `lines`. */
  normalized(from: number, to: number): string {
    const slice = this.text.slice(from, to);
    return this.hasCarriageReturns ? slice.replace(/\r\n/g, '\n') : slice;
  }

  /** Offset of the first non-blank character of `line`, or -1 for a blank line. */
  firstNonBlank(line: number): number {
    const end = this.lineEnd(line);
    for (let i = this.lineStart(line); i < end; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== SPACE && c !== TAB && c !== CARRIAGE_RETURN) return i;
    }
    return -1;
  }

  /** Offset just past the last non-blank character of `line`, or -1 for a blank line. */
  lastNonBlank(line: number): number {
    const start = this.lineStart(line);
    for (let i = this.lineEnd(line) - 1; i >= start; i--) {
      const c = this.text.charCodeAt(i);
      if (c !== SPACE && c !== TAB && c !== CARRIAGE_RETURN) return i + 1;
    }
    return -1;
  }

  isBlank(line: number): boolean {
    return this.firstNonBlank(line) === -1;
  }
}

/**
 * 1-based last line of a node. A node that ends at column 0 (its text ends with the newline,
 * as preprocessor lines do) does not occupy that row.
 */
export function lastLineOf(startRow: number, end: { row: number; column: number }): number {
  return end.column === 0 && end.row > startRow ? end.row : end.row + 1;
}
