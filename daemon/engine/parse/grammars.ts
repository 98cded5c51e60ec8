// Where the tree-sitter runtime and grammar .wasm files live. Two layouts are supported:
// bundled (esbuild copies them next to the bundle: `tree-sitter.wasm` and `grammars/`) and
// from source (the `web-tree-sitter` and `tree-sitter-wasms` packages in node_modules).

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Grammar names as spelled in `tree-sitter-wasms/out/tree-sitter-<name>.wasm`. */
export const GRAMMAR_NAMES = [
  'typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java', 'c', 'cpp', 'c_sharp',
  'ruby', 'php', 'kotlin', 'swift', 'bash',
] as const;
export type GrammarName = (typeof GRAMMAR_NAMES)[number];

const RUNTIME_FILE = 'tree-sitter.wasm';
const BUNDLED_GRAMMAR_DIR = 'grammars';

const grammarFileName = (grammar: GrammarName): string => `tree-sitter-${grammar}.wasm`;

function packageDirectory(request: string): string | null {
  try {
    return path.dirname(require.resolve(request));
  } catch {
    return null;
  }
}

function firstExisting(candidates: (string | null)[], what: string): string {
  const tried = candidates.filter((c): c is string => c !== null);
  const found = tried.find((candidate) => fs.existsSync(candidate));
  if (found) return found;
  throw new Error(
    `Mobius cannot find ${what} (looked in ${tried.join(', ') || 'no candidate folder'}). ` +
      'Reinstall with `npm install`, or rebuild the bundle with `npm run build`.',
  );
}

/** The web-tree-sitter runtime (`tree-sitter.wasm`); `bundleDir` is where a bundle would hold it. */
export function runtimeWasmPath(bundleDir: string = __dirname): string {
  const fromPackage = packageDirectory('web-tree-sitter');
  return firstExisting(
    [path.join(bundleDir, RUNTIME_FILE), fromPackage && path.join(fromPackage, RUNTIME_FILE)],
    `the tree-sitter runtime ${RUNTIME_FILE}`,
  );
}

/** The .wasm file of one grammar; `bundleDir` is where a bundle would hold `grammars/`. */
export function grammarWasmPath(grammar: GrammarName, bundleDir: string = __dirname): string {
  const file = grammarFileName(grammar);
  const fromPackage = packageDirectory('tree-sitter-wasms/package.json');
  return firstExisting(
    [path.join(bundleDir, BUNDLED_GRAMMAR_DIR, file), fromPackage && path.join(fromPackage, 'out', file)],
    `the tree-sitter grammar ${file}`,
  );
}
