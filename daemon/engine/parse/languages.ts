// Which language a file is, from its path alone (the indexer decides before reading content).

import * as path from 'node:path';
import type { Language } from '../../../protocol/engine';

const BY_EXTENSION: Readonly<Record<string, Language>> = {
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.py': 'python', '.pyi': 'python', '.pyw': 'python',
  '.go': 'go',
  '.rs': 'rust',
  '.java': 'java',
  '.c': 'c', '.h': 'c',
  '.cc': 'cpp', '.cpp': 'cpp', '.cxx': 'cpp', '.c++': 'cpp', '.hh': 'cpp', '.hpp': 'cpp',
  '.hxx': 'cpp', '.h++': 'cpp', '.ipp': 'cpp', '.inl': 'cpp',
  '.cs': 'csharp',
  '.rb': 'ruby', '.rake': 'ruby', '.gemspec': 'ruby', '.ru': 'ruby',
  '.php': 'php', '.phtml': 'php',
  '.kt': 'kotlin', '.kts': 'kotlin',
  '.swift': 'swift',
  '.sh': 'bash', '.bash': 'bash', '.zsh': 'bash',
  '.md': 'markdown', '.markdown': 'markdown', '.mdx': 'markdown',
  '.json': 'json', '.jsonc': 'json', '.json5': 'json',
  '.yaml': 'yaml', '.yml': 'yaml',
  '.toml': 'toml',
};

const BY_BASENAME: Readonly<Record<string, Language>> = {
  'Rakefile': 'ruby', 'Gemfile': 'ruby', 'Podfile': 'ruby', 'Vagrantfile': 'ruby', 'Brewfile': 'ruby',
  '.bashrc': 'bash', '.bash_profile': 'bash', '.profile': 'bash', '.zshrc': 'bash',
  'Cargo.lock': 'toml', 'Pipfile': 'toml',
};

/** The language of a file; 'text' for anything without a grammar or a structured format. */
export function languageForPath(relPath: string): Language {
  const base = path.posix.basename(relPath.replace(/\\/g, '/'));
  const byName = BY_BASENAME[base];
  if (byName) return byName;
  const dot = base.lastIndexOf('.');
  if (dot === -1) return 'text';
  return BY_EXTENSION[base.slice(dot).toLowerCase()] ?? 'text';
}
