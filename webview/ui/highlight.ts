// Syntax highlighting for the preview: highlight.js's core with only the grammars of the languages
// Mobius indexes (the full bundle would be ten times larger). Colours come from panel.css.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import yaml from 'highlight.js/lib/languages/yaml';
import type { Language } from '../../protocol/engine';
import { termRanges } from '../state/queryTerms';

const GRAMMARS = {
  bash, c, cpp, csharp, go, ini, java, javascript, json, kotlin, markdown, php, python, ruby, rust, swift, typescript, yaml,
};
for (const [name, grammar] of Object.entries(GRAMMARS)) hljs.registerLanguage(name, grammar);

/** The grammar for each language Mobius indexes; `text` is not highlighted. */
const GRAMMAR_OF: Record<Language, keyof typeof GRAMMARS | null> = {
  typescript: 'typescript', tsx: 'typescript', javascript: 'javascript', python: 'python', go: 'go', rust: 'rust',
  java: 'java', c: 'c', cpp: 'cpp', csharp: 'csharp', ruby: 'ruby', php: 'php', kotlin: 'kotlin', swift: 'swift',
  bash: 'bash', markdown: 'markdown', json: 'json', yaml: 'yaml', toml: 'ini', text: null,
};

/**
 * Highlights `code` as a whole (so that strings and comments spanning lines are right) and returns
 * one element per line, with the query's terms wrapped in `<mark>`.
 */
export function highlightLines(code: string, language: Language, terms: readonly string[]): HTMLElement[] {
  const grammar = GRAMMAR_OF[language];
  const template = document.createElement('template');
  // highlight.js escapes the source; its output holds only <span class="hljs-…"> elements.
  if (grammar) template.innerHTML = hljs.highlight(code, { language: grammar, ignoreIllegals: true }).value;
  else template.content.appendChild(document.createTextNode(code));

  const lineTexts = code.split('\n');
  const marks = lineTexts.map((text) => termRanges(text, terms));
  const lines: HTMLElement[] = [];
  let line = newLine();
  let column = 0;

  const emit = (text: string, classes: readonly string[]): void => {
    const ranges = marks[lines.length] ?? [];
    let at = 0;
    while (at < text.length) {
      const absolute = column + at;
      const inside = ranges.find(([start, end]) => start <= absolute && absolute < end);
      const next = ranges.find(([start]) => start > absolute);
      const stop = inside ? inside[1] : next ? next[0] : Infinity;
      const piece = text.slice(at, Math.max(at + 1, stop - column));
      const node = wrap(piece, classes);
      line.appendChild(inside ? markOf(node) : node);
      at += piece.length;
    }
    column += text.length;
  };

  const walk = (node: Node, classes: readonly string[]): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      (node.textContent ?? '').split('\n').forEach((part, i) => {
        if (i > 0) {
          lines.push(line);
          line = newLine();
          column = 0;
        }
        if (part) emit(part, classes);
      });
      return;
    }
    const inner = node instanceof Element && node.className ? [...classes, node.className] : classes;
    node.childNodes.forEach((child) => walk(child, inner));
  };
  walk(template.content, []);
  lines.push(line);
  return lines;
}

function newLine(): HTMLElement {
  const line = document.createElement('span');
  line.className = 'code-line';
  return line;
}

/** The text inside spans carrying the classes of its enclosing tokens, outermost first. */
function wrap(text: string, classes: readonly string[]): Node {
  let node: Node = document.createTextNode(text);
  for (let i = classes.length - 1; i >= 0; i--) {
    const span = document.createElement('span');
    span.className = classes[i];
    span.appendChild(node);
    node = span;
  }
  return node;
}

function markOf(node: Node): HTMLElement {
  const mark = document.createElement('mark');
  mark.appendChild(node);
  return mark;
}
