// Ruby.

import type { LanguageRules } from '../languageRules';
import { named } from '../definitionReaders';
import { HASH_COMMENTS, HASH_TEXT } from './shared';

export const RUBY: LanguageRules = {
  grammar: 'ruby',
  definitions: {
    method: named('function'),
    singleton_method: named('method'),
    class: named('class', { container: true }),
    module: named('namespace', { container: true, alwaysSplit: true }),
  },
  // `class << self` holds class methods.
  transparent: ['singleton_class', 'body_statement'],
  prefixes: [],
  comments: HASH_COMMENTS,
  decisions: {
    keywords: ['if', 'elsif', 'unless', 'while', 'until', 'for', 'when', 'rescue', 'and', 'or'],
    operators: ['&&', '||'],
    spacedTernary: true,
    ...HASH_TEXT,
  },
  importNodes: {},
  importPatterns: [/^[ \t]*(?:require|require_relative|load)\s*\(?\s*(['"])([^'"\n]+)\1/gm],
};
