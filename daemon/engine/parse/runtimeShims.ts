// C library functions some prebuilt grammars import but the web-tree-sitter 0.22.6 runtime does
// not provide (tree-sitter-bash's scanner calls `isalpha`; several scanners reference
// `__assert_fail`). Without them the grammar throws mid-parse on ordinary files. They are added
// to the runtime's imports through emscripten's documented `instantiateWasm` hook.

import { readFileSync } from 'node:fs';

const isAsciiLetter = (code: number): number => ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 0);

const MISSING_LIBC = {
  isalpha: isAsciiLetter,
  __assert_fail: (): never => {
    throw new Error('a tree-sitter grammar failed an internal assertion');
  },
};

type ReceiveInstance = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;

/**
 * The `instantiateWasm` option for `Parser.init`: instantiates the runtime with the shims added.
 * Emscripten cannot report a failure here, so `onError` receives it.
 */
export function instantiateWithShims(wasmPath: string, onError: (error: Error) => void) {
  return (imports: { env: Record<string, unknown> }, receive: ReceiveInstance): object => {
    for (const [name, implementation] of Object.entries(MISSING_LIBC)) {
      if (!(name in imports.env)) imports.env[name] = implementation;
    }
    // Emscripten expects the instance to arrive after this hook returns, as with its own async path.
    WebAssembly.instantiate(readFileSync(wasmPath), imports as WebAssembly.Imports).then(
      ({ instance, module }) => receive(instance, module),
      (error: unknown) => onError(new Error(`Mobius could not start the tree-sitter runtime ${wasmPath}: ${(error as Error).message}`)),
    );
    return {};
  };
}
