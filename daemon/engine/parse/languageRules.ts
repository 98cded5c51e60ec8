// Per-language tables: which syntax nodes are definitions, which are walked through, which
// precede a definition and belong to it, how comments look, which nodes are decision points
// (cyclomatic complexity) and which declare imports. Node type names are those of the
// grammars in tree-sitter-wasms 0.1.13; each language's table is in rules/.

import type { Language } from '../../../protocol/engine';
import type { DecisionSyntax } from './complexity';
import type { DefinitionReader } from './definitionReaders';
import type { GrammarName } from './grammars';
import type { SyntaxNode } from './parser';
import { BASH } from './rules/bash';
import { C, CPP } from './rules/c';
import { CSHARP } from './rules/csharp';
import { GO } from './rules/go';
import { JAVA } from './rules/java';
import { javascriptRules } from './rules/javascript';
import { KOTLIN } from './rules/kotlin';
import { PHP } from './rules/php';
import { PYTHON } from './rules/python';
import { RUBY } from './rules/ruby';
import { RUST } from './rules/rust';
import { SWIFT } from './rules/swift';

export interface CommentSyntax {
  /** Line comment markers, longest first. */
  line: readonly string[];
  /** Whether `/* … *\/` block comments exist. */
  block: boolean;
}

export interface LanguageRules {
  grammar: GrammarName;
  definitions: Readonly<Record<string, DefinitionReader>>;
  /** Nodes whose children are read as if they stood in the node's place (`#ifdef`, Python `if`). */
  transparent: readonly string[];
  /** Nodes that precede a definition and belong to it (decorators, Rust attributes). */
  prefixes: readonly string[];
  comments: CommentSyntax;
  /** How decision points look in a function body's text (see complexity.ts). */
  decisions: DecisionSyntax;
  /** Import statements, by node type, each with a reader of module specifiers from the node's text. */
  importNodes: Readonly<Record<string, (text: string) => string[]>>;
  /** Imports written as calls (`require('x')`): found in the file text, group 2 is the specifier. */
  importPatterns: readonly RegExp[];
  /** Python docstrings: the doc comment found in the body. */
  docstring?: (body: SyntaxNode, source: string) => string | null;
}

/** Node types that are comments in any of the grammars. */
export const COMMENT_TYPES = ['comment', 'line_comment', 'block_comment', 'multiline_comment'] as const;

const RULES: Partial<Record<Language, LanguageRules>> = {
  typescript: javascriptRules('typescript'),
  tsx: javascriptRules('tsx'),
  javascript: javascriptRules('javascript'),
  python: PYTHON,
  go: GO,
  rust: RUST,
  java: JAVA,
  c: C,
  cpp: CPP,
  csharp: CSHARP,
  ruby: RUBY,
  php: PHP,
  kotlin: KOTLIN,
  swift: SWIFT,
  bash: BASH,
};

/** The rules of a language parsed with tree-sitter, or undefined for Markdown, data files and text. */
export function rulesFor(language: Language): LanguageRules | undefined {
  return RULES[language];
}

/** C headers may hold C++; a `.h` file that C cannot parse is retried with these rules. */
export const CPP_RULES = CPP;
