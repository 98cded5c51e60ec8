// The embedding thread (see ./embeddingThread.ts): the pipeline and the vector index, on their own connection.
import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { TeamClient } from '../../sync/teamClient';
import { teamVectorSource } from '../../sync/teamVectors';
import { LiveVectors } from '../semantic/liveVectors';
import { createEmbeddingProvider } from './createEmbeddingProvider';
import { runEmbeddingPipeline } from './embeddingPipeline';
import { EmbeddingStore } from './embeddingStore';
import type { EmbeddingRunRequest, EmbeddingThreadCall, FromEmbeddingThread, ToEmbeddingThread } from './embeddingThread';
import { indexEmbeddingSource } from './indexEmbeddingSource';

const db = new BetterSqlite3((workerData as { dbPath: string }).dbPath);
db.pragma('busy_timeout = 10000');
db.pragma('synchronous = NORMAL');
const store = new EmbeddingStore(db);

let vectors: LiveVectors | null = null;
let abort: AbortController | null = null;

function send(message: FromEmbeddingThread): void {
  parentPort?.postMessage(message);
}

function openedVectors(): LiveVectors {
  if (!vectors) throw new Error('The vector index is not open yet.');
  return vectors;
}

async function run(request: EmbeddingRunRequest): Promise<unknown> {
  const live = openedVectors();
  abort = new AbortController();
  const signal = abort.signal;
  try {
    // The index first, whatever becomes of the run: chunks gone leave it, chunks back rejoin it.
    const inScope = await live.refresh(request.scope ?? {});
    const provider = await createEmbeddingProvider(request.config, { env: request.env, signal });
    if (!provider) throw new Error('No embedding provider is configured.');
    const team = request.team;
    const result = await runEmbeddingPipeline({
      store,
      provider,
      source: indexEmbeddingSource(db, provider.maxInputTokens, inScope),
      remote: team ? teamVectorSource(new TeamClient({ serverUrl: team.serverUrl, apiKey: team.apiKey }), team.projectId) : null,
      onRemoteError: (message) => send({ event: 'remoteError', message }),
      signal,
      ...(request.pageSize === undefined ? {} : { pageSize: request.pageSize }),
      onProgress: (progress) => send({ event: 'progress', progress, vectors: live.state }),
      onVectors: (stored) => live.add(stored),
    });
    if (result.state !== 'cancelled' && request.pruneKeepingAtLeast !== undefined) {
      store.prune(provider.id, Math.max(live.liveCount, request.pruneKeepingAtLeast));
    }
    return result;
  } finally {
    abort = null;
  }
}

async function answer(call: EmbeddingThreadCall): Promise<unknown> {
  switch (call.op) {
    case 'openVectors':
      vectors ??= await LiveVectors.open(db, store, call.options);
      return vectors.state;
    case 'run':
      return run(call.request);
    case 'search':
      return openedVectors().search(call.query, call.k, call.allowedHashes);
    case 'save':
      await openedVectors().save();
      return null;
  }
}

parentPort?.on('message', (message: ToEmbeddingThread) => {
  if (message.op === 'cancel') {
    abort?.abort();
    return;
  }
  answer(message).then(
    (result) => send({ id: message.id, result, vectors: vectors?.state ?? null }),
    (err: unknown) => send({ id: message.id, error: (err as Error)?.message ?? String(err), vectors: vectors?.state ?? null }),
  );
});
