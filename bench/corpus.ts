// Builds benchmark corpora from the real open-source code installed under node_modules,
// so every figure is measured on code people wrote, with no download.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const CORPUS_DIR = path.join(REPO_ROOT, 'bench', '.corpus');

/** Folder names the scanner skips by default; renamed in the copy so their code is measured too. */
const RENAME = new Map([['node_modules', 'nm'], ['dist', 'dist_'], ['build', 'build_'], ['out', 'out_'], ['vendor', 'vendor_'], ['target', 'target_'], ['coverage', 'coverage_']]);

export interface Corpus {
  root: string;
  files: number;
  bytes: number;
}

/**
 * Copies up to `maxBytes` of files from node_modules into bench/.corpus/<name> (once; reused after).
 * Every file is copied as it is, binary and huge ones included: skipping them is the indexer's job.
 */
export function buildNodeModulesCorpus(name: string, maxBytes: number): Corpus {
  const root = path.join(CORPUS_DIR, name);
  const marker = `${root}.json`;
  if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8'));
  fs.rmSync(root, { recursive: true, force: true });
  const corpus: Corpus = { root, files: 0, bytes: 0 };
  const walk = (src: string, dst: string) => {
    for (const entry of fs.readdirSync(src, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (corpus.bytes >= maxBytes) return;
      const from = path.join(src, entry.name);
      const to = path.join(dst, RENAME.get(entry.name) ?? entry.name);
      if (entry.isDirectory()) walk(from, to);
      else if (entry.isFile()) {
        fs.mkdirSync(dst, { recursive: true });
        fs.copyFileSync(from, to);
        corpus.files++;
        corpus.bytes += fs.statSync(to).size;
      }
    }
  };
  walk(path.join(REPO_ROOT, 'node_modules'), root);
  fs.writeFileSync(marker, JSON.stringify(corpus));
  return corpus;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function fmt(n: number, digits = 1): string {
  return n.toFixed(digits);
}
