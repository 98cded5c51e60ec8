// Vector search figures: exact-scan latency by size (which sets the exact/HNSW threshold), HNSW
// build time, latency and recall@10 against exact at 100,000 (and, with --million, 1,000,000)
// vectors. Clustered synthetic unit vectors stand in for code embeddings.
//
// Then: does background embedding (the pipeline and the vector index on the embedding thread,
// against the fake embeddings server in a child process) ever hold the main thread's event loop
// long enough to delay a keyword query > 5 ms? Compared with a control: the same run in another
// process while this one idles, which is what the machine alone does to an idle loop.
//
//   npx tsx bench/vectors.ts [--dims 384] [--million] [--queries 200] [--only exact|hnsw|event-loop|event-loop-384|event-loop-1536]
import { execFile, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { createEmbeddingProvider } from '../daemon/engine/embed/createEmbeddingProvider';
import type { EmbeddingProvider } from '../daemon/engine/embed/embeddingProvider';
import { EmbeddingThread } from '../daemon/engine/embed/embeddingThread';
import { MIGRATIONS } from '../daemon/engine/index/migrations';
import { openDatabase } from '../daemon/engine/index/openDatabase';
import { createHash } from 'node:crypto';
import { ExactIndex } from '../daemon/engine/vectors/exactIndex';
import { DEFAULT_HNSW_PARAMETERS, HnswIndex } from '../daemon/engine/vectors/hnswIndex';
import { DEFAULT_EXACT_MAX_FLOATS } from '../daemon/engine/vectors/vectorSearch';
import { clusteredVectors, row } from '../test/support/clusteredVectors';
import { fakeEmbedding } from '../test/support/fakeEmbeddingServer';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const D = option('dims', 384);
const QUERIES = option('queries', 200);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function timeQueries(run: (q: number) => void, count: number): { p50: number; p99: number } {
  for (let q = 0; q < Math.min(5, count); q++) run(q);
  const times: number[] = [];
  for (let q = 0; q < count; q++) {
    const start = performance.now();
    run(q);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

/** Vectors and held-out queries drawn around the same cluster centres. */
function dataset(count: number, queries: number, dims: number) {
  const all = clusteredVectors(count + queries, dims, 17, Math.round(Math.sqrt(count)));
  return { data: all.subarray(0, count * dims), queries: all.subarray(count * dims) };
}

function exactScanTable(): void {
  console.log(`\n## Exact scan (JS, contiguous Float32Array), p50/p99 over ${Math.min(QUERIES, 100)} queries`);
  console.log('| vectors | dims | floats | p50 | p99 |');
  console.log('|---|---|---|---|---|');
  const sizes: [number, number][] = [
    [2_000, 384], [5_000, 384], [10_000, 384], [25_000, 384], [50_000, 384], [100_000, 384],
    [2_500, 1536], [5_000, 1536], [25_000, 1536],
  ];
  for (const [count, dims] of sizes) {
    const { data, queries } = dataset(count, 100, dims);
    const exact = new ExactIndex(dims, count);
    for (let i = 0; i < count; i++) exact.add(i, row(data, i, dims));
    const t = timeQueries((q) => exact.search(row(queries, q % 100, dims), 10), Math.min(QUERIES, 100));
    console.log(`| ${count.toLocaleString('en')} | ${dims} | ${(count * dims / 1e6).toFixed(1)}M | ${ms(t.p50)} | ${ms(t.p99)} |`);
  }
  console.log(`Threshold in use: exact while vectors x dims <= ${(DEFAULT_EXACT_MAX_FLOATS / 1e6).toFixed(1)}M floats, HNSW above.`);
}

function hnswAt(count: number): void {
  console.log(`\n## HNSW at ${count.toLocaleString('en')} x ${D} (M=${DEFAULT_HNSW_PARAMETERS.m}, efConstruction=${DEFAULT_HNSW_PARAMETERS.efConstruction}, efSearch=${DEFAULT_HNSW_PARAMETERS.efSearch})`);
  let start = performance.now();
  const { data, queries } = dataset(count, QUERIES, D);
  console.log(`data generated in ${((performance.now() - start) / 1000).toFixed(1)} s`);

  const exact = new ExactIndex(D, count);
  for (let i = 0; i < count; i++) exact.add(i, row(data, i, D));
  const exactTimes = timeQueries((q) => exact.search(row(queries, q, D), 10), Math.min(QUERIES, count >= 1_000_000 ? 30 : QUERIES));
  console.log(`exact: p50 ${ms(exactTimes.p50)}, p99 ${ms(exactTimes.p99)}`);

  start = performance.now();
  const hnsw = HnswIndex.create(D, count);
  let lastReport = start;
  for (let i = 0; i < count; i++) {
    hnsw.add(i, row(data, i, D));
    if (performance.now() - lastReport > 60_000) {
      lastReport = performance.now();
      const rate = (i + 1) / ((lastReport - start) / 1000);
      console.log(`  building: ${(i + 1).toLocaleString('en')} added, ${rate.toFixed(0)}/s, ~${((count - i - 1) / rate / 60).toFixed(1)} min left`);
    }
  }
  const buildSeconds = (performance.now() - start) / 1000;
  console.log(`build: ${buildSeconds.toFixed(1)} s (${(count / buildSeconds).toFixed(0)} vectors/s, one core)`);

  const hnswTimes = timeQueries((q) => hnsw.search(row(queries, q, D), 10), QUERIES);
  console.log(`hnsw:  p50 ${ms(hnswTimes.p50)}, p99 ${ms(hnswTimes.p99)}`);

  const recallQueries = Math.min(QUERIES, count >= 1_000_000 ? 50 : QUERIES);
  let found = 0;
  for (let q = 0; q < recallQueries; q++) {
    const truth = new Set(exact.search(row(queries, q, D), 10).map((h) => h.label));
    found += hnsw.search(row(queries, q, D), 10).filter((h) => truth.has(h.label)).length;
  }
  console.log(`recall@10 vs exact: ${(found / (recallQueries * 10)).toFixed(3)} over ${recallQueries} queries`);
  const rss = process.memoryUsage().rss / 2 ** 20;
  console.log(`RSS: ${rss.toFixed(0)} MB`);
}

interface CodeChunk {
  hash: string;
  path: string;
  qualifiedName: string;
  content: string;
}

/** Real code from node_modules cut into 40-line chunks. */
function codeChunks(count: number): CodeChunk[] {
  const chunks: CodeChunk[] = [];
  const seen = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (chunks.length >= count) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        const lines = fs.readFileSync(full, 'utf8').split('\n');
        for (let at = 0; at < lines.length && chunks.length < count; at += 40) {
          const content = lines.slice(at, at + 40).join('\n');
          const hash = createHash('sha256').update(content).digest('hex');
          if (content.trim() === '' || seen.has(hash)) continue;
          seen.add(hash);
          const rel = path.relative('node_modules', full);
          chunks.push({ hash, path: rel, qualifiedName: `${path.basename(rel)}:${at + 1}`, content });
        }
      }
    }
  };
  walk(path.resolve(__dirname, '..', 'node_modules'));
  return chunks;
}

/** Writes the chunks into the index database's chunk tables, as an index run would. */
function storeChunks(db: ReturnType<typeof openDatabase>, chunks: readonly CodeChunk[]): void {
  const content = db.prepare('INSERT OR IGNORE INTO contents (hash, content) VALUES (?, ?)');
  const chunk = db.prepare(`INSERT INTO chunks (path, hash, language, kind, name, qualified_name, signature, doc, start_line, end_line, complexity)
    VALUES (?, ?, 'javascript', 'block', ?, ?, '', '', 1, 40, NULL)`);
  db.transaction(() => {
    for (const c of chunks) {
      content.run(c.hash, c.content);
      chunk.run(c.path, c.hash, c.qualifiedName, c.qualifiedName);
    }
  })();
}

async function startServerProcess(dimensions: number): Promise<{ url: string; stop: () => void }> {
  const child = fork(path.resolve(__dirname, '..', 'test', 'support', 'fakeEmbeddingServerProcess.ts'), [JSON.stringify({ dimensions })], {
    execArgv: ['--require', 'tsx/cjs'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`fake embeddings server exited with ${code}`)));
  });
  return { url, stop: () => child.disconnect() };
}

async function eventLoopUnderEmbedding(label: string, chunkCount: number, dims: number, settings: Record<string, unknown>): Promise<void> {
  const server = await startServerProcess(dims);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-bench-embed-'));
  const db = openDatabase(path.join(dir, 'index.db'), MIGRATIONS);
  const thread = EmbeddingThread.open(path.join(dir, 'index.db'));
  try {
    const config = { provider: 'openai-compatible' as const, baseUrl: server.url, model: 'fake-code-embedder', dimensions: dims, ...settings };
    const provider = (await createEmbeddingProvider(config, { env: {} })) as EmbeddingProvider;
    const chunks = codeChunks(chunkCount);
    storeChunks(db, chunks);
    db.pragma('wal_checkpoint(TRUNCATE)');
    // An untouched copy for the control run below.
    fs.copyFileSync(path.join(dir, 'index.db'), path.join(dir, 'control.db'));
    await thread.openVectors({ providerId: provider.id, dimensions: dims, indexPath: path.join(dir, 'index.db.hnsw') });

    // The same probes with nothing else running first: on shared cores the machine itself delays
    // an idle process, and that baseline is what the figures under load should be read against.
    const baseline = await probeEventLoop(() => new Promise((resolve) => setTimeout(resolve, 5000)));
    // A vector query every 50 ms meanwhile: the thread answers them between the run's steps.
    const queryMs: number[] = [];
    const query = fakeEmbedding('retry the request with backoff', dims);
    const querying = setInterval(() => {
      const sent = performance.now();
      void thread.search(query, 10).then(() => queryMs.push(performance.now() - sent));
    }, 50);
    const start = performance.now();
    // As the daemon runs it: the pipeline and the vector index on the embedding thread.
    const loaded = await probeEventLoop(() => thread.run({ config, env: {} }).finally(() => clearInterval(querying)));
    const seconds = (performance.now() - start) / 1000;
    const done = loaded.result;
    const index = thread.vectors;
    queryMs.sort((x, y) => x - y);
    console.log(`\n## Event loop while embedding: ${label}`);
    console.log(`${done.done.toLocaleString('en')} chunks in ${seconds.toFixed(1)} s (${(done.done / seconds).toFixed(0)}/s), ${done.calls} requests, redacted ${done.redacted}, skipped ${done.skipped}, vector index: ${index?.kind} (${index?.size})`);
    console.log(`idle baseline (5 s): ${baseline.summary}`);
    console.log(`while embedding:     ${loaded.summary}`);
    console.log(`vector queries answered by the embedding thread meanwhile: ${queryMs.length}, p50 ${ms(percentile(queryMs, 50))}, p99 ${ms(percentile(queryMs, 99))}, max ${ms(queryMs.at(-1) ?? 0)}`);
    const idleMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      const sent = performance.now();
      await thread.search(fakeEmbedding(`query ${i} about retries and backoff`, dims), 10);
      idleMs.push(performance.now() - sent);
    }
    idleMs.sort((x, y) => x - y);
    console.log(`and once the run is over (200 in a row, message round trip included): p50 ${ms(percentile(idleMs, 50))}, p99 ${ms(percentile(idleMs, 99))}`);

    // Control: the same run in another process. This process runs nothing then, so how late its
    // probes are is what the machine alone does to an idle loop under that much work.
    const control = await probeEventLoop(
      () =>
        new Promise<void>((resolve, reject) =>
          execFile(
            process.execPath,
            ['--import', 'tsx', path.join(__dirname, 'embeddingLoad.ts'), path.join(dir, 'control.db'), JSON.stringify(config), provider.id, String(dims)],
            (err) => (err ? reject(err) : resolve()),
          ),
        ),
    );
    console.log(`control, the same run in another process: ${control.summary}`);
  } finally {
    await thread.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    server.stop();
  }
}

/** Milliseconds the main thread has waited on the run queue (Linux schedstat), or null elsewhere. */
function runQueueWaitMs(): number | null {
  try {
    return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return null;
  }
}

/**
 * Runs `work` while a stand-in keyword query fires every 10 ms: how late each starts is how long it
 * waited on the event loop. On shared cores part of that is the OS running other threads, not our
 * code: the main thread's run-queue wait over each interval (schedstat) is subtracted for the
 * "own" figure. What remains still holds the machine's own stalls; the control run (the same work
 * in another process) shows how many.
 */
async function probeEventLoop<T>(work: () => Promise<T>): Promise<{ result: T; summary: string }> {
  const lateness: number[] = [];
  const own: number[] = [];
  let expected = performance.now() + 10;
  let waitBefore = runQueueWaitMs();
  const probe = setInterval(() => {
    const now = performance.now();
    const late = Math.max(0, now - expected);
    const wait = runQueueWaitMs();
    lateness.push(late);
    own.push(Math.max(0, late - (wait !== null && waitBefore !== null ? wait - waitBefore : 0)));
    waitBefore = wait;
    expected = now + 10;
  }, 10);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // Garbage collection pauses the thread whatever it runs: counted apart, so a stall can be told from our own code.
  const gcPauses: number[] = [];
  const gc = new PerformanceObserver((list) => gcPauses.push(...list.getEntries().map((e) => e.duration)));
  gc.observe({ entryTypes: ['gc'] });
  let result: T;
  try {
    result = await work();
  } finally {
    histogram.disable();
    gc.disconnect();
    clearInterval(probe);
  }
  const describe = (values: number[]) => {
    values.sort((a, b) => a - b);
    const late = values.filter((x) => x > 5).length;
    return `p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, p99.9 ${ms(percentile(values, 99.9))}, max ${ms(values[values.length - 1] ?? 0)}, ${late} of ${values.length} > 5 ms (${((100 * late) / Math.max(1, values.length)).toFixed(1)}%)`;
  };
  const summary =
    `\n    probe lateness: ${describe(lateness)}` +
    `\n    less run-queue wait (own): ${describe(own)}` +
    `\n    loop delay max ${ms(histogram.max / 1e6)}; load average ${os.loadavg()[0]?.toFixed(1)}` +
    `\n    GC: ${gcPauses.length} pauses, ${gcPauses.filter((d) => d > 5).length} over 5 ms, longest ${ms(Math.max(0, ...gcPauses))}`;
  return { result, summary };
}

async function main(): Promise<void> {
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  console.log(`# bench/vectors.ts (node ${process.version}, dims ${D}, ${os.cpus().length} cores)`);
  if (!only || only === 'exact') exactScanTable();
  if (!only || only === 'hnsw') {
    hnswAt(100_000);
    if (flag('million')) hnswAt(1_000_000);
  }
  if (!only || only === 'event-loop' || only === 'event-loop-384') {
    await eventLoopUnderEmbedding('local server defaults (384 dims, float JSON, batches of 32)', 20_000, 384, {});
  }
  if (!only || only === 'event-loop' || only === 'event-loop-1536') {
    await eventLoopUnderEmbedding('OpenAI defaults (1536 dims, base64, batches of 128, 4 in flight)', 10_000, 1536, {
      encodingFormat: 'base64', batchSize: 128, concurrency: 4, maxBatchTokens: 300_000,
    });
  }
}

void main();
