import assert from 'node:assert/strict';
import type { Database } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EmbeddingProgress } from '../../../protocol/embeddings';
import { createEmbeddingProvider } from '../../../daemon/engine/embed/createEmbeddingProvider';
import type { EmbeddingProvider } from '../../../daemon/engine/embed/embeddingProvider';
import { runEmbeddingPipeline, type ChunkToEmbed, type EmbeddingSource } from '../../../daemon/engine/embed/embeddingPipeline';
import type { RemoteVectorSource } from '../../../daemon/engine/embed/remoteVectorSource';
import { EmbeddingStore, type StoredVector } from '../../../daemon/engine/embed/embeddingStore';
import { embeddingText } from '../../../daemon/engine/embed/embeddingText';
import { MIGRATIONS } from '../../../daemon/engine/index/migrations';
import { openDatabase } from '../../../daemon/engine/index/openDatabase';
import { REDACTION_MARK } from '../../../daemon/engine/secrets/secretScanner';
import { FakeEmbeddingServer, fakeEmbedding } from '../../support/fakeEmbeddingServer';

interface FileChunk {
  path: string;
  name: string;
  content: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A workspace as the indexer would present it: chunks by path, addressed by content hash. */
function workspace(chunks: readonly FileChunk[]): EmbeddingSource & { loads: string[][] } {
  const byHash = new Map<string, ChunkToEmbed>();
  for (const chunk of chunks) {
    const hash = sha256(chunk.content);
    if (byHash.has(hash)) continue;
    const text = embeddingText(
      { kind: 'function', qualifiedName: chunk.name, path: chunk.path, signature: '', docComment: '', content: chunk.content },
      512,
    );
    byHash.set(hash, { hash, text, path: chunk.path });
  }
  const loads: string[][] = [];
  return {
    loads,
    hashes: () => chunks.map((c) => sha256(c.content)),
    load: (hashes) => {
      loads.push([...hashes]);
      return hashes.flatMap((h) => (byHash.has(h) ? [byHash.get(h) as ChunkToEmbed] : []));
    },
  };
}

function functions(prefix: string, from: number, to: number): FileChunk[] {
  return Array.from({ length: to - from }, (_, i) => {
    const n = from + i;
    return { path: `src/${prefix}/module${n}.ts`, name: `handler${n}`, content: `export function handler${n}(request: Request) {\n  return respond(request, ${n});\n}` };
  });
}

// A key block assembled at run time so this file holds no credential-shaped literal.
const KEY_BODY = Array.from({ length: 6 }, (_, i) => Buffer.from(`not a real key, line ${i} `.repeat(3)).toString('base64')).join('\n');
const KEY_FILE = `-----BEGIN ${'RSA'} PRIVATE KEY-----\n${KEY_BODY}\n-----END ${'RSA'} PRIVATE KEY-----`;
const DB_SECRET = `Zq8${'x7Lw2Kd9'}Pm4Rt6Vb`;

describe('background embedding pipeline', () => {
  let dir: string;
  let db: Database;
  let store: EmbeddingStore;
  let server: FakeEmbeddingServer;
  let provider: EmbeddingProvider;

  async function startServer(options: Parameters<typeof FakeEmbeddingServer.start>[0] = {}) {
    server = await FakeEmbeddingServer.start({ dimensions: 32, ...options });
    provider = (await createEmbeddingProvider(
      { provider: 'openai-compatible', baseUrl: server.url, model: 'fake-code-embedder', dimensions: 32, batchSize: 16, maxRetries: 1 },
      { env: {}, retry: { sleep: async () => undefined } },
    )) as EmbeddingProvider;
  }

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-embed-'));
    db = openDatabase(path.join(dir, 'index.db'), MIGRATIONS);
    store = new EmbeddingStore(db);
    await startServer();
  });
  afterEach(async () => {
    await server.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('embeds every chunk in batches, stores the vectors and reports progress', async () => {
    const source = workspace(functions('api', 0, 100));
    const events: EmbeddingProgress[] = [];
    const delivered: StoredVector[] = [];
    const final = await runEmbeddingPipeline({
      store, provider, source, pageSize: 32,
      onProgress: (p) => events.push(p),
      onVectors: (vectors) => void delivered.push(...vectors),
    });
    assert.equal(final.state, 'done');
    assert.equal(final.total, 100);
    assert.equal(final.done, 100);
    assert.equal(final.calls, 7, 'pages of 32 in requests of at most 16: 2+2+2+1');
    assert.deepEqual(server.requests.map((r) => r.input.length), [16, 16, 16, 16, 16, 16, 4]);
    assert.equal(delivered.length, 100);
    assert.equal(store.countFor(provider.id), 100);
    const dones = events.map((e) => e.done);
    assert.deepEqual(dones, [...dones].sort((a, b) => a - b), 'progress only moves forward');
    assert.equal(events.at(-1)?.state, 'done');
    const first = (await source.load([sha256(functions('api', 0, 1)[0]?.content as string)]))[0] as ChunkToEmbed;
    const cached = store.get([first.hash], provider.id).get(first.hash);
    assert.deepEqual(Array.from(cached?.vector ?? []), Array.from(fakeEmbedding(first.text, 32)));
    assert.deepEqual(store.stats(provider.id), { calls: 7, embedded: 100, callsSaved: 0, reused: 0, redacted: 0, skipped: 0, failed: 0 });
  });

  it('never embeds unchanged, moved or duplicated code twice, and branch switches cost nothing', async () => {
    const main = functions('api', 0, 40);
    await runEmbeddingPipeline({ store, provider, source: workspace(main) });
    assert.equal(server.embeddedInputs, 40);

    const again = await runEmbeddingPipeline({ store, provider, source: workspace(main) });
    assert.equal(again.calls, 0);
    assert.equal(again.callsSaved, 40);

    const movedAndCopied = [
      ...main.map((c) => ({ ...c, path: c.path.replace('src/api', 'lib/http') })),
      ...main.slice(0, 10).map((c) => ({ ...c, path: `vendor/${c.path}` })),
    ];
    const moved = await runEmbeddingPipeline({ store, provider, source: workspace(movedAndCopied) });
    assert.equal(moved.calls, 0);
    assert.equal(moved.total, 40);

    const branch = [...main.slice(0, 25), ...functions('feature', 100, 115)];
    const onBranch = await runEmbeddingPipeline({ store, provider, source: workspace(branch) });
    assert.equal(server.embeddedInputs, 55, 'only the 15 new chunks of the branch were sent');
    assert.equal(onBranch.callsSaved, 25);

    for (const tree of [main, branch, main, branch]) {
      const switched = await runEmbeddingPipeline({ store, provider, source: workspace(tree) });
      assert.equal(switched.calls, 0);
    }
    assert.equal(server.embeddedInputs, 55);
  });

  it('redacts secret values before sending and skips chunks that are all secret, counting both', async () => {
    const chunks: FileChunk[] = [
      ...functions('api', 0, 5),
      { path: 'src/db.ts', name: 'connect', content: `export function connect() {\n  return new Pool({ host: 'db', password: '${DB_SECRET}' });\n}` },
      { path: 'deploy/server.key', name: 'server.key', content: KEY_FILE },
    ];
    const final = await runEmbeddingPipeline({ store, provider, source: workspace(chunks) });
    assert.equal(final.redacted, 1);
    assert.equal(final.skipped, 1);
    assert.equal(final.done, 7);
    const sent = server.requests.flatMap((r) => r.input).join('\n');
    assert.ok(!sent.includes(DB_SECRET));
    assert.ok(!sent.includes(KEY_BODY.slice(0, 20)));
    assert.ok(sent.includes(`password: '${REDACTION_MARK}'`));
    assert.equal(server.embeddedInputs, 6);

    const again = await runEmbeddingPipeline({ store, provider, source: workspace(chunks) });
    assert.equal(again.calls, 0, 'a skipped chunk is remembered, not reconsidered');
    assert.equal(again.callsSaved, 7);
  });

  it('survives a failing provider: reports, loses nothing, and finishes on the next run', async () => {
    const source = workspace(functions('api', 0, 64));
    await runEmbeddingPipeline({ store, provider, source, pageSize: 16 });
    const more = workspace(functions('api', 0, 160));
    server.failNext(...Array.from({ length: 6 }, () => ({ kind: 'status' as const, status: 503 })));
    const broken = await runEmbeddingPipeline({ store, provider, source: more, pageSize: 16 });
    assert.equal(broken.state, 'failed');
    assert.equal(broken.failed, 48, 'three pages in a row failed after one retry each');
    assert.match(broken.lastError ?? '', /failed with 503/);
    assert.equal(store.countFor(provider.id), 64);

    const healed = await runEmbeddingPipeline({ store, provider, source: more, pageSize: 16 });
    assert.equal(healed.state, 'done');
    assert.equal(healed.callsSaved, 64);
    assert.equal(healed.done, 160);
    assert.equal(store.countFor(provider.id), 160);
  });

  it('stops at once on a rejected key and says what to do', async () => {
    await server.close();
    server = await FakeEmbeddingServer.start({ dimensions: 32, apiKey: 'the-right-key' });
    const keyed = (await createEmbeddingProvider(
      { provider: 'openai-compatible', baseUrl: server.url, model: 'fake', dimensions: 32, apiKeyEnv: 'FAKE_KEY' },
      { env: { FAKE_KEY: 'a-wrong-key' } },
    )) as EmbeddingProvider;
    const final = await runEmbeddingPipeline({ store, provider: keyed, source: workspace(functions('api', 0, 50)), pageSize: 10 });
    assert.equal(final.state, 'failed');
    assert.equal(server.requests.length, 1);
    assert.match(final.lastError ?? '', /rejected the API key \(401\)\. Set FAKE_KEY to a key this server accepts/);
    assert.ok(!(final.lastError ?? '').includes('a-wrong-key'));
  });

  it('isolates an input the server refuses so the rest of its page is still embedded', async () => {
    await server.close();
    await startServer({ rejectInputs: /handler13\b/ });
    const final = await runEmbeddingPipeline({ store, provider, source: workspace(functions('api', 0, 16)), pageSize: 16 });
    assert.equal(final.state, 'done');
    assert.equal(final.failed, 1);
    assert.equal(final.done, 15);
    assert.match(final.lastError ?? '', /cannot embed input/);
    assert.equal(store.countFor(provider.id), 15);
  });

  it('can be cancelled, keeps what it stored, and resumes where it stopped', async () => {
    await server.close();
    await startServer({ latencyMs: 30 });
    const source = workspace(functions('api', 0, 200));
    const controller = new AbortController();
    const cancelled = await runEmbeddingPipeline({
      store, provider, source, pageSize: 16, signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 48) controller.abort();
      },
    });
    assert.equal(cancelled.state, 'cancelled');
    const kept = store.countFor(provider.id);
    assert.ok(kept >= 48 && kept < 200, `kept ${kept}`);
    const resumed = await runEmbeddingPipeline({ store, provider, source, pageSize: 16 });
    assert.equal(resumed.state, 'done');
    assert.equal(resumed.callsSaved, kept);
    assert.equal(store.countFor(provider.id), 200);
  });

  /** A team server that has the vectors of `known` (texts by hash), answering after `delayMs`. */
  function teamServer(known: readonly ChunkToEmbed[], behaviour: { fail?: Error; delayMs?: number; wrongSize?: Set<string> } = {}) {
    const lookups: { model: string; dimensions: number; hashes: string[] }[] = [];
    const source: RemoteVectorSource = {
      lookup: async (model, dimensions, hashes) => {
        lookups.push({ model, dimensions, hashes });
        if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
        if (behaviour.fail) throw behaviour.fail;
        const found = new Map<string, Float32Array>();
        for (const chunk of known) {
          if (!hashes.includes(chunk.hash)) continue;
          found.set(chunk.hash, behaviour.wrongSize?.has(chunk.hash) ? new Float32Array(7).fill(1) : fakeEmbedding(chunk.text, dimensions));
        }
        return found;
      },
    };
    return { source, lookups };
  }

  it('takes the vectors the team server has instead of embedding them, and counts them as reused', async () => {
    const source = workspace(functions('api', 0, 40));
    const all = await source.load(source.hashes());
    const team = teamServer(all.slice(0, 30), { wrongSize: new Set([all[0]?.hash as string]) });
    const stored: StoredVector[] = [];
    const final = await runEmbeddingPipeline({ store, provider, source, remote: team.source, onVectors: (v) => void stored.push(...v) });
    assert.equal(final.state, 'done');
    assert.equal(final.reused, 29, 'the vector of the wrong size is not taken');
    assert.equal(final.done, 40);
    assert.deepEqual(team.lookups.map((l) => [l.model, l.dimensions, l.hashes.length]), [['fake-code-embedder', 32, 40]]);
    const sent = server.requests.flatMap((r) => r.input);
    assert.deepEqual(sent.sort(), [all[0], ...all.slice(30)].map((c) => c.text).sort(), 'only what the team server lacked was embedded');
    assert.equal(stored.length, 40, 'reused vectors reach the vector index like embedded ones');
    const reused = store.get([all[5]?.hash as string], provider.id).get(all[5]?.hash as string);
    assert.deepEqual(Array.from(reused?.vector ?? []), Array.from(fakeEmbedding(all[5]?.text as string, 32)));
    assert.deepEqual(store.stats(provider.id), { calls: 1, embedded: 11, callsSaved: 0, reused: 29, redacted: 0, skipped: 0, failed: 0 });

    const again = await runEmbeddingPipeline({ store, provider, source, remote: team.source });
    assert.equal(again.callsSaved, 40, 'reused vectors are cached locally');
    assert.equal(team.lookups.length, 1, 'and the team server is not asked again');
  });

  it('embeds with the provider when the team server fails or does not answer in time, and says so', async () => {
    const source = workspace(functions('api', 0, 20));
    const errors: string[] = [];
    const down = teamServer(await source.load(source.hashes()), { fail: new Error('connect ECONNREFUSED 127.0.0.1:8080') });
    const first = await runEmbeddingPipeline({ store, provider, source, pageSize: 10, remote: down.source, onRemoteError: (m) => errors.push(m) });
    assert.equal(first.state, 'done');
    assert.equal(first.done, 20);
    assert.equal(first.reused, 0);
    assert.equal(server.embeddedInputs, 20);
    assert.equal(errors.length, 2, 'one per page');
    assert.match(errors[0] ?? '', /Looking up team vectors failed \(connect ECONNREFUSED 127\.0\.0\.1:8080\); embedding those chunks with the provider instead/);

    const more = workspace(functions('api', 0, 30));
    const slow = teamServer(await more.load(more.hashes()), { delayMs: 2000 });
    const started = performance.now();
    const second = await runEmbeddingPipeline({ store, provider, source: more, remote: slow.source, remoteTimeoutMs: 50, onRemoteError: (m) => errors.push(m) });
    assert.ok(performance.now() - started < 1500, 'the slow lookup was not waited for');
    assert.equal(second.state, 'done');
    assert.equal(second.reused, 0);
    assert.equal(server.embeddedInputs, 30);
    assert.match(errors.at(-1) ?? '', /no answer within 50 ms/);
  });

  it('keeps the name, path and doc of a chunk ahead of its code, within the token limit', () => {
    const text = embeddingText(
      {
        kind: 'method', qualifiedName: 'RetryPolicy.delayFor', path: 'src/net/retry.ts',
        signature: 'delayFor(attempt: number): number', docComment: 'How long to wait before the given retry.',
        content: `delayFor(attempt: number): number {\n${'  step();\n'.repeat(2000)}}`,
      },
      64,
    );
    assert.ok(text.startsWith('method RetryPolicy.delayFor\npath: src/net/retry.ts\nHow long to wait before the given retry.\n\ndelayFor('));
    assert.ok(text.length < 400);
  });
});
