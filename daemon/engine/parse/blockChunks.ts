// Line-window chunks for files without structure we parse: data files (JSON, YAML, TOML),
// unknown text, and code that tree-sitter could not parse.

import type { Chunk, Language } from '../../../protocol/engine';
import { baseName, makeChunk } from './chunk';
import type { SourceText } from './sourceText';
import { windowRanges } from './windows';

export function lineWindowChunks(path: string, language: Language, text: SourceText): Chunk[] {
  if (text.lineCount === 0) return [];
  const chunks: Chunk[] = [];
  const file = baseName(path);
  for (const { startLine, endLine } of windowRanges(1, text.lineCount)) {
    const content = text.lines(startLine, endLine);
    if (content.trim().length === 0) continue;
    const name = `${file}:${startLine}-${endLine}`;
    chunks.push(
      makeChunk({ path, language, kind: 'block', name, qualifiedName: name, signature: '', docComment: '', startLine, endLine, content }),
    );
  }
  return chunks;
}
