// The daemon's team sync against the real team server (PostgreSQL, Redis) of this machine: two
// members sync one repository, branches, renames, secrets, a killed upload, a server restart.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { RemoteConsole } from 'vscode-languageserver/node';
import { Engine } from '../../../daemon/engine/engine';
import { FolderIndex } from '../../../daemon/server/folderIndex';
import { Logger } from '../../../daemon/server/logger';
import { FolderTeamSync } from '../../../daemon/server/teamSync';
import { FolderEntry, Workspace } from '../../../daemon/server/workspace';
import { syncFolder, type SyncReport } from '../../../daemon/sync/folderSync';
import { TeamClient } from '../../../daemon/sync/teamClient';
import { localVectorsOf } from '../../../daemon/sync/teamVectors';
import { FakeEmbeddingServer } from '../../support/fakeEmbeddingServer';
import { DEFAULT_SETTINGS } from '../../../protocol/lsp';
import { requireBuild, runCliAsync, startCli } from '../../support/cli';
import { cloneGitRepo, makeGitRepo, type GitRepo } from '../../support/gitRepo';
import {
  ADMIN, call, createProject, createTestDatabase, createUser, login, startTestServer, type TestDatabase,
} from '../server/harness';

const FILES = 60;
const AWS_KEY = 'AKIAZ7Q3LX5M2RPT4WNB';

function sourceFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < FILES; i++) {
    files[`src/module${i}.ts`] =
      `/** Computes the ledger balance number ${i}. */\nexport function ledgerBalance${i}(entries: number[]): number {\n` +
      `  let total = ${i};\n  for (const e of entries) total += e * ${i + 1};\n  return total;\n}\n\n` +
      `export class Account${i} {\n  constructor(readonly id: string) {}\n  describe(): string {\n    return 'account ${i} ' + this.id;\n  }\n}\n`;
  }
  files['src/settings.ts'] = `export const awsAccessKeyId = '${AWS_KEY}';\nexport function region(): string {\n  return 'eu-west-1';\n}\n`;
  return files;
}

async function apiKey(server: { url: string }, token: string): Promise<string> {
  const res = await call(server, 'POST', '/api-keys', { auth: token, body: { name: 'daemon' } });
  assert.equal(res.status, 201, res.text);
  return res.body.key as string;
}

interface Member {
  repo: GitRepo;
  engine: Engine;
  client: TeamClient;
  sync(extra?: Partial<Parameters<typeof syncFolder>[0]>): Promise<SyncReport>;
}

describe('team sync (daemon to the real team server)', function () {
  this.timeout(120_000);
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let db: TestDatabase;
  let projectId: string;
  let keys: { a: string; b: string };
  let tokenA: string;
  const members: Member[] = [];

  async function member(repo: GitRepo, key: string): Promise<Member> {
    const engine = await Engine.open({ root: repo.root, dbPath: repo.dbPath });
    await engine.index();
    const client = new TeamClient({ serverUrl: server.url, apiKey: key });
    const m: Member = { repo, engine, client, sync: (extra = {}) => syncFolder({ view: engine.syncView(), client, projectId, include: [], ...extra }) };
    members.push(m);
    return m;
  }

  before(async () => {
    db = await createTestDatabase();
    server = await startTestServer({}, {}, db);
    const admin = await login(server, ADMIN.email, ADMIN.password);
    const a = await createUser(server, admin);
    const b = await createUser(server, admin);
    tokenA = a.token;
    projectId = (await createProject(server, a.token)).id;
    const added = await call(server, 'POST', `/projects/${projectId}/members`, { auth: a.token, body: { email: b.email, role: 'writer' } });
    assert.equal(added.status, 201, added.text);
    keys = { a: await apiKey(server, a.token), b: await apiKey(server, b.token) };
  });

  after(async () => {
    for (const m of members) {
      await m.engine?.close();
      m.repo.cleanup();
    }
    await server?.stop();
    await db?.drop();
  });

  let alice: Member;
  let bob: Member;
  let firstSync: SyncReport;

  it('uploads a first sync in batches; a teammate on the same commit uploads no chunk content', async () => {
    const repo = makeGitRepo(sourceFiles());
    repo.commit('initial');
    alice = await member(repo, keys.a);
    firstSync = await alice.sync({ batchFiles: 16 });
    assert.equal(firstSync.ref, 'main');
    assert.equal(firstSync.files, FILES + 1);
    assert.equal(firstSync.filesUploaded, FILES + 1);
    assert.ok(firstSync.requests >= 1 + Math.ceil((FILES + 1) / 16), `batched: ${firstSync.requests} requests`);

    bob = await member(cloneGitRepo(repo), keys.b);
    const second = await bob.sync();
    assert.equal(second.files, FILES + 1);
    assert.equal(second.filesUploaded, 0);
    assert.equal(second.chunksUploaded, 0);
    // Only the manifest went up (bench/sync.ts measures the ratio on thousands of files).
    assert.equal(second.requests, 1);
    assert.ok(second.bytesSent < firstSync.bytesSent / 2, `teammate sent ${second.bytesSent} bytes vs ${firstSync.bytesSent}`);

    const again = await bob.sync();
    assert.equal(again.filesUploaded, 0, 'the same sync again changes nothing');
  });

  it('never uploads secret-looking values', async () => {
    assert.ok(firstSync.redacted >= 1, `redacted ${firstSync.redacted}`);
    const file = await alice.client.call('teamFile', { projectId }, undefined, { ref: 'main', path: 'src/settings.ts' });
    const text = file.chunks.map((c) => c.content).join('\n');
    assert.ok(!text.includes(AWS_KEY), 'the key never reached the server');
    assert.match(text, /\[REDACTED\]/);
    assert.match(text, /function region/);
  });

  it('a branch with three changed files uploads exactly three', async () => {
    bob.repo.git('checkout', '-q', '-b', 'feature/fast');
    for (const i of [1, 2, 3]) bob.repo.write(`src/module${i}.ts`, `export function fasterBalance${i}(): number {\n  return ${i * 7};\n}\n`);
    bob.repo.git('commit', '-qam', 'faster');
    await bob.engine.index();
    const report = await bob.sync();
    assert.equal(report.ref, 'feature/fast');
    assert.equal(report.filesUploaded, 3);
    const search = await bob.client.call('search', {}, { query: 'fasterBalance2', projectId, ref: 'feature/fast', mode: 'keyword' });
    assert.equal(search.results[0]?.path, 'src/module2.ts');
    const main = await bob.client.call('search', {}, { query: 'fasterBalance2', projectId, ref: 'main', mode: 'keyword' });
    assert.ok(main.results.every((r) => r.name !== 'fasterBalance2'), 'main is untouched by the branch');
    assert.ok(main.results.some((r) => r.name === 'ledgerBalance2'));
  });

  it('keeps uncommitted edits local, and applies a committed rename without uploading', async () => {
    alice.repo.write('src/module5.ts', 'export function draftOnlyHere(): number {\n  return 5;\n}\n');
    await alice.engine.index();
    const draft = await alice.sync();
    assert.equal(draft.filesUploaded, 0, 'the edited file is synced at its committed content');
    const found = await alice.client.call('search', {}, { query: 'draftOnlyHere', projectId, ref: 'main', mode: 'keyword' });
    assert.equal(found.results.length, 0);
    alice.repo.git('checkout', '--', 'src/module5.ts');

    alice.repo.git('mv', 'src/module7.ts', 'src/renamed7.ts');
    alice.repo.commit('rename');
    await alice.engine.index();
    const renamed = await alice.sync();
    assert.equal(renamed.filesUploaded, 0, 'known content moved: nothing to upload');
    const moved = await alice.client.call('teamFile', { projectId }, undefined, { ref: 'main', path: 'src/renamed7.ts' });
    assert.match(moved.chunks.map((c) => c.content).join('\n'), /ledgerBalance7/);
    await assert.rejects(alice.client.call('teamFile', { projectId }, undefined, { ref: 'main', path: 'src/module7.ts' }), /404|NOT_FOUND/);
  });

  it('syncs only the files mobius.team.syncInclude allows', async () => {
    const other = (await createProject(server, tokenA)).id;
    const report = await syncFolder({ view: alice.engine.syncView(), client: alice.client, projectId: other, include: ['src/module1*.ts'] });
    const allowed = alice.engine.syncView().catalog().filter((f) => /^src\/module1\d*\.ts$/.test(f.path)).length;
    assert.equal(report.files, allowed);
    assert.equal(report.notSynced, alice.engine.syncView().catalog().length - allowed);
    const listed = await alice.client.call('listContexts', { projectId: other }, undefined, { limit: '500' });
    assert.ok(listed.items.length > 0 && listed.items.every((c) => /^src\/module1\d*\.ts$/.test(c.path)), 'nothing outside the globs reached the server');
  });

  it('resumes an upload whose process was killed halfway', async () => {
    requireBuild();
    const repo = makeGitRepo(Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`lib/part${i}.py`, `def resumable_part_${i}(x):\n    """Part ${i}."""\n    return x * ${i}\n`])));
    repo.commit('parts');
    members.push({ repo } as Member);
    const env = { MOBIUS_SERVER_URL: server.url, MOBIUS_PROJECT_ID: projectId, MOBIUS_API_KEY: keys.a };
    const dbArgs = ['--db', path.join(path.dirname(repo.dbPath), 'cli.sqlite')];
    const first = startCli(['sync', repo.root, ...dbArgs, '--batch-files', '5'], env);
    await first.waitFor(/syncing: (1[0-9]|[2-7][0-9])\/8[0-9] files/);
    first.child.kill('SIGKILL');
    await first.exited;
    const rerun = await runCliAsync(['sync', repo.root, ...dbArgs, '--json'], env);
    assert.equal(rerun.status, 0, rerun.stderr);
    const report = JSON.parse(rerun.stdout) as SyncReport;
    assert.ok(report.filesUploaded > 0 && report.filesUploaded <= 70, `resumed with ${report.filesUploaded} of 80 files left`);
    const again = await runCliAsync(['sync', repo.root, ...dbArgs, '--json'], env);
    assert.equal((JSON.parse(again.stdout) as SyncReport).filesUploaded, 0);
  });

  it('uploads vectors with their chunks, and a fresh clone takes them instead of embedding again', async () => {
    const provider = await FakeEmbeddingServer.start({ dimensions: 64 });
    const embeddings = { provider: 'openai-compatible' as const, baseUrl: provider.url, model: 'fake-embed', dimensions: 64 };
    const repo = makeGitRepo(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`svc/handler${i}.go`, `package svc\n\n// Handles refund request ${i}.\nfunc HandleRefund${i}(amount int) int {\n\treturn amount - ${i}\n}\n`])));
    repo.commit('handlers');
    const clone = cloneGitRepo(repo);
    members.push({ repo } as Member, { repo: clone } as Member);
    const first = await Engine.open({ root: repo.root, dbPath: repo.dbPath, config: { embeddings } });
    const fresh = await Engine.open({ root: clone.root, dbPath: clone.dbPath, config: { embeddings } });
    try {
      await first.index();
      await first.waitForEmbeddings();
      const callsBefore = provider.requests.length;
      assert.ok(callsBefore > 0);
      const uploaded = await syncFolder({ view: first.syncView(), client: alice.client, projectId, include: [], localVectors: localVectorsOf((h) => first.storedVectors(h)) });
      // 24 chunks, 13 contents: every file starts with the same `package svc` chunk.
      assert.equal(uploaded.chunksUploaded, 24);
      assert.equal(uploaded.vectorsUploaded, 13, 'every content went up with its vector');

      fresh.setTeamVectors({ serverUrl: server.url, apiKey: keys.b, projectId });
      await fresh.index();
      const progress = await fresh.waitForEmbeddings();
      assert.equal(provider.requests.length, callsBefore, 'the clone made no embedding request');
      assert.equal(progress?.reused, uploaded.vectorsUploaded);
      const hits = await fresh.searchHybrid('handle refund request 7', { limit: 3 });
      assert.equal(hits[0]?.path, 'svc/handler7.go');
    } finally {
      await first.close();
      await fresh.close();
      await provider.close();
    }
  });

  it('rides out the server stopping and restarting: offline with one log line, then synced', async function () {
    const messages: { level: string; text: string }[] = [];
    const console = Object.fromEntries(['error', 'warn', 'info', 'log', 'debug'].map((level) => [level, (text: string) => messages.push({ level, text })]));
    const repo = makeGitRepo({ 'app/main.go': 'package main\n\nfunc restartSurvivor() int {\n\treturn 1\n}\n' });
    repo.commit('go');
    members.push({ repo } as Member);
    const identity = { uri: `file://${repo.root}`, name: 'app', root: repo.root };
    const folder = await FolderIndex.open(identity, {}, 'k', repo.dbPath);
    await folder.index(() => undefined);
    const port = Number(new URL(server.url).port);
    await server.stop();
    const sync = new FolderTeamSync(folder, new Logger(console as unknown as RemoteConsole), () => undefined);
    try {
      sync.configure({ ...DEFAULT_SETTINGS.team, serverUrl: server.url, projectId }, keys.a);
      await waitFor(() => sync.state.phase === 'offline', 10_000);
      // Meanwhile search answers from the local index and says why team results are missing.
      const workspace = new Workspace();
      const entry = new FolderEntry(identity, Promise.resolve(folder));
      entry.team = sync;
      workspace.add(entry);
      await entry.ready;
      const offline = await workspace.search({ query: 'restartSurvivor', scope: 'both' });
      assert.equal(offline.hits[0]?.path, 'app/main.go');
      assert.equal(offline.hits[0]?.origin, 'local');
      assert.match(offline.teamError ?? '', /Team search of app failed: Cannot reach the team server/);
      await new Promise((r) => setTimeout(r, 3_000));
      server = await startTestServer({ port }, {}, db);
      // No nudge: the backoff timer alone must bring it back.
      await waitFor(() => sync.state.phase === 'synced', 30_000);
      const warnings = messages.filter((m) => m.level === 'warn');
      assert.equal(warnings.length, 1, `one warning, not one per retry: ${JSON.stringify(messages)}`);
      assert.match(warnings[0].text, /Local search is unaffected/);
      const found = await call(server, 'POST', '/search', { auth: tokenA, body: { query: 'restartSurvivor', projectId, mode: 'keyword' } });
      assert.equal(found.body.results[0]?.path, 'app/main.go');
    } finally {
      await sync.dispose();
      await folder.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
