// Docstring-to-code retrieval quality of keyword search, vector search and their fusion.
// usage: npx tsx bench/retrieval-hybrid.ts [--dims 256] [--fresh]   (--fresh: embed everything again)
//
// The only embedding provider that runs on this machine is the test suite's fake OpenAI-compatible
// server: its vectors are hashed bags of identifier-split words, not a learned model. The figures
// say how the wiring and the fusion behave with a weak, keyword-like vector signal; a real model
// brings meaning the fake cannot.
import * as fs from 'node:fs';
import { Engine } from '../daemon/engine/engine';
import type { FusionWeights } from '../daemon/engine/semantic/hybridSearch';
import { DEFAULT_FUSION_WEIGHTS } from '../daemon/engine/semantic/hybridSearch';
import { fuseRankings } from '../daemon/engine/search/hybrid';
import { FakeEmbeddingServer } from '../test/support/fakeEmbeddingServer';
import { fmt } from './corpus';
import { rankOf } from './retrieval';
import { buildRetrievalCorpus, scoreRankings, type RetrievalCorpus, type Target } from './retrievalCorpus';

const dimsArg = process.argv.indexOf('--dims');
const DIMS = dimsArg > 0 ? Number(process.argv[dimsArg + 1]) : 256;
/** Ranks taken from each list: as many as the engine's hybrid search takes for 10 results. */
const DEPTH = 50;

/** Weightings tried offline on the recorded rankings, to choose the engine's default. */
const GRID: Partial<FusionWeights>[] = [10, 30, 60].flatMap((k) => [1, 1.5, 2, 3, 4, 6, 8].map((keywordWeight) => ({ k, keywordWeight, vectorWeight: 1 })));
/** Vectors alone: keyword ranks and the exact-identifier bonus weigh nothing. */
const VECTORS_ALONE: Partial<FusionWeights> = { keywordWeight: 0, vectorWeight: 1, exactIdentifierBoost: 0 };

type Score = ReturnType<typeof scoreRankings>;
type Embeddings = Engine['config']['embeddings'];

function line(label: string, s: Score): string {
  return `  ${label.padEnd(46)} MRR@10 ${fmt(s.mrr10, 3)}, Recall@1 ${fmt(s.recall1, 3)}, Recall@10 ${fmt(s.recall10, 3)}`;
}

const idOf = (r: { path: string; startLine: number; endLine: number }) => `${r.path}:${r.startLine}-${r.endLine}`;

function spanOf(id: string) {
  const m = /^(.*):(\d+)-(\d+)$/.exec(id) as RegExpExecArray;
  return { path: m[1] as string, startLine: Number(m[2]), endLine: Number(m[3]) };
}

/** Runs every target through an engine's searchHybrid with the given fusion weights. */
async function withHybrid<T>(corpus: RetrievalCorpus, dbPath: string, embeddings: Embeddings, fusion: Partial<FusionWeights>, each: (engine: Engine, target: Target) => Promise<T>): Promise<T[]> {
  const engine = await Engine.open({ root: corpus.root, dbPath, config: { embeddings, fusion } });
  try {
    await engine.waitForEmbeddings();
    const out: T[] = [];
    for (const t of corpus.targets) out.push(await each(engine, t));
    const fallback = engine.status().embeddings?.lastQueryError;
    if (fallback) throw new Error(`A query fell back to keyword results: ${fallback}`);
    return out;
  } finally {
    await engine.close();
  }
}

async function main() {
  const corpus = await buildRetrievalCorpus();
  const dbPath = `${corpus.root}-hybrid.sqlite`;
  if (process.argv.includes('--fresh')) for (const s of ['', '-wal', '-shm', '.hnsw', '.hnsw.json']) fs.rmSync(dbPath + s, { force: true });
  const server = await FakeEmbeddingServer.start({ dimensions: DIMS });
  const embeddings: Embeddings = {
    provider: 'openai-compatible', baseUrl: server.url, model: 'fake-bag-of-words', dimensions: DIMS,
    batchSize: 128, maxBatchTokens: 100_000, concurrency: 2,
  };
  try {
    const engine = await Engine.open({ root: corpus.root, dbPath, config: { embeddings } });
    const summary = await engine.index();
    const started = Date.now();
    const progress = await engine.waitForEmbeddings();
    const embedSeconds = (Date.now() - started) / 1000;
    const keywordLists = corpus.targets.map((t) => engine.search(t.query, { limit: DEPTH }).map(idOf));
    const vectorKind = engine.status().embeddings?.vectorIndex;
    await engine.close();

    console.log(`Docstring-to-code retrieval: ${corpus.targets.length} queries over ${summary.files} files / ${summary.chunks} chunks`);
    console.log(`Provider: the fake OpenAI-compatible server (${DIMS} dimensions). Its vectors are hashed bags of`);
    console.log('identifier-split words, not a learned model: the only provider that runs here.');
    console.log(`Embedding run: ${progress?.done}/${progress?.total} chunks in ${embedSeconds.toFixed(1)} s, ` +
      `${progress?.calls} calls, ${progress?.callsSaved} from cache, ${progress?.redacted} redacted, ${progress?.skipped} skipped; vector index: ${vectorKind}`);

    const rankIn = (ids: string[], t: Target) => rankOf(ids.slice(0, 10).map(spanOf), t);
    const keyword = scoreRankings(corpus.targets.map((t, i) => rankIn(keywordLists[i] as string[], t)));
    const vectorLists = await withHybrid(corpus, dbPath, embeddings, VECTORS_ALONE, async (e, t) => (await e.searchHybrid(t.query, { limit: DEPTH })).map(idOf));
    console.log(line('keyword (BM25), engine.search', keyword));
    console.log(line('vectors alone, engine.searchHybrid', scoreRankings(corpus.targets.map((t, i) => rankIn(vectorLists[i] as string[], t)))));

    console.log('Weighted RRF on the recorded top-50 lists (no exact-identifier bonus), to choose weights:');
    for (const weights of GRID) {
      const w = { ...DEFAULT_FUSION_WEIGHTS, ...weights };
      const ranks = corpus.targets.map((t, i) => rankIn(fuseRankings(keywordLists[i] as string[], vectorLists[i] as string[], { k: w.k, keywordWeight: w.keywordWeight, vectorWeight: w.vectorWeight }).map((h) => h.id), t));
      console.log(line(`  k=${w.k} keyword ${w.keywordWeight} : vector ${w.vectorWeight}`, scoreRankings(ranks)));
    }
    const hybrid = await withHybrid(corpus, dbPath, embeddings, {}, async (e, t) => rankOf(await e.searchHybrid(t.query, { limit: 10 }), t));
    const d = DEFAULT_FUSION_WEIGHTS;
    console.log(line(`hybrid, engine.searchHybrid default (k=${d.k}, ${d.keywordWeight}:${d.vectorWeight})`, scoreRankings(hybrid)));
  } finally {
    await server.close();
  }
}

if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
