// Speed of the search-term analyzer (it runs over every chunk at index time, in the parse workers)
// and of query building, on real source files installed under node_modules.
// usage: npx tsx bench/terms.ts [MEGABYTES]   (default 4)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, buildFtsQuery, identifierCandidates } from '../daemon/engine/search/terms';
import { fmt, percentile, REPO_ROOT } from './corpus';

const SOURCE_EXTENSIONS = new Set(['.ts', '.js', '.mjs', '.cjs', '.py', '.go', '.rs', '.java', '.c', '.h', '.cc', '.md']);
const MAX_FILE_BYTES = 256 * 1024;
/** Bytes taken from each package, so the corpus mixes many authors' styles. */
const PER_PACKAGE_BYTES = 96 * 1024;

/** Source files from many packages, in a fixed order, until `maxBytes` of text is collected. */
function collectSources(maxBytes: number): { texts: string[]; bytes: number; packages: number } {
  const texts: string[] = [];
  let bytes = 0;
  let packages = 0;
  const sorted = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  const takeFrom = (dir: string, budget: { left: number }) => {
    for (const entry of sorted(dir)) {
      if (budget.left <= 0 || bytes >= maxBytes) return;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') takeFrom(abs, budget);
      else if (entry.isFile() && SOURCE_EXTENSIONS.has(path.extname(entry.name)) && !entry.name.includes('.min.')) {
        const size = fs.statSync(abs).size;
        if (size > MAX_FILE_BYTES) continue;
        texts.push(fs.readFileSync(abs, 'utf8'));
        bytes += size;
        budget.left -= size;
      }
    }
  };
  const modules = path.join(REPO_ROOT, 'node_modules');
  const packageDirs = sorted(modules).flatMap((entry) =>
    entry.name.startsWith('@') ? sorted(path.join(modules, entry.name)).map((e) => path.join(modules, entry.name, e.name)) : [path.join(modules, entry.name)],
  );
  for (const dir of packageDirs) {
    if (bytes >= maxBytes) break;
    if (!fs.statSync(dir).isDirectory()) continue;
    const before = bytes;
    takeFrom(dir, { left: PER_PACKAGE_BYTES });
    if (bytes > before) packages++;
  }
  return { texts, bytes, packages };
}

function timeAnalyze(texts: string[]): { ms: number; outChars: number } {
  const start = performance.now();
  let outChars = 0;
  for (const text of texts) outChars += analyzeText(text).length;
  return { ms: performance.now() - start, outChars };
}

const megabytes = Number(process.argv[2] ?? 4);
const { texts, bytes, packages } = collectSources(megabytes * 1024 * 1024);
const chars = texts.reduce((sum, t) => sum + t.length, 0);
console.log(`Corpus: ${texts.length} source files, ${fmt(bytes / 1e6, 2)} MB (${chars} chars) from ${packages} packages under node_modules`);

const cold = timeAnalyze(texts);
console.log(`analyzeText, first pass (empty term cache): ${fmt(cold.ms, 0)} ms = ${fmt(chars / cold.ms / 1000, 2)} M chars/s, ${fmt(bytes / 1e6 / (cold.ms / 1000), 2)} MB/s`);
const warmRuns = [1, 2, 3].map(() => timeAnalyze(texts).ms).sort((a, b) => a - b);
const warm = warmRuns[1];
console.log(`analyzeText, later passes (median of 3):    ${fmt(warm, 0)} ms = ${fmt(chars / warm / 1000, 2)} M chars/s, ${fmt(bytes / 1e6 / (warm / 1000), 2)} MB/s`);
console.log(`Stored terms: ${fmt(cold.outChars / chars, 2)} chars per source char`);

const queries = [
  'where are retries configured', 'parseConfig', 'parse config file', 'HTTPServer listen', 'get_dict',
  'how does the tokenizer handle unicode', 'max-retries', 'Config.load', 'createServer options timeout',
  'read json file and validate schema',
];
const latencies: number[] = [];
for (let round = 0; round < 2000; round++) {
  for (const query of queries) {
    const start = performance.now();
    buildFtsQuery(query);
    identifierCandidates(query);
    latencies.push(performance.now() - start);
  }
}
latencies.sort((a, b) => a - b);
console.log(`buildFtsQuery + identifierCandidates: p50 ${fmt(percentile(latencies, 50) * 1000, 1)} µs, p99 ${fmt(percentile(latencies, 99) * 1000, 1)} µs per query (${latencies.length} queries)`);
