// Bash.

import type { LanguageRules } from '../languageRules';
import { named } from '../definitionReaders';
import { HASH_COMMENTS, HASH_TEXT } from './shared';

export const BASH: LanguageRules = {
  grammar: 'bash',
  definitions: { function_definition: named('function') },
  transparent: [],
  prefixes: [],
  comments: HASH_COMMENTS,
  // Each `case` item ends with `;;`. Backquoted commands are not scanned.
  decisions: { keywords: ['if', 'elif', 'for', 'while', 'until'], operators: ['&&', '||', ';;'], spacedTernary: false, ...HASH_TEXT },
  importNodes: {},
  importPatterns: [/^[ \t]*(?:source|\.)[ \t]+(['"]?)([^\s'";|&]+)\1/gm],
};
