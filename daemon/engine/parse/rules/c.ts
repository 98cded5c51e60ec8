// C and C++ (C++ extends the C table).

import type { ChunkKind } from '../../../../protocol/engine';
import type { DecisionSyntax } from '../complexity';
import type { LanguageRules } from '../languageRules';
import { dotted, named, textOf, wrapper, type DefinitionReader, type ReadContext } from '../definitionReaders';
import { C_STYLE_COMMENTS, captured, C_LIKE_TEXT } from './shared';

const DECLARATOR_WRAPPERS = [
  'function_declarator', 'pointer_declarator', 'reference_declarator', 'parenthesized_declarator', 'attributed_declarator',
];

/** A function's name sits inside nested declarators: `*ring_new(size_t)`, `Layer::area() const`. */
const cFunction: DefinitionReader = (node, { source }) => {
  let declarator = node.childForFieldName('declarator');
  while (declarator && DECLARATOR_WRAPPERS.includes(declarator.type)) {
    declarator = declarator.childForFieldName('declarator') ?? declarator.firstNamedChild;
  }
  if (!declarator) return null;
  const text = textOf(declarator, source).replace(/\s+/g, '');
  const scope = text.lastIndexOf('::');
  const owner = scope > 0 ? dotted(text.slice(0, scope)) : undefined;
  return {
    kind: owner ? 'method' : 'function',
    name: scope === -1 ? text : text.slice(scope + 2),
    owner,
    declaration: node,
    body: node.childForFieldName('body'),
  };
};

const SPECIFIER_KINDS: Readonly<Record<string, ChunkKind>> = {
  struct_specifier: 'struct', union_specifier: 'struct', enum_specifier: 'enum', class_specifier: 'class',
};

/** `struct s {…};`, `typedef struct {…} name;`, and nested `class Inner {…};` inside a class. */
const cTypeHolder: DefinitionReader = (node, context: ReadContext) => {
  const type = node.childForFieldName('type');
  const kind = type ? SPECIFIER_KINDS[type.type] : undefined;
  if (!type || !kind) return null;
  const match = context.read(type);
  if (match) return { ...match, declaration: node };
  // `typedef struct { … } name;` is named after its body, so its signature is its first line.
  const body = type.childForFieldName('body');
  const declarator = node.type === 'type_definition' ? node.childForFieldName('declarator') : null;
  if (!body || !declarator) return null;
  return { kind, name: textOf(declarator, context.source), declaration: node, body: null, members: body };
};

const C_DEFINITIONS: Record<string, DefinitionReader> = {
  function_definition: cFunction,
  struct_specifier: named('struct', { container: true, requireBody: true }),
  union_specifier: named('struct', { container: true, requireBody: true }),
  enum_specifier: named('enum', { requireBody: true }),
  declaration: cTypeHolder,
  type_definition: cTypeHolder,
  field_declaration: cTypeHolder,
};

const C_TRANSPARENT = [
  'preproc_ifdef', 'preproc_if', 'preproc_else', 'preproc_elif', 'preproc_elifdef', 'linkage_specification', 'declaration_list',
];

// C++'s `T&&` (an rvalue reference) reads as a decision; it is rare inside function bodies.
const C_DECISIONS: DecisionSyntax = {
  keywords: ['if', 'for', 'while', 'case', 'catch'],
  operators: ['&&', '||'],
  spacedTernary: true,
  ...C_LIKE_TEXT,
};

const C_IMPORTS = { preproc_include: captured(/#\s*include\s*[<"]([^>"]+)[>"]/) };

export const C: LanguageRules = {
  grammar: 'c',
  definitions: C_DEFINITIONS,
  transparent: C_TRANSPARENT,
  prefixes: [],
  comments: C_STYLE_COMMENTS,
  decisions: C_DECISIONS,
  importNodes: C_IMPORTS,
  importPatterns: [],
};

export const CPP: LanguageRules = {
  ...C,
  grammar: 'cpp',
  definitions: {
    ...C_DEFINITIONS,
    class_specifier: named('class', { container: true, requireBody: true }),
    namespace_definition: named('namespace', { container: true, alwaysSplit: true, anonymous: '(anonymous)' }),
    template_declaration: wrapper({ signatureFromWrapper: true }),
  },
};
