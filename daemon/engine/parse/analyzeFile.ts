// The parse stage's entry point: one file's text in, its chunks and imports out. Safe to call
// from worker threads, concurrently too (all state is per-thread caches).

import type { FileAnalysis, Language } from '../../../protocol/engine';
import { lineWindowChunks } from './blockChunks';
import { chunkDefinitions } from './chunker';
import { compileRules } from './compiledRules';
import { collectDefinitions } from './definitions';
import { importsInText } from './imports';
import { CPP_RULES, rulesFor, type LanguageRules } from './languageRules';
import { markdownChunks } from './markdown';
import { loadGrammar, parseSource, type Tree } from './parser';
import { SourceText } from './sourceText';
import { errorShare } from './syntaxErrors';

/** Above this share of unparsable text the file is chunked as line windows instead. */
const MAX_ERROR_SHARE = 0.25;

export async function analyzeFile(relPath: string, content: string, language: Language): Promise<FileAnalysis> {
  const path = relPath.replace(/\\/g, '/');
  const text = new SourceText(content);
  if (language === 'markdown') return { chunks: markdownChunks(path, text), imports: [], parseFailed: false };
  const rules = rulesFor(language);
  if (!rules) return { chunks: lineWindowChunks(path, language, text), imports: [], parseFailed: false };
  return analyzeCode(path, language, text, rules);
}

interface ParsedTree {
  tree: Tree;
  rules: LanguageRules;
  errors: number;
}

async function analyzeCode(path: string, language: Language, text: SourceText, rules: LanguageRules): Promise<FileAnalysis> {
  const parsed = await parseBest(path, text, rules);
  if (!parsed) return fallback(path, language, text, []);
  const { tree, errors } = parsed;
  try {
    const compiled = compileRules(parsed.rules, tree.getLanguage());
    const collected = collectDefinitions(tree.rootNode, compiled, text);
    const imports = [...new Set([...collected.imports, ...importsInText(text.text, parsed.rules.importPatterns)])];
    if (errors > MAX_ERROR_SHARE) return fallback(path, language, text, imports);
    const chunks = chunkDefinitions(collected, { path, language, text });
    return { chunks, imports, parseFailed: false };
  } finally {
    tree.delete();
  }
}

/** Parses with the language's grammar; a `.h` file C cannot parse is retried as C++. */
async function parseBest(path: string, text: SourceText, rules: LanguageRules): Promise<ParsedTree | null> {
  const first = await tryParse(text, rules);
  if (rules.grammar !== 'c' || !path.endsWith('.h') || (first && first.errors === 0)) return first;
  const second = await tryParse(text, CPP_RULES);
  if (!first || (second && second.errors < first.errors)) {
    first?.tree.delete();
    return second;
  }
  second?.tree.delete();
  return first;
}

async function tryParse(text: SourceText, rules: LanguageRules): Promise<ParsedTree | null> {
  const grammar = await loadGrammar(rules.grammar);
  let tree: Tree;
  try {
    tree = await parseSource(grammar, text.text);
  } catch {
    // Timeouts and parser failures: the file still gets line windows.
    return null;
  }
  return { tree, rules, errors: errorShare(tree.rootNode, text.text.length) };
}

function fallback(path: string, language: Language, text: SourceText, imports: string[]): FileAnalysis {
  return { chunks: lineWindowChunks(path, language, text), imports, parseFailed: true };
}
