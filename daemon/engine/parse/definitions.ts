// Finds the definitions of a file in one walk over the levels where definitions live (the top
// level, class bodies, namespaces, and transparent wrappers such as `#ifdef`). Function bodies
// are never entered: what is defined inside a function belongs to that function's chunk.

import type { Chunk, ChunkKind } from '../../../protocol/engine';
import { Role, type CompiledRules } from './compiledRules';
import { cyclomaticComplexity } from './complexity';
import type { DefinitionMatch, ReadContext } from './definitionReaders';
import { cleanDocstring, docCommentAbove } from './docComments';
import type { SyntaxNode } from './parser';
import { lastLineOf, type SourceText } from './sourceText';

/**
 * A definition's chunk fields (its 1-based span starts at the doc comment, so the chunk shows the
 * comment with the code), plus what the chunker needs while the tree lives.
 */
export interface Definition extends Pick<Chunk, 'kind' | 'name' | 'qualifiedName' | 'signature' | 'docComment' | 'startLine' | 'endLine'> {
  /** Offsets of the body (elided in class headers), or -1 when there is none. */
  bodyStart: number;
  bodyEnd: number;
  /** The syntax node, used to cut long definitions at statement boundaries while the tree lives. */
  node: SyntaxNode;
  /** Members of class-like definitions and namespaces, null for everything else. */
  members: Definition[] | null;
  alwaysSplit: boolean;
  /** Cyclomatic complexity of functions and methods that have a body. */
  complexity: number | undefined;
}

export interface CollectedDefinitions {
  definitions: Definition[];
  /** Start lines of the top-level statements, where module code may be cut into windows. */
  statementLines: number[];
  /** Module specifiers of the import statements met on the way (top level, namespaces, `#ifdef`s). */
  imports: string[];
}

const MAX_SIGNATURE_CHARS = 300;
const COMPLEXITY_KINDS: ReadonlySet<ChunkKind> = new Set(['function', 'method']);

export function collectDefinitions(root: SyntaxNode, compiled: CompiledRules, source: SourceText): CollectedDefinitions {
  return new DefinitionCollector(compiled, source).collect(root);
}

class DefinitionCollector implements ReadContext {
  readonly source: string;
  private readonly statementLines: number[] = [];
  private readonly imports: string[] = [];

  constructor(private readonly compiled: CompiledRules, private readonly text: SourceText) {
    this.source = text.text;
  }

  collect(root: SyntaxNode): CollectedDefinitions {
    const definitions: Definition[] = [];
    this.walk(root, '', false, 1, definitions, true);
    return { definitions, statementLines: this.statementLines, imports: this.imports };
  }

  read(node: SyntaxNode): DefinitionMatch | null {
    const reader = this.compiled.readers[node.typeId];
    return reader ? reader(node, this) : null;
  }

  /**
   * Reads the named children of `parent` into `out`; returns the last line a definition took,
   * which bounds how far up the next doc comment may reach.
   */
  private walk(parent: SyntaxNode, scope: string, classLike: boolean, floor: number, out: Definition[], topLevel: boolean): number {
    const { roles, readers, importReaders } = this.compiled;
    let pendingPrefix: SyntaxNode | null = null;
    for (const child of parent.namedChildren) {
      const typeId = child.typeId;
      const role = roles[typeId];
      if (role & Role.Comment) continue;
      if (topLevel) this.statementLines.push(child.startPosition.row + 1);
      if (role & Role.Prefix) {
        pendingPrefix ??= child;
        continue;
      }
      const readImport = importReaders[typeId];
      if (readImport) {
        this.imports.push(...readImport(this.source.slice(child.startIndex, child.endIndex)));
        pendingPrefix = null;
        continue;
      }
      const reader = readers[typeId];
      const match = reader ? reader(child, this) : null;
      if (match) {
        const definition = this.build(match, child, pendingPrefix ?? child, scope, classLike, floor);
        out.push(definition);
        floor = definition.endLine + 1;
      } else if (role & Role.Transparent) {
        floor = this.walk(child, scope, classLike, floor, out, topLevel);
      }
      pendingPrefix = null;
    }
    return floor;
  }

  private build(match: DefinitionMatch, node: SyntaxNode, first: SyntaxNode, scope: string, classLike: boolean, floor: number): Definition {
    const startRow = first.startPosition.row;
    const endLine = lastLineOf(node.startPosition.row, node.endPosition);
    const declaredLine = startRow + 1;
    const qualifier = [scope, match.owner].filter(Boolean).join('.');
    const qualifiedName = qualifier ? `${qualifier}.${match.name}` : match.name;
    const comment = docCommentAbove(this.text, declaredLine, floor, this.compiled.rules.comments);
    const body = match.body;
    const docstring = body && this.compiled.rules.docstring?.(body, this.source);
    const kind = match.kind === 'function' && classLike ? 'method' : match.kind;
    const definition: Definition = {
      kind,
      name: match.name,
      qualifiedName,
      signature: this.signature(match.declaration, body),
      docComment: docstring ? cleanDocstring(docstring) : (comment?.text ?? ''),
      startLine: comment ? comment.startLine : declaredLine,
      endLine,
      bodyStart: body ? body.startIndex : -1,
      bodyEnd: body ? body.endIndex : -1,
      node,
      members: null,
      alwaysSplit: match.alwaysSplit ?? false,
      complexity:
        body && COMPLEXITY_KINDS.has(kind)
          ? cyclomaticComplexity(this.source, body.startIndex, body.endIndex, this.compiled.rules.decisions)
          : undefined,
    };
    if (match.members) {
      const members: Definition[] = [];
      this.walk(match.members, qualifiedName, !match.alwaysSplit, declaredLine + 1, members, false);
      definition.members = members;
    }
    return definition;
  }

  /** The declaration up to its body (or its first line when it has none), whitespace collapsed. */
  private signature(declaration: SyntaxNode, body: SyntaxNode | null): string {
    const start = declaration.startIndex;
    let end = body && body.startIndex > start ? this.endBeforeComments(start, body) : this.source.indexOf('\n', start);
    if (end === -1) end = this.source.length;
    const text = this.source.slice(start, Math.min(end, start + MAX_SIGNATURE_CHARS * 2));
    const collapsed = text.replace(/\s+/g, ' ').trim().replace(/\s*\{$/, '');
    return collapsed.length > MAX_SIGNATURE_CHARS ? `${collapsed.slice(0, MAX_SIGNATURE_CHARS)}…` : collapsed;
  }

  /** Where the signature stops: the body, or an earlier comment between the header and the body. */
  private endBeforeComments(start: number, body: SyntaxNode): number {
    const { line, block } = this.compiled.rules.comments;
    const header = this.source.slice(start, body.startIndex);
    // Asking the tree costs several calls into wasm; most headers have no comment to look for.
    if (!line.some((marker) => header.includes(marker)) && !(block && header.includes('/*'))) return body.startIndex;
    const holder = body.parent;
    if (!holder) return body.startIndex;
    for (const child of holder.children) {
      const at = child.startIndex;
      if (at >= body.startIndex) break;
      if (at > start && this.compiled.roles[child.typeId] & Role.Comment) return at;
    }
    return body.startIndex;
  }
}
