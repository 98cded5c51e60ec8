// The Markdown form of packed context, rendered the same way by the CLI, the daemon, the
// extension and the webview (which may only import protocol/, so the renderer lives here).
import type { ContextPack, ContextSpan, Language } from './engine';

/** A span of a file together with its text (lines startLine..endLine). */
export interface ContextSection extends ContextSpan {
  content: string;
}

/** A context pack whose spans carry their text, so clients can re-render or trim it. */
export interface PackedContext extends ContextPack {
  spans: ContextSection[];
}

/** Fence info strings as Markdown renderers and models know them. */
export const MARKDOWN_LANGUAGE_TAGS: Readonly<Record<Language, string>> = {
  typescript: 'ts', tsx: 'tsx', javascript: 'js', python: 'python', go: 'go', rust: 'rust',
  java: 'java', c: 'c', cpp: 'cpp', csharp: 'csharp', ruby: 'ruby', php: 'php', kotlin: 'kotlin',
  swift: 'swift', bash: 'bash', markdown: 'markdown', json: 'json', yaml: 'yaml', toml: 'toml',
  text: 'text',
};

/** `## \`path\` (lines a-b)` then the fenced code, for each section; sections are separated by a blank line. */
export function renderContextMarkdown(sections: readonly ContextSection[]): string {
  return sections.map(renderSection).join('\n');
}

export function renderSection(section: ContextSection): string {
  const lines = section.startLine === section.endLine ? `line ${section.startLine}` : `lines ${section.startLine}-${section.endLine}`;
  const code = section.content.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
  const tag = MARKDOWN_LANGUAGE_TAGS[section.language] ?? '';
  return `## ${codeSpan(section.path)} (${lines})\n\n${fence}${tag}\n${code}\n${fence}\n`;
}

/** The path as inline code, so `_` and `*` in file names are not read as emphasis. */
function codeSpan(text: string): string {
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function longestRun(text: string, char: '`'): number {
  let longest = 0;
  for (const run of text.match(new RegExp(`${char}+`, 'g')) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
