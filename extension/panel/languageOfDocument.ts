import type { Language } from '../../protocol/engine';

/** VS Code language ids of the languages Mobius indexes; anything else is plain text. */
const BY_LANGUAGE_ID: Readonly<Record<string, Language>> = {
  typescript: 'typescript', typescriptreact: 'tsx', javascript: 'javascript', javascriptreact: 'javascript',
  python: 'python', go: 'go', rust: 'rust', java: 'java', c: 'c', cpp: 'cpp', csharp: 'csharp', ruby: 'ruby',
  php: 'php', kotlin: 'kotlin', swift: 'swift', shellscript: 'bash', markdown: 'markdown', json: 'json',
  jsonc: 'json', yaml: 'yaml', toml: 'toml',
};

export function languageOfDocument(languageId: string): Language {
  return BY_LANGUAGE_ID[languageId] ?? 'text';
}
