// PHP.

import type { LanguageRules } from '../languageRules';
import { named } from '../definitionReaders';
import { listAfter, C_LIKE_TEXT } from './shared';

export const PHP: LanguageRules = {
  grammar: 'php',
  definitions: {
    function_definition: named('function'),
    method_declaration: named('method'),
    class_declaration: named('class', { container: true }),
    interface_declaration: named('interface', { container: true }),
    trait_declaration: named('trait', { container: true }),
    enum_declaration: named('enum', { container: true }),
    namespace_definition: named('namespace', { container: true, alwaysSplit: true, requireBody: true }),
  },
  transparent: [],
  prefixes: [],
  comments: { line: ['//', '#'], block: true },
  // `match` arms are not counted: their `=>` is also every array's.
  decisions: {
    keywords: ['if', 'elseif', 'for', 'foreach', 'while', 'case', 'catch', 'and', 'or'],
    operators: ['&&', '||', '??'],
    spacedTernary: true,
    ...C_LIKE_TEXT,
    lineComments: ['//', '#'],
  },
  importNodes: { namespace_use_declaration: listAfter(/^use\s+(?:function\s+|const\s+)?/) },
  importPatterns: [/\b(?:require|include)(?:_once)?\b[^;'"\n]*(['"])([^'"\n]+)\1/g],
};
