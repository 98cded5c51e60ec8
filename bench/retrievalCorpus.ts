// The docstring-to-code benchmark's data: documented functions from open-source packages under
// node_modules, copied with their doc comments blanked; each query is the first sentence of one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Chunk } from '../protocol/engine';
import { analyzeFile } from '../daemon/engine/parse/analyzeFile';
import { languageForPath } from '../daemon/engine/parse/languages';
import { CORPUS_DIR, REPO_ROOT } from './corpus';

/** Reserved for acceptance testing: never part of our own benchmark. */
const RESERVED = new Set(['requests', 'click', 'ramda', 'remeda', 'cobra']);
const CODE_FILE = /\.(c|m)?(j|t)s$/;
const MAX_TARGETS_PER_PACKAGE = 12;

export interface Target {
  query: string;
  path: string;
  name: string;
  /** Line of the definition's signature in the corpus copy. */
  line: number;
}

export interface RetrievalCorpus {
  root: string;
  targets: Target[];
  files: number;
}

const COMMENT_LINE = /^\s*(\/\*\*?|\*|\*\/|\/\/)/;

/** A deterministic shuffle, so every run measures the same targets. */
function seededShuffle<T>(items: T[], seed = 42): T[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function firstSentence(doc: string): string | null {
  const text = doc.split(/\n\s*@|\s@(param|returns?|example|see|throws)\b/)[0].replace(/\s+/g, ' ').trim();
  const sentence = text.split(/(?<=[.!?])\s/)[0].replace(/[.!?]$/, '').trim();
  const words = sentence.split(' ').filter((w) => /[a-z]/i.test(w));
  return words.length >= 4 && words.length <= 40 ? sentence : null;
}

function packageDirs(): { name: string; dir: string }[] {
  const nm = path.join(REPO_ROOT, 'node_modules');
  const out: { name: string; dir: string }[] = [];
  for (const entry of fs.readdirSync(nm)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@') ? fs.readdirSync(path.join(nm, entry)).map((e) => `${entry}/${e}`) : [entry];
    for (const name of dirs) if (!RESERVED.has(name.split('/').pop()!)) out.push({ name, dir: path.join(nm, name) });
  }
  return out;
}

function codeFiles(dir: string, limit = 400): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (out.length >= limit) return;
      const p = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p);
      else if (e.isFile() && CODE_FILE.test(e.name) && !/\.d\.(c|m)?ts$|\.min\.js$/.test(e.name) && fs.statSync(p).size < 300_000) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Builds (once) bench/.corpus/retrieval: the packages' code files, target doc comments blanked. */
export async function buildRetrievalCorpus(maxTargets = 500): Promise<RetrievalCorpus> {
  const root = path.join(CORPUS_DIR, 'retrieval');
  const manifest = `${root}.json`;
  if (fs.existsSync(manifest)) return JSON.parse(fs.readFileSync(manifest, 'utf8'));
  fs.rmSync(root, { recursive: true, force: true });
  const candidates: { pkg: string; rel: string; text: string; chunk: Chunk; query: string }[] = [];
  const files = new Map<string, string>();
  for (const { name, dir } of packageDirs()) {
    const perPackage: typeof candidates = [];
    for (const abs of codeFiles(dir)) {
      const rel = path.join(name.replace('/', '__'), path.relative(dir, abs)).split(path.sep).join('/');
      const text = fs.readFileSync(abs, 'utf8');
      if (text.split('\n').some((l) => l.length > 1000)) continue;
      files.set(rel, text);
      const analysis = await analyzeFile(rel, text, languageForPath(rel));
      for (const chunk of analysis.chunks) {
        if ((chunk.kind !== 'function' && chunk.kind !== 'method') || !chunk.docComment) continue;
        const query = firstSentence(chunk.docComment);
        if (query) perPackage.push({ pkg: name, rel, text, chunk, query });
      }
    }
    candidates.push(...seededShuffle(perPackage).slice(0, MAX_TARGETS_PER_PACKAGE));
  }
  const chosen = seededShuffle(candidates).slice(0, maxTargets);
  const blanked = new Map<string, string[]>();
  const targets: Target[] = [];
  for (const c of chosen) {
    const lines = blanked.get(c.rel) ?? c.text.split('\n');
    blanked.set(c.rel, lines);
    let sig = c.chunk.startLine - 1;
    while (sig < c.chunk.endLine - 1 && COMMENT_LINE.test(lines[sig])) sig++;
    for (let i = sig - 1; i >= 0 && COMMENT_LINE.test(lines[i]); i--) lines[i] = '';
    targets.push({ query: c.query, path: c.rel, name: c.chunk.name, line: sig + 1 });
  }
  for (const [rel, text] of files) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, blanked.get(rel)?.join('\n') ?? text);
  }
  const corpus: RetrievalCorpus = { root, targets, files: files.size };
  fs.writeFileSync(manifest, JSON.stringify(corpus));
  return corpus;
}

/** MRR@10 and Recall@1/10 of ranked answers against the targets. */
export function scoreRankings(ranks: (number | null)[]) {
  const n = ranks.length;
  const mrr = ranks.reduce<number>((sum, r) => sum + (r !== null && r <= 10 ? 1 / r : 0), 0) / n;
  const recallAt = (k: number) => ranks.filter((r) => r !== null && r <= k).length / n;
  return { n, mrr10: mrr, recall1: recallAt(1), recall10: recallAt(10) };
}
