import type { ChunkKind, Language } from '../../protocol/engine';
import type { SearchScope } from '../../protocol/webview';

export const LANGUAGE_LABELS: Record<Language, string> = {
  typescript: 'TypeScript', tsx: 'TSX', javascript: 'JavaScript', python: 'Python', go: 'Go', rust: 'Rust',
  java: 'Java', c: 'C', cpp: 'C++', csharp: 'C#', ruby: 'Ruby', php: 'PHP', kotlin: 'Kotlin', swift: 'Swift',
  bash: 'Bash', markdown: 'Markdown', json: 'JSON', yaml: 'YAML', toml: 'TOML', text: 'Text',
};

export const KIND_LABELS: Record<ChunkKind | 'selection', string> = {
  function: 'Function', method: 'Method', class: 'Class', interface: 'Interface', type: 'Type', enum: 'Enum',
  struct: 'Struct', impl: 'Impl', trait: 'Trait', namespace: 'Namespace', module: 'Module', section: 'Section',
  block: 'Block', selection: 'Selection',
};

/** One or two letters shown in a kind's badge, coloured like VS Code's symbol icons. */
export const KIND_GLYPHS: Record<ChunkKind | 'selection', string> = {
  function: 'ƒ', method: 'm', class: 'C', interface: 'I', type: 'T', enum: 'E', struct: 'S', impl: 'im',
  trait: 'Tr', namespace: 'N', module: 'M', section: '§', block: '≡', selection: '⌶',
};

export const SCOPE_LABELS: Record<SearchScope, string> = {
  local: 'This workspace',
  team: 'Team',
  both: 'Both',
};

export function lineRange(startLine: number, endLine: number): string {
  return startLine === endLine ? `${startLine}` : `${startLine}–${endLine}`;
}

/** `src/a/b.ts` → [`b.ts`, `src/a`]. */
export function splitPath(path: string): [name: string, folder: string] {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? [path, ''] : [path.slice(slash + 1), path.slice(0, slash)];
}
