// Docstring-to-code retrieval quality of keyword search.
// usage: npx tsx bench/retrieval.ts
import * as fs from 'node:fs';
import { Engine } from '../daemon/engine/engine';
import { fmt } from './corpus';
import { buildRetrievalCorpus, scoreRankings, type Target } from './retrievalCorpus';

/** 1-based rank of the target among the results, or null when it is not in them. */
export function rankOf(results: { path: string; startLine: number; endLine: number }[], target: Target): number | null {
  const i = results.findIndex((r) => r.path === target.path && r.startLine <= target.line && r.endLine >= target.line);
  return i < 0 ? null : i + 1;
}

async function main() {
  const corpus = await buildRetrievalCorpus();
  const dbPath = `${corpus.root}.sqlite`;
  for (const s of ['', '-wal', '-shm']) fs.rmSync(dbPath + s, { force: true });
  const engine = await Engine.open({ root: corpus.root, dbPath });
  const summary = await engine.index();
  const ranks = corpus.targets.map((t) => rankOf(engine.search(t.query, { limit: 10 }), t));
  const s = scoreRankings(ranks);
  console.log(`Docstring-to-code retrieval: ${s.n} queries over ${summary.files} files / ${summary.chunks} chunks (packages under node_modules)`);
  console.log(`  keyword (BM25): MRR@10 ${fmt(s.mrr10, 3)}, Recall@1 ${fmt(s.recall1, 3)}, Recall@10 ${fmt(s.recall10, 3)}`);
  await engine.close();
}

if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
