// Go.

import type { ChunkKind } from '../../../../protocol/engine';
import type { LanguageRules } from '../languageRules';
import { baseTypeName, named, textOf, type DefinitionReader } from '../definitionReaders';
import { C_STYLE_COMMENTS, C_LIKE_TEXT, allQuoted } from './shared';

const goMethod: DefinitionReader = (node, { source }) => {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return null;
  const receiverType = node.childForFieldName('receiver')?.firstNamedChild?.childForFieldName('type');
  return {
    kind: 'method',
    name: textOf(nameNode, source),
    owner: receiverType ? baseTypeName(textOf(receiverType, source)) : undefined,
    declaration: node,
    body: node.childForFieldName('body'),
  };
};

const goTypeSpec: DefinitionReader = (node, { source }) => {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return null;
  const type = node.childForFieldName('type')?.type;
  const kind: ChunkKind = type === 'struct_type' ? 'struct' : type === 'interface_type' ? 'interface' : 'type';
  return { kind, name: textOf(nameNode, source), declaration: node, body: null };
};

/** `type X struct {…}` is one definition; a grouped `type ( … )` is walked spec by spec. */
const goTypeDeclaration: DefinitionReader = (node, context) => {
  const specs = node.namedChildren.filter((child) => child.type === 'type_spec' || child.type === 'type_alias');
  if (specs.length !== 1) return null;
  const match = context.read(specs[0]);
  return match && { ...match, declaration: node };
};

export const GO: LanguageRules = {
  grammar: 'go',
  definitions: {
    function_declaration: named('function'),
    method_declaration: goMethod,
    type_declaration: goTypeDeclaration,
    type_spec: goTypeSpec,
    type_alias: goTypeSpec,
  },
  transparent: ['type_declaration'],
  prefixes: [],
  comments: C_STYLE_COMMENTS,
  decisions: { keywords: ['if', 'for', 'case'], operators: ['&&', '||'], spacedTernary: false, ...C_LIKE_TEXT, quotes: `'"\``, multilineQuotes: '`' },
  importNodes: { import_declaration: allQuoted },
  importPatterns: [],
};
