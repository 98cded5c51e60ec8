// Python.

import type { LanguageRules } from '../languageRules';
import type { SyntaxNode } from '../parser';
import { named, textOf, wrapper } from '../definitionReaders';
import { HASH_COMMENTS, captured, listAfter, HASH_TEXT } from './shared';

const STRING_PREFIX = /^[rRuUbBfF]{0,2}("""|'''|"|')/;

function pythonDocstring(body: SyntaxNode, source: string): string | null {
  // The body's first statement is a string only if its text starts like one; the text is free to read.
  if (!STRING_PREFIX.test(source.slice(body.startIndex, body.startIndex + 4))) return null;
  const first = body.firstNamedChild;
  if (first?.type !== 'expression_statement') return null;
  const literal = first.firstNamedChild;
  if (literal?.type !== 'string') return null;
  const text = textOf(literal, source);
  const quote = STRING_PREFIX.exec(text);
  if (!quote) return null;
  return text.slice(quote[0].length, text.length - quote[1].length);
}

export const PYTHON: LanguageRules = {
  grammar: 'python',
  definitions: {
    function_definition: named('function'),
    class_definition: named('class', { container: true }),
    decorated_definition: wrapper({ fields: ['definition'], signatureFromWrapper: false }),
  },
  // Definitions under `if TYPE_CHECKING:` or `try:` at module level are still definitions.
  transparent: ['if_statement', 'elif_clause', 'else_clause', 'try_statement', 'except_clause', 'finally_clause', 'block'],
  prefixes: [],
  comments: HASH_COMMENTS,
  // `if` also covers conditional expressions and comprehension filters.
  decisions: {
    keywords: ['if', 'elif', 'for', 'while', 'except', 'case', 'and', 'or'],
    operators: [],
    spacedTernary: false,
    ...HASH_TEXT,
  },
  importNodes: {
    import_statement: listAfter(/^import\s+/),
    import_from_statement: captured(/^from\s+(\S+)/),
  },
  importPatterns: [],
  docstring: pythonDocstring,
};
