// Team sync benchmark: bytes uploaded and time for a first sync, a teammate's sync of the same
// commit, and a one-file change, on a git repository of thousands of real source files (packages
// copied from node_modules and committed), against the real server, PostgreSQL and Redis here.
// usage: npx tsx bench/sync.ts [--files 8000]  (source files copied; build output and minified files are not indexed)
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { Engine } from '../daemon/engine/engine';
import { syncFolder, type SyncReport } from '../daemon/sync/folderSync';
import { TeamClient } from '../daemon/sync/teamClient';
import { startServer, type RunningServer } from '../server/main';
import { BENCH_ADMIN, benchServerConfig, createBenchDatabase } from './benchServer';
import { commitAll, runGit } from '../test/support/gitRepo';

const args = process.argv.slice(2);
const FILES = Number(args[args.indexOf('--files') + 1] || 8000) || 8000;
const SOURCE_EXTENSIONS = /\.(js|cjs|mjs|ts|md)$/;

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Copies whole packages from node_modules until about `count` source files, then commits them. */
function buildRepository(dir: string, count: number): { files: number; bytes: number } {
  const modules = path.join(__dirname, '..', 'node_modules');
  let files = 0;
  let bytes = 0;
  for (const name of fs.readdirSync(modules).sort()) {
    if (files >= count || name.startsWith('.')) continue;
    const from = path.join(modules, name);
    const packages = name.startsWith('@') ? fs.readdirSync(from).map((n) => path.join(from, n)) : [from];
    for (const pkg of packages) {
      for (const rel of fs.readdirSync(pkg, { recursive: true, encoding: 'utf8' })) {
        const abs = path.join(pkg, rel);
        if (rel.split(path.sep).includes('node_modules') || !SOURCE_EXTENSIONS.test(rel) || !fs.statSync(abs).isFile()) continue;
        const target = path.join(dir, path.relative(modules, pkg), rel);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(abs, target);
        files++;
        bytes += fs.statSync(abs).size;
      }
    }
  }
  commitAll(dir, 'vendored packages', '2026-01-01T10:00:00Z');
  return { files, bytes };
}

async function api(server: RunningServer, route: string, token: string | null, body: unknown): Promise<any> {
  const res = await fetch(`${server.url}/api/v1${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function member(server: RunningServer, adminToken: string, projectId: string, owner: string | null): Promise<{ key: string; email: string }> {
  const email = `member-${randomBytes(3).toString('hex')}@example.com`;
  await api(server, '/users', adminToken, { email, password: 'member-password-1' });
  const token = (await api(server, '/auth/login', null, { email, password: 'member-password-1' })).accessToken;
  if (owner) await api(server, `/projects/${projectId}/members`, owner, { email, role: 'writer' });
  return { key: (await api(server, '/api-keys', token, { name: 'bench' })).key, email };
}

async function syncOnce(label: string, root: string, dbPath: string, server: RunningServer, key: string, projectId: string): Promise<SyncReport> {
  const engine = await Engine.open({ root, dbPath });
  try {
    const indexed = await engine.index();
    const report = await syncFolder({ view: engine.syncView(), client: new TeamClient({ serverUrl: server.url, apiKey: key }), projectId, include: [] });
    console.log(
      `  ${label.padEnd(28)}${fmt(report.files, 0).padStart(7)}${fmt(report.filesUploaded, 0).padStart(10)}${fmt(report.chunksUploaded, 0).padStart(10)}` +
        `${fmt(report.bytesSent / 1024).padStart(13)}${String(report.requests).padStart(10)}${fmt(report.durationMs / 1000, 2).padStart(9)} s   (index ${fmt(indexed.durationMs / 1000, 1)} s, not counted)`,
    );
    return report;
  } finally {
    await engine.close();
  }
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-bench-sync-'));
  const database = await createBenchDatabase();
  let server: RunningServer | undefined;
  try {
    const alice = path.join(work, 'alice');
    fs.mkdirSync(alice);
    const corpus = buildRepository(alice, FILES);
    const bob = path.join(work, 'bob');
    runGit(work, ['clone', '-q', alice, bob]);
    console.log(`Team sync benchmark: a git repository of ${fmt(corpus.files, 0)} source files (${fmt(corpus.bytes / 1e6)} MB, packages from node_modules), ${os.availableParallelism()} cores`);

    server = await startServer(benchServerConfig(database.url), { logger: pino({ level: 'silent' }), version: 'bench' });
    const adminToken = (await api(server, '/auth/login', null, BENCH_ADMIN)).accessToken;
    const owner = await member(server, adminToken, '', null);
    const ownerToken = (await api(server, '/auth/login', null, { email: owner.email, password: 'member-password-1' })).accessToken;
    const project = await api(server, '/projects', ownerToken, { name: 'bench' });
    const teammate = await member(server, adminToken, project.id, ownerToken);

    console.log(`\n  ${'sync'.padEnd(28)}${'files'.padStart(7)}${'uploaded'.padStart(10)}${'chunks'.padStart(10)}${'KiB sent'.padStart(13)}${'requests'.padStart(10)}${'time'.padStart(11)}`);
    const first = await syncOnce('first sync (alice)', alice, path.join(work, 'alice.sqlite'), server, owner.key, project.id);
    const same = await syncOnce("teammate, same commit (bob)", bob, path.join(work, 'bob.sqlite'), server, teammate.key, project.id);
    const changed = fs
      .readdirSync(bob, { recursive: true, encoding: 'utf8' })
      .find((f) => f.endsWith('.js') && !f.startsWith('.git') && fs.statSync(path.join(bob, f)).isFile())!;
    fs.appendFileSync(path.join(bob, changed), '\nfunction benchmarkOneFileChange() {\n  return 1;\n}\n');
    commitAll(bob, 'one change', '2026-01-02T10:00:00Z');
    const oneFile = await syncOnce('one-file change (bob)', bob, path.join(work, 'bob.sqlite'), server, teammate.key, project.id);

    const pct = (a: number, b: number) => fmt((100 * a) / Math.max(1, b), 2);
    console.log(`\nTeammate sync of the same commit: ${pct(same.bytesSent, first.bytesSent)}% of the first sync's bytes, ${pct(same.durationMs, first.durationMs)}% of its time (goal: under 5% of both).`);
    console.log(`One-file change: ${pct(oneFile.bytesSent, first.bytesSent)}% of the first sync's bytes, ${pct(oneFile.durationMs, first.durationMs)}% of its time; ${oneFile.filesUploaded} file uploaded.`);
  } finally {
    await server?.close();
    await database.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
