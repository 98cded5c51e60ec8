// Language rules resolved against a loaded grammar: node type names become numeric type ids,
// so the walk compares integers instead of strings.

import type { DefinitionReader } from './definitionReaders';
import { COMMENT_TYPES, type LanguageRules } from './languageRules';
import type { Grammar } from './parser';

/** Role bits of a node type. */
export const Role = { Comment: 1, Prefix: 2, Transparent: 4 } as const;

export interface CompiledRules {
  readonly rules: LanguageRules;
  /** Role bits by type id. */
  readonly roles: Uint8Array;
  /** Definition reader by type id. */
  readonly readers: (DefinitionReader | undefined)[];
  /** Import reader by type id. */
  readonly importReaders: (((text: string) => string[]) | undefined)[];
}

const compiled = new Map<LanguageRules, CompiledRules>();

export function compileRules(rules: LanguageRules, grammar: Grammar): CompiledRules {
  const cached = compiled.get(rules);
  if (cached) return cached;
  const count = grammar.nodeTypeCount;
  const roles = new Uint8Array(count);
  const readers: (DefinitionReader | undefined)[] = new Array(count);
  const importReaders: (((text: string) => string[]) | undefined)[] = new Array(count);
  const comments = new Set<string>(COMMENT_TYPES);
  const prefixes = new Set(rules.prefixes);
  const transparent = new Set(rules.transparent);
  for (let id = 0; id < count; id++) {
    const type = grammar.nodeTypeForId(id);
    if (type === null) continue;
    if (comments.has(type)) roles[id] |= Role.Comment;
    if (prefixes.has(type)) roles[id] |= Role.Prefix;
    if (transparent.has(type)) roles[id] |= Role.Transparent;
    if (Object.hasOwn(rules.definitions, type)) readers[id] = rules.definitions[type];
    if (Object.hasOwn(rules.importNodes, type)) importReaders[id] = rules.importNodes[type];
  }
  const result: CompiledRules = { rules, roles, readers, importReaders };
  compiled.set(rules, result);
  return result;
}
