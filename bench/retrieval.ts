// Docstring-to-code retrieval quality of keyword search.
// usage: npx tsx bench/retrieval.ts
import * as fs from 'node:fs';
import { Engine } from '../daemon/engine/engine';
import { fmt } from './corpus';
import { buildRetrievalCorpus, scoreRankings, type Target } from './retrievalCorpus';

type Ranked = { path: string; startLine: number; endLine: number; name: string };

/** 1-based rank of the target among the results, or null when it is not in them. */
export function rankOf(results: Omit<Ranked, 'name'>[], target: Target): number | null {
  const i = results.findIndex((r) => r.path === target.path && r.startLine <= target.line && r.endLine >= target.line);
  return i < 0 ? null : i + 1;
}

/**
 * Packages under node_modules ship the same function several times (CommonJS, ESM and browser
 * builds; lodash's per-method packages). This rank also accepts a definition of the same name in
 * another build of the same package family: the code a user would be happy to find.
 */
export function rankOfAnyBuild(results: Ranked[], target: Target): number | null {
  const family = (p: string) => p.split('/')[0].split('.')[0];
  const i = results.findIndex((r) => (r.path === target.path && r.startLine <= target.line && r.endLine >= target.line) || (r.name === target.name && family(r.path) === family(target.path)));
  return i < 0 ? null : i + 1;
}

async function main() {
  const corpus = await buildRetrievalCorpus();
  const dbPath = `${corpus.root}.sqlite`;
  for (const s of ['', '-wal', '-shm']) fs.rmSync(dbPath + s, { force: true });
  const engine = await Engine.open({ root: corpus.root, dbPath });
  const summary = await engine.index();
  const answers = corpus.targets.map((t) => engine.search(t.query, { limit: 10 }));
  const strict = scoreRankings(answers.map((a, i) => rankOf(a, corpus.targets[i])));
  const anyBuild = scoreRankings(answers.map((a, i) => rankOfAnyBuild(a, corpus.targets[i])));
  console.log(`Docstring-to-code retrieval: ${strict.n} queries over ${summary.files} files / ${summary.chunks} chunks (packages under node_modules)`);
  console.log(`  keyword (BM25), exact file:        MRR@10 ${fmt(strict.mrr10, 3)}, Recall@1 ${fmt(strict.recall1, 3)}, Recall@10 ${fmt(strict.recall10, 3)}`);
  console.log(`  keyword (BM25), any build of it:   MRR@10 ${fmt(anyBuild.mrr10, 3)}, Recall@1 ${fmt(anyBuild.recall1, 3)}, Recall@10 ${fmt(anyBuild.recall10, 3)}`);
  await engine.close();
}

if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
