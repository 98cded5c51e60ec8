// Imports written as calls (`require('x')`, PHP `require_once`, Bash `source`) can sit anywhere
// in a file, so they are found in its text; import statements come from the definitions walk.

/** Specifiers matched by `patterns` (global regexes whose group 2 is the specifier), in order. */
export function importsInText(source: string, patterns: readonly RegExp[]): string[] {
  const found: string[] = [];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[2]);
  return found;
}
