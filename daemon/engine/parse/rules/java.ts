// Java.

import type { LanguageRules } from '../languageRules';
import { named } from '../definitionReaders';
import { C_STYLE_COMMENTS, captured, C_LIKE_TEXT } from './shared';

export const JAVA: LanguageRules = {
  grammar: 'java',
  definitions: {
    class_declaration: named('class', { container: true }),
    record_declaration: named('class', { container: true }),
    interface_declaration: named('interface', { container: true }),
    annotation_type_declaration: named('interface', { container: true }),
    enum_declaration: named('enum', { container: true }),
    method_declaration: named('method'),
    constructor_declaration: named('method'),
    compact_constructor_declaration: named('method'),
  },
  transparent: ['enum_body_declarations'],
  prefixes: [],
  comments: C_STYLE_COMMENTS,
  decisions: { keywords: ['if', 'for', 'while', 'case', 'catch'], operators: ['&&', '||'], spacedTernary: true, ...C_LIKE_TEXT },
  importNodes: { import_declaration: captured(/^import\s+(?:static\s+)?([\w.]+(?:\.\*)?)/) },
  importPatterns: [],
};
