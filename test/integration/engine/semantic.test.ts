import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { EmbeddingConfig } from '../../../protocol/embeddings';
import { Engine } from '../../../daemon/engine/engine';
import { openDatabase } from '../../../daemon/engine/index/openDatabase';
import { DEFAULT_UPDATE_DEBOUNCE_MS, MIN_KEEP_UNUSED } from '../../../daemon/engine/semantic/semanticIndex';
import { requireBuild, runCli } from '../../support/cli';
import { FakeEmbeddingServer } from '../../support/fakeEmbeddingServer';
import { freePort } from '../../support/freePort';
import { CACHE_GO, RETRY_TS, LEDGER_PY } from '../../support/sampleSources';
import { makeTempRepo, type TempRepo } from '../../support/tempRepo';

// Python spells methods `def`, Go `func`, TypeScript `function`: the word "method" appears in no
// file these tests write. Only the embedded text (which starts with the chunk's kind) carries it, so a query
// for it can be answered by vectors alone.

// An AWS-style access key pair in source: the values must never reach the provider.
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLQ';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYZ';
const DEPLOY_TS = `export function deployBucket(region: string) {
  const accessKeyId = "${AWS_KEY_ID}";
  const secretAccessKey = "${AWS_SECRET}";
  return { region, accessKeyId, secretAccessKey };
}
`;

const FILES = { 'src/retry.ts': RETRY_TS, 'pkg/cache/cache.go': CACHE_GO, 'app/ledger.py': LEDGER_PY, 'src/deploy.ts': DEPLOY_TS };

function compatible(server: FakeEmbeddingServer, extra: Partial<EmbeddingConfig> = {}): EmbeddingConfig {
  return { provider: 'openai-compatible', baseUrl: server.url, model: 'fake-embed', dimensions: 256, ...extra };
}

describe('Engine: background embeddings and hybrid search', function () {
  this.timeout(30_000);
  let repo: TempRepo;
  let server: FakeEmbeddingServer;
  let engine: Engine | undefined;

  beforeEach(async () => {
    repo = makeTempRepo(FILES);
    server = await FakeEmbeddingServer.start({ dimensions: 256 });
  });

  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    await server.close();
    repo.cleanup();
  });

  async function open(config?: EmbeddingConfig): Promise<Engine> {
    engine = await Engine.open({ root: repo.root, dbPath: repo.dbPath, config: { workers: 2, ...(config ? { embeddings: config } : {}) } });
    return engine;
  }

  it('embeds in the background while keyword search answers, then finds by meaning what keywords miss', async () => {
    const slow = await FakeEmbeddingServer.start({ dimensions: 256, latencyMs: 300 });
    try {
      const e = await open(compatible(slow));
      await e.index();
      // index() has resolved, the first request is still on the wire: keyword search answers now.
      const during = e.status().embeddings;
      assert.ok(during && (during.state === 'running' || during.state === 'idle'), `embedding should still be under way, got ${during?.state}`);
      const started = performance.now();
      const keyword = e.search('retryWithBackoff');
      assert.ok(performance.now() - started < 200);
      assert.equal(keyword[0]?.name, 'retryWithBackoff');

      const progress = await e.waitForEmbeddings();
      assert.equal(progress?.state, 'done');
      assert.ok(progress && progress.total > 0 && progress.done === progress.total, JSON.stringify(progress));
      const status = e.status().embeddings;
      assert.equal(status?.vectors, status?.done);
      assert.equal(status?.providerId, 'openai-compatible:fake-embed@256');

      assert.ok(!e.search('method').some((r) => r.qualifiedName === 'Ledger.settle'), 'keyword search cannot know the word');
      const hybrid = await e.searchHybrid('method');
      assert.ok(['Ledger.settle', 'Ledger.__init__'].includes(hybrid[0]?.qualifiedName ?? ''), JSON.stringify(hybrid.map((r) => r.qualifiedName)));
      assert.equal(e.status().embeddings?.lastQueryError, undefined);

      // Filters apply before ranking: with Go only, no Python method can come back.
      const goOnly = await e.searchHybrid('method', { language: 'go' });
      assert.ok(goOnly.every((r) => r.language === 'go'));
      // An identifier typed exactly still ranks its definition first.
      assert.equal((await e.searchHybrid('retryWithBackoff'))[0]?.name, 'retryWithBackoff');
    } finally {
      await engine?.close();
      engine = undefined;
      await slow.close();
    }
  });

  it('makes no embedding call for an unchanged workspace, a renamed file, or a reopened index', async () => {
    const e = await open(compatible(server));
    await e.index();
    const first = await e.waitForEmbeddings();
    assert.ok(first && first.calls > 0 && first.state === 'done');
    const requests = server.requests.length;

    await e.index();
    const unchanged = await e.waitForEmbeddings();
    assert.equal(unchanged?.calls, 0);
    assert.equal(unchanged?.callsSaved, first.total);

    repo.rename('app/ledger.py', 'billing/ledger.py');
    await e.index();
    const renamed = await e.waitForEmbeddings();
    assert.equal(renamed?.calls, 0);
    assert.equal(server.requests.length, requests);
    const hit = (await e.searchHybrid('method')).find((r) => r.qualifiedName === 'Ledger.settle');
    assert.equal(hit?.path, 'billing/ledger.py');

    await e.close();
    const reopened = await open(compatible(server));
    await reopened.index();
    assert.equal((await reopened.waitForEmbeddings())?.calls, 0);
    // The only requests since are the two queries' own embeddings.
    assert.ok((await reopened.searchHybrid('method')).some((r) => r.qualifiedName === 'Ledger.settle'));
    assert.equal(server.requests.length, requests + 2);
  });

  it('never sends an AWS-style key verbatim', async () => {
    const e = await open(compatible(server));
    await e.index();
    const progress = await e.waitForEmbeddings();
    assert.equal(progress?.state, 'done');
    const sent = server.requests.flatMap((r) => r.input);
    assert.ok(sent.length > 0);
    assert.ok(!sent.some((text) => text.includes(AWS_KEY_ID) || text.includes(AWS_SECRET)), 'a key reached the provider');
    assert.ok((progress?.redacted ?? 0) + (progress?.skipped ?? 0) >= 1, JSON.stringify(progress));
  });

  it('with nothing configured makes no request and returns the keyword results', async () => {
    const e = await open();
    await e.index();
    assert.equal(await e.waitForEmbeddings(), null);
    for (const query of ['method', 'retry backoff', 'retryWithBackoff', 'cache']) {
      assert.deepEqual(await e.searchHybrid(query), e.search(query));
    }
    assert.equal(e.status().embeddings, undefined);
    assert.equal(server.requests.length, 0);
  });

  it('keeps keyword search working and reports the error when the provider fails', async () => {
    server.failNext(...Array.from({ length: 20 }, () => ({ kind: 'status' as const, status: 500, message: 'model crashed' })));
    const e = await open(compatible(server, { maxRetries: 0 }));
    await e.index();
    const progress = await e.waitForEmbeddings();
    // One page of chunks, failed past its retries: counted as failed, retried by the next run.
    assert.ok(progress && progress.failed > 0 && progress.failed === progress.total - progress.done, JSON.stringify(progress));
    assert.match(progress?.lastError ?? '', /500|model crashed/);
    const status = e.status().embeddings;
    assert.equal(status?.vectors, 0);
    assert.match(status?.lastError ?? '', /500|model crashed/);
    assert.equal(e.search('retryWithBackoff')[0]?.name, 'retryWithBackoff');
    assert.deepEqual(await e.searchHybrid('retry backoff'), e.search('retry backoff'));
  });

  it('embeds an edited file once typing pauses, and drops the vectors of chunks the edit removed', async () => {
    const e = await open(compatible(server));
    await e.index();
    await e.waitForEmbeddings();
    const requestsBefore = server.requests.length;
    const vectorsBefore = e.status().embeddings?.vectors ?? 0;
    assert.ok(vectorsBefore > 0);

    // Five keystrokes, each an update of the unsaved buffer, well inside the debounce time.
    const typed = (name: string) => `${LEDGER_PY}\n\ndef ${name}(ledger):\n    return ledger.settle()\n`;
    const started = performance.now();
    for (const name of ['a', 'au', 'aud', 'audi', 'audit_ledger']) {
      await e.updateFile('app/ledger.py', typed(name));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    assert.ok(performance.now() - started < DEFAULT_UPDATE_DEBOUNCE_MS, 'typing took longer than the debounce: the test proves nothing');
    assert.equal(server.requests.length, requestsBefore, 'nothing is sent while typing');

    const progress = await e.waitForEmbeddings();
    assert.equal(progress?.state, 'done');
    const sent = server.requests.slice(requestsBefore).flatMap((r) => r.input);
    assert.equal(sent.length, 1, `only the new chunk, once: ${JSON.stringify(sent)}`);
    assert.match(sent[0] ?? '', /def audit_ledger\(ledger\)/);
    assert.equal(e.status().embeddings?.vectors, vectorsBefore + 1);
    const hit = (await e.searchHybrid('audit_ledger'))[0];
    assert.equal(hit?.name, 'audit_ledger');

    // Undoing the edit leaves the file as it was: no request (its chunks are cached), one vector fewer.
    await e.updateFile('app/ledger.py', null);
    await e.waitForEmbeddings();
    assert.equal(server.requests.length, requestsBefore + 2, 'the one chunk and the one query');
    assert.equal(e.status().embeddings?.vectors, vectorsBefore);
  });

  it('keeps keyword search answering when the embedding thread dies, says so, and starts a new one with the next change', async () => {
    const e = await open(compatible(server));
    await e.index();
    await e.waitForEmbeddings();
    const vectors = e.status().embeddings?.vectors ?? 0;
    assert.ok(vectors > 0);
    // As a crash or the out-of-memory killer of a thread would: the worker stops without being closed.
    const internals = e as unknown as { semantic: { opened: { thread: { worker: { terminate(): Promise<number> } } } } };
    await internals.semantic.opened.thread.worker.terminate();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(e.status().embeddings?.state, 'failed');
    assert.match(e.status().embeddings?.lastError ?? '', /The embedding thread exited with code 1\. Embedding starts again with the next change\./);
    const fallback = await e.searchHybrid('retry');
    assert.ok(fallback.length > 0, 'keyword results still come back');
    assert.match(e.status().embeddings?.lastQueryError ?? '', /keyword results were used/);

    await e.updateFile('src/retry.ts', `${RETRY_TS}\nexport function describeRetryBudget() {\n  return 'three attempts';\n}\n`);
    const progress = await e.waitForEmbeddings();
    assert.equal(progress?.state, 'done');
    assert.equal(e.status().embeddings?.vectors, vectors + 1, 'the new thread loaded every vector and embedded the new chunk');
    assert.equal((await e.searchHybrid('describeRetryBudget'))[0]?.name, 'describeRetryBudget');
    assert.equal(e.status().embeddings?.lastQueryError, undefined);
  });

  it('embeds with the provider when the team server it asks for vectors first is down, and says so', async () => {
    // Taking vectors from a live team server is covered with the real server in test/integration/sync/.
    const closed = await freePort();
    const e = await open(compatible(server));
    e.setTeamVectors({ serverUrl: `http://127.0.0.1:${closed}`, apiKey: 'mbx_unused', projectId: '00000000-0000-4000-8000-000000000000' });
    await e.index();
    const progress = await e.waitForEmbeddings();
    assert.equal(progress?.state, 'done');
    assert.equal(progress?.reused, 0);
    assert.ok((progress?.calls ?? 0) > 0, 'the provider embedded every chunk');
    assert.equal(e.status().embeddings?.vectors, (progress?.total ?? 0) - (progress?.skipped ?? 0));
    assert.match(e.status().embeddings?.lastRemoteError ?? '', /Looking up team vectors failed .*embedding those chunks with the provider instead/);
  });

  it('prunes cached vectors of chunks gone from the index after a full run, keeping as many as the index has', async function () {
    this.timeout(120_000);
    // More chunks than pruning ever keeps unused, in files of 100 small functions each.
    const files = Math.ceil((MIN_KEEP_UNUSED + 150) / 100);
    const writeGenerated = () => {
      for (let f = 0; f < files; f++) {
        repo.write(`gen/module${f}.ts`, Array.from({ length: 100 }, (_, i) => `export function gen${f}_${i}(x: number) {\n  return x + ${f * 100 + i};\n}\n`).join('\n'));
      }
    };
    writeGenerated();
    const e = await open(compatible(server, { batchSize: 256, maxBatchTokens: 100_000 }));
    await e.index();
    assert.equal((await e.waitForEmbeddings())?.state, 'done');
    /** Cache rows whose hash no indexed chunk has. */
    const unusedRows = () => {
      const db = openDatabase(repo.dbPath);
      try {
        return db.prepare('SELECT count(*) FROM embeddings e WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.hash = e.hash)').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    assert.equal(unusedRows(), 0);

    for (let f = 0; f < files; f++) repo.remove(`gen/module${f}.ts`);
    await e.index();
    await e.waitForEmbeddings();
    assert.ok(e.status().chunks < MIN_KEEP_UNUSED);
    // Kept: the newest MIN_KEEP_UNUSED, and the newest row of all, whose id must never be reused.
    assert.equal(unusedRows(), MIN_KEEP_UNUSED + 1, 'the newest unused rows are kept, the rest deleted');

    // Bringing the files back embeds only the chunks whose rows were pruned.
    const inputs = server.embeddedInputs;
    writeGenerated();
    await e.index();
    const back = await e.waitForEmbeddings();
    assert.equal(server.embeddedInputs - inputs, files * 100 - (MIN_KEEP_UNUSED + 1));
    assert.equal(back?.callsSaved, (back?.total ?? 0) - (files * 100 - (MIN_KEEP_UNUSED + 1)));
  });

  it('falls back to keyword results and says why when the query cannot be embedded', async () => {
    const e = await open(compatible(server, { maxRetries: 0 }));
    await e.index();
    await e.waitForEmbeddings();
    server.failNext({ kind: 'status', status: 500, message: 'query refused' });
    assert.deepEqual(await e.searchHybrid('retry backoff'), e.search('retry backoff'));
    assert.match(e.status().embeddings?.lastQueryError ?? '', /keyword results were used/);
  });
});

describe('CLI with embeddings from the environment (the built bin)', function () {
  this.timeout(60_000);
  let repo: TempRepo;
  let serverProcess: ChildProcess;
  let url: string;

  before(async () => {
    requireBuild();
    // The server runs in its own process: runCli blocks this one until the CLI exits.
    serverProcess = fork(path.resolve(__dirname, '..', '..', 'support', 'fakeEmbeddingServerProcess.ts'), [JSON.stringify({ dimensions: 128 })], {
      execArgv: ['--require', 'tsx/cjs'],
    });
    url = await new Promise<string>((resolve, reject) => {
      serverProcess.once('message', (m) => resolve((m as { url: string }).url));
      serverProcess.once('exit', (code) => reject(new Error(`fake embedding server exited with ${code}`)));
    });
  });
  after(() => serverProcess.disconnect());
  beforeEach(() => {
    repo = makeTempRepo(FILES);
  });
  afterEach(() => repo.cleanup());

  const envFor = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    MOBIUS_HOME: path.join(path.dirname(repo.root), 'home'),
    MOBIUS_EMBEDDINGS_PROVIDER: 'openai-compatible',
    MOBIUS_EMBEDDINGS_BASE_URL: url,
    MOBIUS_EMBEDDINGS_MODEL: 'fake-embed',
    ...extra,
  });

  it('index waits for the embeddings with progress lines; search and status then use them', () => {
    const env = envFor();
    const indexed = runCli(['index', repo.root], env);
    assert.equal(indexed.status, 0, indexed.stderr);
    assert.match(indexed.stderr, /embedding: (\d+)\/\1 chunks/);
    assert.match(indexed.stderr, /embeddings \(openai-compatible:fake-embed@128\): done/);

    const status = JSON.parse(runCli(['status', '--dir', repo.root, '--json'], env).stdout);
    assert.ok(status.embeddings.totals.embedded > 0);

    const found = runCli(['search', 'method', '--dir', repo.root, '--json'], env);
    assert.equal(found.status, 0, found.stderr);
    const results = JSON.parse(found.stdout).results as { qualifiedName: string }[];
    assert.ok(results.some((r) => r.qualifiedName === 'Ledger.settle'), JSON.stringify(results));

    const context = runCli(['context', 'method', '--dir', repo.root, '--budget', '400'], env);
    assert.equal(context.status, 0, context.stderr);
    assert.match(context.stdout, /def settle/);
  });

  it('names the variable when a setting is invalid', () => {
    const r = runCli(['index', repo.root], envFor({ MOBIUS_EMBEDDINGS_DIMENSIONS: 'many' }));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /MOBIUS_EMBEDDINGS_DIMENSIONS/);
  });
});
