// Turns the definitions of a parsed file into chunks: one chunk per definition (a class's
// methods are chunks of their own too), large classes shown as a header with member bodies
// elided, long definitions cut into windows, and the code between definitions grouped into
// module chunks.

import type { Chunk, Language } from '../../../protocol/engine';
import { baseName, makeChunk } from './chunk';
import { headerContent } from './classSplitter';
import type { CollectedDefinitions, Definition } from './definitions';
import type { SourceText } from './sourceText';
import { statementBoundaries, WINDOW_LINES, windowRanges, type LineRange } from './windows';

/** A class, impl or trait longer than this is chunked as its header (member bodies elided). */
export const MAX_CLASS_LINES = 150;
/** Anything longer than this that has no members to split off (a function, a module run) becomes windows. */
export const MAX_DEFINITION_LINES = 120;

/** Module runs made only of brackets and separators (a namespace's closing `}`) are noise. */
const NOISE = /^[\s{}()[\];,]*$/;

export interface ChunkingInput {
  path: string;
  language: Language;
  text: SourceText;
}

/** Chunks in file order: each module run, then the definition after it (a header before its members). */
export function chunkDefinitions(collected: CollectedDefinitions, input: ChunkingInput): Chunk[] {
  const chunks: Chunk[] = [];
  let next = 1;
  for (const definition of collected.definitions) {
    if (definition.startLine > next) emitModuleRun(next, definition.startLine - 1, collected.statementLines, input, chunks);
    emitDefinition(definition, input, chunks);
    next = Math.max(next, definition.endLine + 1);
  }
  if (next <= input.text.lineCount) emitModuleRun(next, input.text.lineCount, collected.statementLines, input, chunks);
  return chunks;
}

function emitDefinition(definition: Definition, input: ChunkingInput, chunks: Chunk[]): void {
  const lineCount = definition.endLine - definition.startLine + 1;
  // Members without a body (abstract and interface methods) read in full in their container.
  const members = definition.members?.filter((member) => member.bodyStart !== -1 || member.members !== null);
  if (members && members.length > 0) {
    // A small class reads best whole; its members still get chunks so each method can be found
    // and cited on its own. Namespaces are scopes, so they always show only their outline.
    const whole = !definition.alwaysSplit && lineCount <= MAX_CLASS_LINES;
    const content = whole ? input.text.lines(definition.startLine, definition.endLine) : headerContent(input.text, definition);
    chunks.push(definitionChunk(definition, input, definition, content));
    for (const member of members) emitDefinition(member, input, chunks);
    return;
  }
  if (lineCount > MAX_DEFINITION_LINES) {
    const boundaries = statementBoundaries(definition.node, WINDOW_LINES / 2);
    for (const range of windowRanges(definition.startLine, definition.endLine, boundaries)) {
      chunks.push(definitionChunk(definition, input, range, input.text.lines(range.startLine, range.endLine)));
    }
    return;
  }
  chunks.push(definitionChunk(definition, input, definition, input.text.lines(definition.startLine, definition.endLine)));
}

function definitionChunk(definition: Definition, input: ChunkingInput, range: LineRange, content: string): Chunk {
  const { complexity } = definition;
  return makeChunk({
    path: input.path,
    language: input.language,
    kind: definition.kind,
    name: definition.name,
    qualifiedName: definition.qualifiedName,
    signature: definition.signature,
    docComment: definition.docComment,
    startLine: range.startLine,
    endLine: range.endLine,
    content,
    ...(complexity !== undefined && { complexity }),
  });
}

/** One contiguous run of lines no top-level definition covers, as module chunks. */
function emitModuleRun(first: number, last: number, statementLines: number[], input: ChunkingInput, chunks: Chunk[]): void {
  const { text } = input;
  while (first <= last && text.isBlank(first)) first++;
  while (last >= first && text.isBlank(last)) last--;
  if (first > last) return;
  const whole = text.lines(first, last);
  if (NOISE.test(whole)) return;
  const ranges = last - first + 1 > MAX_DEFINITION_LINES ? windowRanges(first, last, statementLines) : [{ startLine: first, endLine: last }];
  const name = `${baseName(input.path)} (module)`;
  for (const range of ranges) {
    chunks.push(
      makeChunk({
        path: input.path,
        language: input.language,
        kind: 'module',
        name,
        qualifiedName: name,
        signature: '',
        docComment: '',
        startLine: range.startLine,
        endLine: range.endLine,
        content: ranges.length === 1 ? whole : text.lines(range.startLine, range.endLine),
      }),
    );
  }
}
