// C#.

import type { LanguageRules } from '../languageRules';
import { named, textOf } from '../definitionReaders';
import { C_STYLE_COMMENTS, captured, C_LIKE_TEXT } from './shared';

export const CSHARP: LanguageRules = {
  grammar: 'c_sharp',
  definitions: {
    namespace_declaration: named('namespace', { container: true, alwaysSplit: true }),
    // `namespace A.B;` holds the rest of the file as its own children.
    file_scoped_namespace_declaration: (node, { source }) => {
      const nameNode = node.childForFieldName('name');
      if (!nameNode) return null;
      return { kind: 'namespace', name: textOf(nameNode, source), declaration: node, body: null, members: node, alwaysSplit: true };
    },
    class_declaration: named('class', { container: true }),
    record_declaration: named('class', { container: true }),
    record_struct_declaration: named('struct', { container: true }),
    struct_declaration: named('struct', { container: true }),
    interface_declaration: named('interface', { container: true }),
    enum_declaration: named('enum'),
    method_declaration: named('method'),
    constructor_declaration: named('method'),
    destructor_declaration: named('method'),
    operator_declaration: named('method', { anonymous: 'operator' }),
    conversion_operator_declaration: named('method', { anonymous: 'operator' }),
  },
  transparent: [],
  prefixes: [],
  comments: C_STYLE_COMMENTS,
  // Switch-expression arms are not counted: their `=>` is also every lambda's.
  decisions: {
    keywords: ['if', 'for', 'foreach', 'while', 'case', 'catch'],
    operators: ['&&', '||', '??'],
    spacedTernary: true,
    ...C_LIKE_TEXT,
  },
  importNodes: { using_directive: captured(/^(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?([\w.]+)/) },
  importPatterns: [],
};
