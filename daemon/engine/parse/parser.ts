// The tree-sitter runtime, initialised once per thread, with grammars loaded on first use.
// Each worker thread has its own module instance, so these caches are per thread by design.

import * as v8 from 'node:v8';
import Parser = require('web-tree-sitter');
import { grammarWasmPath, runtimeWasmPath, type GrammarName } from './grammars';
import { instantiateWithShims } from './runtimeShims';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;
export type Grammar = Parser.Language;

/** Pathological inputs can make tree-sitter crawl; past this the file falls back to line windows. */
const PARSE_TIMEOUT_MICROS = 10_000_000;

let runtime: Promise<Parser> | undefined;
const grammars = new Map<GrammarName, Promise<Grammar>>();
/** The last grammar load started: loads run one at a time (see loadGrammar). */
let lastLoad: Promise<unknown> = Promise.resolve();

/**
 * Grammars run on V8's baseline wasm compiler only. By default V8 also optimises a grammar's huge
 * lexer and parse-table functions on first use, which stalls the first parse of each language in
 * each thread for 0.1-1.5 s (seen here: Python 600 ms, C 1.3 s); baseline code parses only ~12%
 * slower (bench/parse.ts) and never stalls. The flag is process-wide and must precede compilation.
 */
v8.setFlagsFromString('--liftoff-only');

function initRuntime(): Promise<Parser> {
  runtime ??= (async () => {
    const wasmPath = runtimeWasmPath();
    let fail: (error: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    await Promise.race([Parser.init({ locateFile: () => wasmPath, instantiateWasm: instantiateWithShims(wasmPath, fail) }), failed]);
    const parser = new Parser();
    parser.setTimeoutMicros(PARSE_TIMEOUT_MICROS);
    return parser;
  })();
  return runtime;
}

/**
 * Loads a grammar once. Loads run one after another: web-tree-sitter links each grammar into
 * the shared wasm module, and two links interleaved mix up their symbols. A failed load is
 * remembered rather than retried, since a failing `Language.load` can leave the module in a
 * state that breaks later loads.
 */
export function loadGrammar(grammar: GrammarName): Promise<Grammar> {
  let loaded = grammars.get(grammar);
  if (!loaded) {
    loaded = lastLoad.then(initRuntime, initRuntime).then(async () => {
      const file = grammarWasmPath(grammar);
      try {
        return await Parser.Language.load(file);
      } catch (error) {
        throw new Error(`Mobius could not load the tree-sitter grammar ${file}: ${(error as Error).message}`);
      }
    });
    lastLoad = loaded;
    grammars.set(grammar, loaded);
  }
  return loaded;
}

/**
 * Parses `source` with a loaded grammar. The caller owns the tree and must `delete()` it.
 * Node offsets in the tree are UTF-16 code units (web-tree-sitter feeds it JS strings), so
 * they index the JS string directly; rows count '\n' characters.
 */
export async function parseSource(grammar: Grammar, source: string): Promise<Tree> {
  const parser = await initRuntime();
  parser.setLanguage(grammar);
  try {
    return parser.parse(source);
  } catch (error) {
    // A timed-out parse leaves the parser mid-document; it must start clean next time.
    parser.reset();
    throw error;
  }
}
