// Throughput of the parse-and-chunk stage on one thread, against web-tree-sitter's bare parse of
// the same files, so the cost the chunker adds on top of parsing is visible.
//
//   npx tsx bench/parse.ts [ROOT] [MAX_MB]     (defaults: node_modules, 50)
//
// Corpus: the .ts/.js/.py files under ROOT in path order, skipping what the indexer skips
// (over 1 MiB, *.min.js, minified lines), until MAX_MB is reached.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeFile } from '../daemon/engine/parse/analyzeFile';
import { rulesFor } from '../daemon/engine/parse/languageRules';
import { languageForPath } from '../daemon/engine/parse/languages';
import { loadGrammar, parseSource } from '../daemon/engine/parse/parser';

const root = path.resolve(process.argv[2] ?? 'node_modules');
const maxBytes = Number(process.argv[3] ?? 50) * 1024 * 1024;
const EXTENSIONS = new Set(['.ts', '.js', '.py']);
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_LINE_CHARS = 1000;

interface SourceFile {
  relPath: string;
  content: string;
}

function collectCorpus(): SourceFile[] {
  const files: SourceFile[] = [];
  let total = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (total >= maxBytes) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name)) && !entry.name.endsWith('.min.js')) {
        if (statSync(full).size > MAX_FILE_BYTES) continue;
        const content = readFileSync(full, 'utf8');
        if (content.split('\n').some((line) => line.length > MAX_LINE_CHARS)) continue;
        files.push({ relPath: path.relative(root, full), content });
        total += Buffer.byteLength(content);
      }
    }
  };
  visit(root);
  return files;
}

interface Totals {
  seconds: number;
  cpuSeconds: number;
}

const elapsed = (startedAt: bigint): number => Number(process.hrtime.bigint() - startedAt) / 1e9;
const cpuSince = (before: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
};

async function main(): Promise<void> {
  const files = collectCorpus();
  const bytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
  const megabytes = bytes / 1e6;
  console.log(`corpus: ${files.length} files, ${megabytes.toFixed(1)} MB of .ts/.js/.py under ${root}`);
  for (const language of ['typescript', 'javascript', 'python'] as const) await loadGrammar(rulesFor(language)!.grammar);

  // Each file is parsed bare and then analyzed, back to back, so both see the same machine load
  // (these machines are shared); CPU time is reported beside wall time for the same reason.
  const parseOnly: Totals = { seconds: 0, cpuSeconds: 0 };
  const analysis: Totals = { seconds: 0, cpuSeconds: 0 };
  let chunks = 0;
  let failed = 0;
  for (const file of files) {
    const language = languageForPath(file.relPath);
    const grammar = await loadGrammar(rulesFor(language)!.grammar);
    let cpu = process.cpuUsage();
    let started = process.hrtime.bigint();
    (await parseSource(grammar, file.content)).delete();
    parseOnly.seconds += elapsed(started);
    parseOnly.cpuSeconds += cpuSince(cpu);

    cpu = process.cpuUsage();
    started = process.hrtime.bigint();
    const result = await analyzeFile(file.relPath, file.content, language);
    analysis.seconds += elapsed(started);
    analysis.cpuSeconds += cpuSince(cpu);
    chunks += result.chunks.length;
    if (result.parseFailed) failed++;
  }

  const report = (label: string, totals: Totals, extra = ''): void =>
    console.log(
      `${label.padEnd(26)} ${(megabytes / totals.seconds).toFixed(2).padStart(6)} MB/s` +
        `  ${(files.length / totals.seconds).toFixed(0).padStart(6)} files/s${extra}` +
        `  (${totals.seconds.toFixed(1)} s wall; ${(megabytes / totals.cpuSeconds).toFixed(2)} MB/s per CPU-second)`,
    );
  report('tree-sitter parse only', parseOnly);
  report('analyzeFile (parse+chunk)', analysis, `  ${(chunks / analysis.seconds).toFixed(0).padStart(6)} chunks/s`);
  const overhead = (key: keyof Totals): string => `${((100 * (analysis[key] - parseOnly[key])) / parseOnly[key]).toFixed(0)}%`;
  console.log(`chunking on top of parsing: +${overhead('seconds')} wall, +${overhead('cpuSeconds')} CPU`);
  console.log(`${chunks} chunks; ${failed} files fell back to line windows`);
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
