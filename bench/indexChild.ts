// One measured step of the indexing benchmark, in a fresh process so peak RSS is its own.
// usage: tsx bench/indexChild.ts <index|query> <root> <db>
import BetterSqlite3 from 'better-sqlite3';
import { Engine } from '../daemon/engine/engine';
import { percentile } from './corpus';

async function main() {
  const [mode, root, dbPath] = process.argv.slice(2);
  const engine = await Engine.open({ root, dbPath });
  const started = performance.now();
  if (mode === 'index') {
    const summary = await engine.index();
    const wallMs = performance.now() - started;
    print({ summary, wallMs, maxRssMB: process.resourceUsage().maxRSS / 1024 });
  } else {
    print(measureQueries(engine, dbPath));
  }
  await engine.close();
}

/** Queries people type: exact identifiers, split identifiers, and phrases from doc comments. */
function measureQueries(engine: Engine, dbPath: string) {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  const chunks = (db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
  const names = (db.prepare("SELECT name FROM chunks WHERE kind IN ('function','method','class') AND length(name) > 5 ORDER BY random() LIMIT 150").all() as { name: string }[]).map((r) => r.name);
  const docs = (db.prepare("SELECT doc FROM chunks WHERE length(doc) > 40 ORDER BY random() LIMIT 150").all() as { doc: string }[])
    .map((r) => r.doc.replace(/[^A-Za-z ]+/g, ' ').trim().split(/\s+/).slice(0, 6).join(' '));
  const queries = [...names, ...names.map((n) => n.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()), ...docs];
  db.close();
  for (const q of queries.slice(0, 20)) engine.search(q);
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    engine.search(q, { limit: 10 });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { chunks, queries: queries.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), p99Ms: percentile(times, 99), maxMs: times[times.length - 1] };
}

function print(value: unknown) {
  process.stdout.write(JSON.stringify(value) + '\n');
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n');
  process.exit(1);
});
