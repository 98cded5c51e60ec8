// The daemon measured through its own protocol, as the extension uses it: a JSON-RPC client
// (vscode-jsonrpc over stdio) drives the built dist/daemon.js on real code copied from
// node_modules. Prints: change-to-searchable latency for an unsaved edit (didChange) and a file
// changed on disk (didChangeWatchedFiles), search and context round trips, and the daemon's RSS
// idle and while indexing.
// usage: npm run build && npx tsx bench/daemon.ts [corpus MB, default 40]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { DaemonProcess, fileUri } from '../test/integration/daemon/daemonProcess';
import { buildNodeModulesCorpus, fmt, percentile } from './corpus';

const CORPUS_MB = Number(process.argv[2] ?? 40);
const EDITS = 50;
const DISK_CHANGES = 30;
const SEARCHES = 300;
const CONTEXTS = 30;
const GOAL_MS = 100;
const QUERIES = [
  'parse options', 'error handler', 'read file sync', 'buffer from string', 'stream pipe', 'request timeout',
  'json schema validate', 'token', 'cache get set', 'retry backoff', 'resolve path', 'emit event listener',
  'encode utf8', 'deprecated', 'async iterator', 'normalize url', 'compare version', 'glob match',
];

const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 0);

/**
 * A distinctive one-word identifier per probe (`qzxabvwk`): polling for it costs a cheap search, so
 * the latency measured is the update's, not that of a broad query (reported separately below).
 */
function probeName(i: number): string {
  return `qzx${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}vwk`;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

/** Samples the daemon's RSS every `everyMs` until `until` settles. */
async function sampleRss<T>(daemon: DaemonProcess, until: Promise<T>, everyMs = 100): Promise<{ result: T; peak: number; mean: number }> {
  const samples: number[] = [];
  let done = false;
  const result = until.finally(() => (done = true));
  while (!done) {
    samples.push(daemon.rssBytes());
    await Promise.race([result, new Promise((r) => setTimeout(r, everyMs))]);
  }
  return { result: await result, peak: Math.max(...samples), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

async function idleRss(daemon: DaemonProcess): Promise<number> {
  await new Promise((r) => setTimeout(r, 2_000));
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    samples.push(daemon.rssBytes());
    await new Promise((r) => setTimeout(r, 100));
  }
  return stats(samples).p50;
}

/** Time from sending `change` to the first search that finds `name`. */
async function timeToSearchable(daemon: DaemonProcess, name: string, change: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await change();
  for (;;) {
    const { hits } = await daemon.search(name, { limit: 5 });
    if (hits.some((h) => h.name === name)) return performance.now() - started;
    if (performance.now() - started > 10_000) throw new Error(`${name} was not searchable after 10 s`);
  }
}

function sourceFiles(root: string, max: number): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (found.length >= max) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.includes('.min.')) {
        const size = fs.statSync(full).size;
        if (size > 500 && size < 50_000) found.push(full);
      }
    }
  };
  walk(root);
  return found;
}

async function main(): Promise<void> {
  const corpus = buildNodeModulesCorpus(`daemon-${CORPUS_MB}mb`, CORPUS_MB * 1024 * 1024);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-bench-daemon-'));
  const originals = new Map<string, Buffer>();
  try {
    console.log(`Daemon benchmark: ${corpus.files} files, ${fmt(corpus.bytes / 1e6)} MB of node_modules code, ${os.cpus().length} CPUs, Node ${process.version}`);

    const { daemon: empty } = await DaemonProcess.start({ folders: [], mobiusHome: home });
    await empty.waitUntilReady();
    const emptyRss = await idleRss(empty);
    await empty.stop();

    const started = performance.now();
    // Debug logging reports how long each update took inside the daemon.
    const { daemon } = await DaemonProcess.start({ folders: [corpus.root], mobiusHome: home, settings: { logLevel: 'debug' } });
    const indexing = await sampleRss(daemon, daemon.waitUntilReady(600_000));
    const indexMs = performance.now() - started;
    const ready = indexing.result;
    const readyRss = await idleRss(daemon);

    const files = sourceFiles(corpus.root, EDITS + DISK_CHANGES);
    const editLatency: number[] = [];
    for (const [i, file] of files.slice(0, EDITS).entries()) {
      const text = fs.readFileSync(file, 'utf8');
      await daemon.open(file, text, 'typescript');
      // Opening indexes the buffer at once; an edit inside the next update interval would wait for its end.
      await new Promise((r) => setTimeout(r, 200));
      const name = probeName(i);
      editLatency.push(await timeToSearchable(daemon, name, () => daemon.change(file, `${text}\nfunction ${name}() { return ${i}; }\n`)));
      await daemon.close(file);
    }

    // The same kind of change written to disk (and undone afterwards: the corpus is shared).
    const diskLatency: number[] = [];
    for (const [i, file] of files.slice(EDITS).entries()) {
      const original = fs.readFileSync(file);
      originals.set(file, original);
      const name = probeName(EDITS + i);
      fs.writeFileSync(file, `${original.toString('utf8')}\nfunction ${name}() { return ${i}; }\n`);
      diskLatency.push(await timeToSearchable(daemon, name, () => daemon.filesChanged([{ uri: fileUri(file), type: FileChangeType.Changed }])));
    }

    const updateMs = (source: string) => daemon.logs
      .map((line) => new RegExp(`^Updated .+ from ${source} in (\\d+) ms\\.$`).exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]));
    const bufferUpdates = updateMs('the editor');
    const diskUpdates = updateMs('disk');

    const roundTrips: number[] = [];
    const inDaemon: number[] = [];
    for (let i = 0; i < SEARCHES; i++) {
      const t = performance.now();
      const response = await daemon.search(QUERIES[i % QUERIES.length], { limit: 20 });
      roundTrips.push(performance.now() - t);
      inDaemon.push(response.tookMs);
    }
    const contexts: number[] = [];
    for (let i = 0; i < CONTEXTS; i++) {
      const t = performance.now();
      await daemon.context({ query: QUERIES[i % QUERIES.length], budget: 8000 });
      contexts.push(performance.now() - t);
    }
    await daemon.stop();

    const row = (label: string, s: ReturnType<typeof stats>, goal?: number) =>
      console.log(`  ${label.padEnd(44)} p50 ${fmt(s.p50, 1).padStart(7)} ms   p95 ${fmt(s.p95, 1).padStart(7)} ms   max ${fmt(s.max, 1).padStart(7)} ms${goal ? `   goal < ${goal} ms: ${s.p95 < goal ? 'met' : 'NOT met'} (p95)` : ''}`);
    console.log(`\nInitial index: ${ready.files} files, ${ready.chunks} chunks in ${fmt(indexMs / 1000, 1)} s (spawn to ready)`);
    console.log('\nChange to searchable (notification sent -> first search that finds it):');
    row(`unsaved edit, didChange (${editLatency.length} files)`, stats(editLatency), GOAL_MS);
    row(`file on disk, didChangeWatchedFiles (${diskLatency.length})`, stats(diskLatency), GOAL_MS);
    console.log('  (each includes one search round trip of polling; the update itself, inside the daemon:)');
    row(`  buffer update (${bufferUpdates.length}, opens included)`, stats(bufferUpdates));
    row(`  disk update (${diskUpdates.length}, closes included)`, stats(diskUpdates));
    console.log('\nRound trips (client -> daemon -> client):');
    row(`mobius/search, limit 20 (${SEARCHES})`, stats(roundTrips));
    row('  of which inside the daemon', stats(inDaemon));
    row(`mobius/context, budget 8000 (${CONTEXTS})`, stats(contexts));
    console.log('\nDaemon RSS:');
    console.log(`  idle, no folder                             ${mb(emptyRss)} MB`);
    console.log(`  during the initial index                    peak ${mb(indexing.peak)} MB, mean ${mb(indexing.mean)} MB`);
    console.log(`  idle, index open                            ${mb(readyRss)} MB`);
  } finally {
    for (const [file, content] of originals) fs.writeFileSync(file, content);
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
