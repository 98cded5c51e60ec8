// Rust.

import type { LanguageRules } from '../languageRules';
import { baseTypeName, named, textOf, type DefinitionReader } from '../definitionReaders';
import { C_STYLE_COMMENTS, captured, C_LIKE_TEXT } from './shared';

const rustImpl: DefinitionReader = (node, { source }) => {
  const type = node.childForFieldName('type');
  const body = node.childForFieldName('body');
  if (!type) return null;
  return { kind: 'impl', name: baseTypeName(textOf(type, source)), declaration: node, body, members: body ?? undefined };
};

export const RUST: LanguageRules = {
  grammar: 'rust',
  definitions: {
    function_item: named('function'),
    function_signature_item: named('function'),
    struct_item: named('struct'),
    union_item: named('struct'),
    enum_item: named('enum'),
    trait_item: named('trait', { container: true }),
    impl_item: rustImpl,
    mod_item: named('namespace', { container: true, alwaysSplit: true, requireBody: true }),
    type_item: named('type'),
    macro_definition: named('function'),
  },
  transparent: [],
  prefixes: ['attribute_item'],
  comments: C_STYLE_COMMENTS,
  // Each match arm's `=>` counts; an argument-less closure `|| …` reads as an `||`.
  decisions: { keywords: ['if', 'for', 'while'], operators: ['&&', '||', '=>'], spacedTernary: false, ...C_LIKE_TEXT },
  importNodes: { use_declaration: captured(/\buse\s+([^;]+)/) },
  importPatterns: [],
};
