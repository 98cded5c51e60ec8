// Speed of the workspace walk, the first step of every index refresh (a no-change refresh of
// 20,000 files must take under 2 s in total), and of the single-path filter used on file events.
// The corpus is a hard-linked copy of node_modules (real folder shapes, ~25,000 files, no data
// copied) with folders the scanner skips by default renamed so every file is walked.
// usage: npx tsx bench/scan.ts
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultDirSkip } from '../daemon/engine/scan/defaultSkips';
import { createPathFilter, scanWorkspace } from '../daemon/engine/scan/scanner';
import { fmt, REPO_ROOT } from './corpus';

const CORPUS = path.join(os.tmpdir(), 'mobius-bench-scan');
const RUNS = 5;

function buildCorpus(): void {
  const marker = `${CORPUS}.done`;
  if (fs.existsSync(marker)) return;
  fs.rmSync(CORPUS, { recursive: true, force: true });
  const copy = (src: string, dst: string) => {
    fs.mkdirSync(dst, { recursive: true });
    for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
      const from = path.join(src, entry.name);
      const to = path.join(dst, defaultDirSkip(entry.name) ? `${entry.name}_` : entry.name);
      if (entry.isDirectory()) copy(from, to);
      else if (entry.isFile()) fs.linkSync(from, to);
    }
  };
  copy(path.join(REPO_ROOT, 'node_modules'), CORPUS);
  fs.writeFileSync(marker, '');
}

async function main(): Promise<void> {
  buildCorpus();
  const times: number[] = [];
  let result = await scanWorkspace(CORPUS);
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    result = await scanWorkspace(CORPUS);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)];
  const skipped: Record<string, number> = {};
  for (const s of result.skipped) skipped[s.reason] = (skipped[s.reason] ?? 0) + 1;
  console.log(`Corpus: ${CORPUS} (hard links to ${path.join(REPO_ROOT, 'node_modules')})`);
  console.log(`scanWorkspace: ${result.files.length} files listed, skipped ${JSON.stringify(skipped)}`);
  console.log(`  median ${fmt(median, 0)} ms, best ${fmt(times[0], 0)} ms of ${RUNS} warm runs = ${fmt(result.files.length / (median / 1000), 0)} files/s`);
  console.log(`  per 20,000 files: ${fmt((median * 20000) / result.files.length, 0)} ms`);

  const relPaths = result.files.map((f) => f.relPath);
  const filter = createPathFilter(CORPUS);
  for (const pass of ['first pass (reads the ignore files)', 'second pass']) {
    const start = performance.now();
    for (const rel of relPaths) filter(rel);
    const ms = performance.now() - start;
    console.log(`createPathFilter, ${pass}: ${fmt((ms * 1000) / relPaths.length, 1)} µs per path (${relPaths.length} paths)`);
  }
  const rss = process.memoryUsage().rss / 1e6;
  console.log(`RSS after the runs: ${fmt(rss, 0)} MB`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
