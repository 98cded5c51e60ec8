// Swift.

import type { ChunkKind } from '../../../../protocol/engine';
import type { LanguageRules } from '../languageRules';
import { baseTypeName, named, textOf, type DefinitionReader } from '../definitionReaders';
import { C_STYLE_COMMENTS, captured, C_LIKE_TEXT } from './shared';

const SWIFT_KINDS: Readonly<Record<string, ChunkKind>> = {
  class: 'class', actor: 'class', struct: 'struct', enum: 'enum', extension: 'impl',
};

const swiftType: DefinitionReader = (node, { source }) => {
  const nameNode = node.childForFieldName('name');
  const declared = node.childForFieldName('declaration_kind');
  if (!nameNode) return null;
  const body = node.childForFieldName('body');
  return {
    kind: (declared && SWIFT_KINDS[textOf(declared, source)]) || 'class',
    name: baseTypeName(textOf(nameNode, source)),
    declaration: node,
    body,
    members: body ?? undefined,
  };
};

export const SWIFT: LanguageRules = {
  grammar: 'swift',
  definitions: {
    class_declaration: swiftType,
    protocol_declaration: named('interface', { container: true }),
    function_declaration: named('function'),
    protocol_function_declaration: named('method'),
    init_declaration: named('method', { anonymous: 'init' }),
    deinit_declaration: named('method', { anonymous: 'deinit' }),
    typealias_declaration: named('type'),
  },
  transparent: [],
  prefixes: [],
  comments: C_STYLE_COMMENTS,
  decisions: {
    keywords: ['if', 'guard', 'for', 'while', 'case', 'catch'],
    operators: ['&&', '||', '??'],
    spacedTernary: true,
    ...C_LIKE_TEXT,
  },
  importNodes: { import_declaration: captured(/\bimport\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([\w.]+)/) },
  importPatterns: [],
};
