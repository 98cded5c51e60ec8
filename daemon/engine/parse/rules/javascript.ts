// JavaScript, TypeScript and TSX (one grammar family; TS-only node types never occur in JS trees).

import type { ChunkKind } from '../../../../protocol/engine';
import type { DecisionSyntax } from '../complexity';
import type { GrammarName } from '../grammars';
import type { LanguageRules } from '../languageRules';
import type { SyntaxNode } from '../parser';
import { childOfType, named, textOf, wrapper, type DefinitionMatch, type DefinitionReader } from '../definitionReaders';
import { C_STYLE_COMMENTS, quoted, C_LIKE_TEXT } from './shared';

const FUNCTION_VALUES = ['arrow_function', 'function_expression', 'function', 'generator_function'];

function functionValue(kind: ChunkKind, name: string, declaration: SyntaxNode, value: SyntaxNode): DefinitionMatch | null {
  const type = value.type;
  if (FUNCTION_VALUES.includes(type)) return { kind, name, declaration, body: value.childForFieldName('body') };
  if (type === 'class') {
    const body = value.childForFieldName('body');
    return { kind: 'class', name, declaration, body, members: body ?? undefined };
  }
  return null;
}

/**
 * `const parse = (…) => {…}` and `const Model = class {…}`, single-declarator only. Top-level
 * constants are common, so the value is checked first: each question asked costs a wasm call.
 */
const jsVariable: DefinitionReader = (node, { source }) => {
  const declarators = node.namedChildren;
  if (declarators.length !== 1) return null;
  const value = declarators[0].childForFieldName('value');
  if (!value) return null;
  const type = value.type;
  if (!FUNCTION_VALUES.includes(type) && type !== 'class') return null;
  const nameNode = declarators[0].childForFieldName('name');
  if (!nameNode || nameNode.type !== 'identifier') return null;
  return functionValue('function', textOf(nameNode, source), node, value);
};

/** CommonJS and prototype definitions: `exports.run = function…`, `Queue.prototype.push = function…`. */
const jsAssignment: DefinitionReader = (node, context) => {
  const expression = node.firstNamedChild;
  if (!expression) return null;
  if (expression.type === 'internal_module' || expression.type === 'module') return context.read(expression);
  if (expression.type !== 'assignment_expression') return null;
  const left = expression.childForFieldName('left');
  const right = expression.childForFieldName('right');
  if (!left || !right || (left.type !== 'member_expression' && left.type !== 'identifier')) return null;
  const path = textOf(left, context.source).replace(/\s+/g, '');
  if (!/^[\w$.]+$/.test(path)) return null;
  if (path === 'module.exports') {
    const ownName = right.childForFieldName('name');
    return functionValue('function', ownName ? textOf(ownName, context.source) : path, node, right);
  }
  const parts = path.split('.').filter((part) => part !== 'prototype');
  const name = parts.pop() as string;
  const owner = parts.join('.');
  if (!owner || owner === 'exports' || owner === 'module.exports') return functionValue('function', name, node, right);
  const match = functionValue('method', name, node, right);
  return match && { ...match, owner };
};

/** Class fields holding functions are methods (`handle = (e) => {…}`); holding classes, nested classes. */
const jsField: DefinitionReader = (node, { source }) => {
  const nameNode = node.childForFieldName('name') ?? node.childForFieldName('property');
  const value = node.childForFieldName('value');
  return nameNode && value ? functionValue('method', textOf(nameNode, source), node, value) : null;
};

const moduleName = (text: string): string => text.replace(/^['"]|['"]$/g, '');

/** `namespace A.B {…}`, `module 'x' {…}`, and `declare global {…}`. */
const tsNamespace: DefinitionReader = (node, { source }) => {
  const nameNode = node.childForFieldName('name');
  const body = node.childForFieldName('body') ?? childOfType(node, ['statement_block']);
  if (!body) return null;
  const name = nameNode ? moduleName(textOf(nameNode, source)) : 'global';
  return { kind: 'namespace', name, declaration: node, body, members: body, alwaysSplit: true };
};

const JS_DEFINITIONS: Record<string, DefinitionReader> = {
  function_declaration: named('function'),
  generator_function_declaration: named('function'),
  function_signature: named('function'),
  function_expression: named('function', { anonymous: 'default' }),
  function: named('function', { anonymous: 'default' }),
  class_declaration: named('class', { container: true }),
  abstract_class_declaration: named('class', { container: true }),
  class: named('class', { container: true, anonymous: 'default' }),
  interface_declaration: named('interface'),
  type_alias_declaration: named('type'),
  enum_declaration: named('enum'),
  internal_module: tsNamespace,
  module: tsNamespace,
  method_definition: named('method'),
  method_signature: named('method'),
  abstract_method_signature: named('method'),
  public_field_definition: jsField,
  field_definition: jsField,
  lexical_declaration: jsVariable,
  variable_declaration: jsVariable,
  expression_statement: jsAssignment,
  export_statement: wrapper({ fields: ['declaration', 'value'], signatureFromWrapper: true }),
  ambient_declaration: (node, context) => {
    const inner = node.firstNamedChild;
    if (inner?.type === 'statement_block') return tsNamespace(node, context);
    const match = inner ? context.read(inner) : null;
    return match && { ...match, declaration: node };
  },
};

// Conditions inside template literals are not scanned (the literal is skipped as a string).
const JS_DECISIONS: DecisionSyntax = {
  keywords: ['if', 'for', 'while', 'case', 'catch'],
  operators: ['&&', '||', '??'],
  spacedTernary: true,
  ...C_LIKE_TEXT,
  quotes: `'"\``,
  multilineQuotes: '`',
};

/** `require('x')`, `import('x')` and `export … from 'x'`, which may sit anywhere in a file. */
const JS_IMPORT_PATTERNS = [
  /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  /(?<![\w$.])export[ \t]*(?:\*|\{|type[ \t]*\{)[^;'"]*?from[ \t]*(['"])([^'"\n]+)\1/g,
];

export function javascriptRules(grammar: GrammarName): LanguageRules {
  return {
    grammar,
    definitions: JS_DEFINITIONS,
    transparent: [],
    prefixes: ['decorator'],
    comments: C_STYLE_COMMENTS,
    decisions: JS_DECISIONS,
    importNodes: { import_statement: quoted },
    importPatterns: JS_IMPORT_PATTERNS,
  };
}
