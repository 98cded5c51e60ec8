// Team server benchmark: ingest throughput into a project of 100,000 chunks, HNSW build time,
// then search under load from a second process (autocannon, 50 connections) against the real
// server, PostgreSQL + pgvector and Redis of this machine.
// usage: npx tsx bench/server-search.ts [--chunks 100000] [--seconds 20] [--connections 50] [--keep]
import { execFile } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { createLogger } from '../server/logger';
import { startServer, type RunningServer } from '../server/main';
import { BENCH_ADMIN, benchServerConfig, createBenchDatabase } from './benchServer';
import { ClusteredVectors, generateFiles, queries, type CorpusFile } from './serverCorpus';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CHUNKS = option('chunks', 100_000);
const SECONDS = option('seconds', 20);
const CONNECTIONS = option('connections', 50);
const FUNCTIONS_PER_FILE = 20;
const FILES_PER_REQUEST = 100;
const VECTOR_FILES_PER_REQUEST = 50;
const DIMENSION = 384;
const MODEL = 'bench-384';

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const seconds = (since: number) => (performance.now() - since) / 1000;

async function api(base: string, method: string, route: string, auth: string | null, body?: unknown): Promise<any> {
  const res = await fetch(`${base}/api/v1${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** The server as deployed: info-level JSON access logs, written to /dev/null so they cost what they cost. */
function start(databaseUrl: string, cacheSeconds: number): Promise<RunningServer> {
  const config = benchServerConfig(databaseUrl, {
    MAX_BODY_BYTES: String(64 * 1024 * 1024),
    SEARCH_CACHE_TTL_SECONDS: String(cacheSeconds),
    DB_POOL_MAX: '20',
  });
  return startServer(config, { logger: createLogger('info', pino.destination('/dev/null')), version: 'bench' });
}

interface LoadResult {
  requests: number;
  reqPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

interface LoadPlan {
  method: 'GET' | 'POST';
  path: string;
  bodies?: object[];
}

const searchPlan = (bodies: object[]): LoadPlan => ({ method: 'POST', path: '/api/v1/search', bodies });

/** Runs the load generator in its own process (asynchronously: this process serves the requests). */
async function load(server: { url: string }, key: string, plan: LoadPlan, duration: number, workDir: string): Promise<LoadResult> {
  const file = path.join(workDir, `plan-${randomBytes(3).toString('hex')}.json`);
  fs.writeFileSync(file, JSON.stringify(plan));
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'serverLoad.ts'), server.url, key, file, String(CONNECTIONS), String(duration)],
      { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Express with one JSON route and no middleware, in this process: the least any request of ours can cost here. */
async function bareExpress(): Promise<{ url: string; server: http.Server }> {
  const app = express();
  app.get('/api/v1/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function main(): Promise<void> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-bench-'));
  const database = await createBenchDatabase();
  const dbUrl = database.url;
  const db = new Client(dbUrl);
  let server: RunningServer | undefined;
  try {
    await db.connect();
    console.log(`Mobius server benchmark: ${fmt(CHUNKS, 0)} chunks, ${os.availableParallelism()} cores, PostgreSQL + pgvector and Redis on this machine`);

    server = await start(dbUrl, 0);
    const token = (await api(server.url, 'POST', '/auth/login', null, BENCH_ADMIN)).accessToken;
    const project = await api(server.url, 'POST', '/projects', token, { name: 'bench' });
    const key = (await api(server.url, 'POST', '/api-keys', token, { name: 'bench' })).key;

    // --- ingest: parse, chunk, store, index (no vectors) ---------------------------------------
    const files = generateFiles(Math.ceil(CHUNKS / FUNCTIONS_PER_FILE), FUNCTIONS_PER_FILE);
    const bytes = files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0);
    let started = performance.now();
    let contexts = 0;
    for (let i = 0; i < files.length; i += FILES_PER_REQUEST) {
      const result = await api(server.url, 'POST', `/projects/${project.id}/contexts`, key, { files: files.slice(i, i + FILES_PER_REQUEST) });
      if (result.errors.length) throw new Error(`ingest reported errors, e.g. ${JSON.stringify(result.errors[0])}`);
      contexts += result.contexts;
    }
    const ingestSeconds = seconds(started);
    console.log(`\nIngest (API, ${FILES_PER_REQUEST} files per request, parse + chunk + write + FTS index):`);
    console.log(`  ${fmt(files.length, 0)} files, ${fmt(bytes / 1e6)} MB, ${fmt(contexts, 0)} chunks in ${fmt(ingestSeconds)} s: ${fmt(contexts / ingestSeconds, 0)} chunks/s, ${fmt(bytes / 1e6 / ingestSeconds, 2)} MB/s`);

    // --- vectors: bulk upload without the index, build it, then incremental inserts --------------
    const { rows } = await db.query<{ path: string; hashes: string[] }>('SELECT path, array_agg(chunk_hash) AS hashes FROM contexts GROUP BY path');
    const hashesByPath = new Map(rows.map((r) => [r.path, r.hashes]));
    const vectors = new ClusteredVectors(DIMENSION, 256);
    const uploadVectors = async (batch: CorpusFile[]) => {
      let stored = 0;
      for (let i = 0; i < batch.length; i += VECTOR_FILES_PER_REQUEST) {
        const slice = batch.slice(i, i + VECTOR_FILES_PER_REQUEST);
        const map: Record<string, number[]> = {};
        for (const f of slice) for (const h of hashesByPath.get(f.path) ?? []) map[h] = vectors.forHash(h);
        stored += (await api(server!.url, 'POST', `/projects/${project.id}/contexts`, key, { files: slice, embeddings: { model: MODEL, vectors: map } })).vectorsStored;
      }
      return stored;
    };
    const tail = Math.floor(files.length * 0.95);
    await db.query('DROP INDEX embeddings_hnsw_384');
    started = performance.now();
    const bulk = await uploadVectors(files.slice(0, tail));
    const bulkSeconds = seconds(started);
    started = performance.now();
    await db.query(`SET maintenance_work_mem = '1GB'`);
    await db.query(`CREATE INDEX embeddings_hnsw_384 ON embeddings USING hnsw ((vector::vector(${DIMENSION})) vector_cosine_ops) WHERE dimension = ${DIMENSION}`);
    const buildSeconds = seconds(started);
    started = performance.now();
    const incremental = await uploadVectors(files.slice(tail));
    const incrementalSeconds = seconds(started);
    await db.query('ANALYZE');
    console.log(`\nVectors (${DIMENSION} dimensions, through the API):`);
    console.log(`  bulk upload without the HNSW index: ${fmt(bulk, 0)} vectors in ${fmt(bulkSeconds)} s (${fmt(bulk / bulkSeconds, 0)} vectors/s)`);
    console.log(`  HNSW build (m=16, ef_construction=64, maintenance_work_mem=1GB): ${fmt(buildSeconds)} s for ${fmt(bulk, 0)} vectors`);
    console.log(`  upload into the existing index: ${fmt(incremental, 0)} vectors in ${fmt(incrementalSeconds)} s (${fmt(incremental / incrementalSeconds, 0)} vectors/s)`);

    // --- recall of the filtered HNSW search against an exact scan ------------------------------
    const sample = [...hashesByPath.values()].flat().filter((_, i) => i % 997 === 0).slice(0, 50);
    let overlap = 0;
    for (const h of sample) {
      const q = `[${vectors.forHash(h.split('').reverse().join('')).join(',')}]`;
      const search = `SELECT e.chunk_hash FROM embeddings e WHERE e.dimension = ${DIMENSION} AND e.model = $2
        AND EXISTS (SELECT 1 FROM project_embeddings pe WHERE pe.project_id = $3 AND pe.model = $2 AND pe.chunk_hash = e.chunk_hash)
        ORDER BY (e.vector::vector(${DIMENSION}) <=> $1::vector(${DIMENSION})) LIMIT 10`;
      await db.query(`SET hnsw.iterative_scan = relaxed_order; SET hnsw.ef_search = 100`);
      const approx = (await db.query(search, [q, MODEL, project.id])).rows.map((r) => r.chunk_hash);
      await db.query('SET enable_indexscan = off');
      const exact = new Set((await db.query(search, [q, MODEL, project.id])).rows.map((r) => r.chunk_hash));
      await db.query('SET enable_indexscan = on');
      overlap += approx.filter((x) => exact.has(x)).length;
    }
    console.log(`  recall@10 of the HNSW search vs an exact scan: ${fmt((overlap / (sample.length * 10)) * 100)} % (${sample.length} queries)`);

    // --- search under load ---------------------------------------------------------------------
    const texts = queries(500);
    const queryVectors = texts.map((_, i) => vectors.forHash(randomBytes(4).toString('hex') + String(i)));
    const scenarios: [string, object[]][] = [
      ['keyword (full-text)', texts.map((query) => ({ query, projectId: project.id, mode: 'keyword' }))],
      ['vector (HNSW)', queryVectors.map((vector) => ({ vector, model: MODEL, projectId: project.id, mode: 'vector' }))],
      ['hybrid (both + RRF)', texts.map((query, i) => ({ query, vector: queryVectors[i], model: MODEL, projectId: project.id }))],
    ];
    console.log(`\nSearch under load: autocannon in a second process, ${CONNECTIONS} connections, ${SECONDS} s each, limit 10, API key auth`);
    console.log('  scenario                         req/s     p50 ms   p90 ms   p99 ms   errors  non-2xx');
    const row = (label: string, r: LoadResult) =>
      console.log(`  ${label.padEnd(30)} ${fmt(r.reqPerSec, 0).padStart(7)} ${fmt(r.p50, 0).padStart(9)} ${fmt(r.p90, 0).padStart(8)} ${fmt(r.p99, 0).padStart(8)} ${String(r.errors + r.timeouts).padStart(8)} ${String(r.non2xx).padStart(8)}`);
    await load(server, key, searchPlan(scenarios[0][1]), 5, workDir);
    // What this machine gives any request under the same load: express with no middleware at
    // all, then our HTTP stack alone (request ids and logs, security headers, CORS, compression),
    // then with API-key auth and rate limits, then one PostgreSQL and one Redis round trip.
    // Search cannot be faster than these floors.
    const bare = await bareExpress();
    try {
      row('floor: bare express, one route', await load(bare, key, { method: 'GET', path: '/api/v1/health' }, SECONDS, workDir));
    } finally {
      bare.server.close();
    }
    row('floor: GET /health', await load(server, key, { method: 'GET', path: '/api/v1/health' }, SECONDS, workDir));
    row('floor: GET /auth/me (API key)', await load(server, key, { method: 'GET', path: '/api/v1/auth/me' }, SECONDS, workDir));
    row('floor: GET /health/ready', await load(server, key, { method: 'GET', path: '/api/v1/health/ready' }, SECONDS, workDir));
    for (const [label, bodies] of scenarios) row(`${label}, no cache`, await load(server, key, searchPlan(bodies), SECONDS, workDir));

    await server.close();
    server = await start(dbUrl, 300);
    const hybrid = scenarios[2][1].slice(0, 200);
    await load(server, key, searchPlan(hybrid), 3, workDir);
    row('hybrid, Redis cache warm', await load(server, key, searchPlan(hybrid), SECONDS, workDir));
    console.log(`\nCommand: npx tsx bench/server-search.ts --chunks ${CHUNKS} --seconds ${SECONDS} --connections ${CONNECTIONS}`);
  } finally {
    await server?.close();
    await db.end().catch(() => undefined);
    if (!args.includes('--keep')) await database.drop();
    else console.log(`kept database ${database.name}`);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
