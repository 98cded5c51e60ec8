// Kotlin. The grammar has few field names, so children are found by type.

import type { ChunkKind } from '../../../../protocol/engine';
import type { LanguageRules } from '../languageRules';
import type { SyntaxNode } from '../parser';
import { childOfType, textOf, type DefinitionReader } from '../definitionReaders';
import { C_STYLE_COMMENTS, captured, C_LIKE_TEXT } from './shared';

const kotlinClass: DefinitionReader = (node, { source }) => {
  let kind: ChunkKind = 'class';
  let nameNode: SyntaxNode | null = null;
  let members: SyntaxNode | null = null;
  for (const child of node.children) {
    const type = child.type;
    if (type === 'interface') kind = 'interface';
    else if (type === 'type_identifier' && !nameNode) nameNode = child;
    else if (type === 'class_body') members = child;
    else if (type === 'enum_class_body') {
      members = child;
      kind = 'enum';
    }
  }
  const name = nameNode ? textOf(nameNode, source) : node.type === 'companion_object' ? 'Companion' : null;
  if (!name) return null;
  return { kind, name, declaration: node, body: members, members: members ?? undefined };
};

const kotlinFunction: DefinitionReader = (node, { source }) => {
  const nameNode = childOfType(node, ['simple_identifier']);
  if (!nameNode) return null;
  return { kind: 'function', name: textOf(nameNode, source), declaration: node, body: childOfType(node, ['function_body']) };
};

export const KOTLIN: LanguageRules = {
  grammar: 'kotlin',
  definitions: {
    class_declaration: kotlinClass,
    object_declaration: kotlinClass,
    companion_object: kotlinClass,
    function_declaration: kotlinFunction,
    secondary_constructor: (node) => ({ kind: 'method', name: 'constructor', declaration: node, body: childOfType(node, ['statements', 'block']) }),
    type_alias: (node, { source }) => {
      const nameNode = childOfType(node, ['type_identifier']);
      return nameNode && { kind: 'type', name: textOf(nameNode, source), declaration: node, body: null };
    },
  },
  transparent: ['import_list'],
  prefixes: [],
  comments: C_STYLE_COMMENTS,
  // A `when` counts once: its branch arrows cannot be told from lambda arrows in the text.
  decisions: { keywords: ['if', 'for', 'while', 'when', 'catch'], operators: ['&&', '||', '?:'], spacedTernary: false, ...C_LIKE_TEXT },
  importNodes: { import_header: captured(/^import\s+([\w.`]+(?:\.\*)?)/) },
  importPatterns: [],
};
