// The header chunk of a split class or namespace: its own text with every member's body
// elided, so it shows the signature, fields and member signatures in a few lines.

import type { Definition } from './definitions';
import type { SourceText } from './sourceText';

export function headerContent(text: SourceText, container: Definition): string {
  const end = text.lineEnd(container.endLine);
  let cursor = text.lineStart(container.startLine);
  let header = '';
  for (const member of container.members ?? []) {
    if (member.bodyStart < cursor || member.bodyEnd > end) continue;
    header += text.normalized(cursor, member.bodyStart) + elision(text.text, member.bodyStart);
    cursor = member.bodyEnd;
  }
  return header + text.normalized(cursor, end);
}

/** Braced bodies keep their braces so the header still reads as code. */
const elision = (source: string, bodyStart: number): string => (source.charCodeAt(bodyStart) === 123 /* { */ ? '{ … }' : '…');
