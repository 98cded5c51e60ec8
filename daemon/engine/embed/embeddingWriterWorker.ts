// The embedding writer thread (see ./embeddingWriter.ts): its own connection, the same store code.
import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { unpackVectors, type WriterRequest, type WriterResponse } from './embeddingWriter';
import { EmbeddingStore } from './embeddingStore';
import { embeddingTexts } from './indexEmbeddingSource';
import { redactChunk } from './embeddingPipeline';

const db = new BetterSqlite3((workerData as { dbPath: string }).dbPath);
db.pragma('busy_timeout = 10000');
db.pragma('synchronous = NORMAL');
const store = new EmbeddingStore(db);

parentPort?.on('message', (request: WriterRequest) => {
  let response: WriterResponse;
  try {
    switch (request.op) {
      case 'put':
        response = { id: request.id, ids: store.put(request.providerId, unpackVectors(request.packed)).map((s) => s.id) };
        break;
      case 'putSkipped':
        store.putSkipped(request.providerId, request.dimensions, request.hashes);
        response = { id: request.id };
        break;
      case 'addStats':
        store.addStats(request.providerId, request.delta);
        response = { id: request.id };
        break;
      case 'prune':
        response = { id: request.id, deleted: store.prune(request.providerId, request.keepUnused) };
        break;
      case 'loadTexts':
        // Texts are tokenized and redacted here: the two heaviest steps of embedding, off the main thread.
        response = { id: request.id, chunks: embeddingTexts(db, request.hashes, request.maxInputTokens).map(redactChunk) };
        break;
    }
  } catch (err) {
    response = { id: request.id, error: (err as Error).message };
  }
  parentPort?.postMessage(response);
});
