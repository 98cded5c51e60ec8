// Building blocks for reading a syntax node as a definition. Each language's table in
// languageRules.ts maps node types to readers made from these.

import type { ChunkKind } from '../../../protocol/engine';
import type { SyntaxNode } from './parser';

/** What a reader found: enough for the collector to build a chunk. */
export interface DefinitionMatch {
  kind: ChunkKind;
  name: string;
  /** Qualifier written in the declaration itself: a Go receiver, a C++ `Class::` prefix. */
  owner?: string;
  /** Where the signature text starts (a wrapper such as `export`, or the definition itself). */
  declaration: SyntaxNode;
  /** The body: the signature ends where it starts, and class headers elide it. */
  body: SyntaxNode | null;
  /** For class-like definitions and namespaces: the node whose children are the members. */
  members?: SyntaxNode;
  /** Namespaces are scopes, not units: always split into a header and their members. */
  alwaysSplit?: boolean;
}

export interface ReadContext {
  readonly source: string;
  /** Reads a nested node with the same language table (for wrappers such as `export`). */
  read(node: SyntaxNode): DefinitionMatch | null;
}

export type DefinitionReader = (node: SyntaxNode, context: ReadContext) => DefinitionMatch | null;

export const textOf = (node: SyntaxNode, source: string): string => source.slice(node.startIndex, node.endIndex);

/** First child whose type is one of `types` (for grammars without field names). */
export function childOfType(node: SyntaxNode, types: readonly string[]): SyntaxNode | null {
  for (const child of node.namedChildren) if (types.includes(child.type)) return child;
  return null;
}

/** Strips generic arguments and pointer marks: `*Queue[T]` → `Queue`, `Foo<T>` → `Foo`. */
export function baseTypeName(text: string): string {
  return text.replace(/^[*&\s]+/, '').replace(/[<[].*$/s, '').trim();
}

/** `a::b`, `A\B` and `A::B` scopes become dotted qualified names. */
export const dotted = (text: string): string => text.replace(/\s+/g, '').replace(/::|\\/g, '.');

interface NamedOptions {
  nameField?: string;
  bodyField?: string;
  /** The body holds members (class-like) whose functions become methods. */
  container?: boolean;
  alwaysSplit?: boolean;
  /** Name to use when the node has none (anonymous namespaces, default exports). */
  anonymous?: string;
  /** Only a node with a body defines something (`struct s { … }`, not `struct s *p`). */
  requireBody?: boolean;
}

/** The common shape: a `name` field and a `body` field. */
export function named(kind: ChunkKind, options: NamedOptions = {}): DefinitionReader {
  const nameField = options.nameField ?? 'name';
  const bodyField = options.bodyField ?? 'body';
  return (node, { source }) => {
    const nameNode = node.childForFieldName(nameField);
    if (!nameNode && options.anonymous === undefined) return null;
    const body = node.childForFieldName(bodyField);
    if (!body && options.requireBody) return null;
    return {
      kind,
      name: nameNode ? dotted(textOf(nameNode, source)) : (options.anonymous as string),
      declaration: node,
      body,
      members: options.container && body ? body : undefined,
      alwaysSplit: options.alwaysSplit,
    };
  };
}

/**
 * A wrapper (`export`, `declare`, decorators, templates) around a definition: the node in the
 * first present field of `fields`, or else the first named child that reads as one.
 */
export function wrapper(options: { fields?: readonly string[]; signatureFromWrapper: boolean }): DefinitionReader {
  return (node, context) => {
    let match: DefinitionMatch | null = null;
    if (options.fields) {
      for (const field of options.fields) {
        const inner = node.childForFieldName(field);
        if (inner) {
          match = context.read(inner);
          break;
        }
      }
    } else {
      for (const child of node.namedChildren) {
        match = context.read(child);
        if (match) break;
      }
    }
    if (!match) return null;
    return options.signatureFromWrapper ? { ...match, declaration: node } : match;
  };
}
