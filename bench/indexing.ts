// Indexing and query benchmark on real code (copies of the packages under node_modules).
// usage: npx tsx bench/indexing.ts            (prints a table of figures; takes a few minutes)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildNodeModulesCorpus, CORPUS_DIR, fmt, REPO_ROOT, type Corpus } from './corpus';

function step(mode: 'index' | 'query', corpus: Corpus, db: string) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bench', 'indexChild.ts'), mode, corpus.root, db], {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function indexFigures(label: string, corpus: Corpus) {
  const db = path.join(CORPUS_DIR, `${path.basename(corpus.root)}.sqlite`);
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
  const cold = step('index', corpus, db);
  const warm = step('index', corpus, db);
  const s = cold.summary;
  const secs = cold.wallMs / 1000;
  console.log(`\n${label}: ${corpus.files} files, ${fmt(corpus.bytes / 1e6)} MB copied from node_modules`);
  console.log(`  cold index:  ${fmt(secs, 2)} s, ${s.files} files indexed (${fmt(s.bytes / 1e6)} MB read), ${s.chunks} chunks`);
  console.log(`               ${fmt(s.bytes / 1e6 / secs, 2)} MB/s, ${fmt(s.files / secs, 0)} files/s, ${fmt(s.chunks / secs, 0)} chunks/s, peak RSS ${fmt(cold.maxRssMB, 0)} MB`);
  console.log(`               skipped: ${JSON.stringify(s.skipped)}`);
  console.log(`  no-change refresh: ${fmt(warm.wallMs, 0)} ms for ${warm.summary.files} files (peak RSS ${fmt(warm.maxRssMB, 0)} MB)`);
  return db;
}

const mb = (n: number) => n * 1024 * 1024;
const small = buildNodeModulesCorpus('nm-100mb', mb(100));
indexFigures('100 MB corpus', small);
const full = buildNodeModulesCorpus('nm-all', mb(2048));
const db = indexFigures('Whole node_modules corpus', full);
const q = step('query', full, db);
console.log(`\nQuery latency (in-process, ${q.chunks} chunks, ${q.queries} queries): p50 ${fmt(q.p50Ms, 2)} ms, p95 ${fmt(q.p95Ms, 2)} ms, p99 ${fmt(q.p99Ms, 2)} ms, max ${fmt(q.maxMs, 2)} ms`);
