// The embedding writer thread (see ./embeddingWriter.ts): its own connection, the same store code.
import BetterSqlite3 from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { WriterRequest, WriterResponse } from './embeddingWriter';
import { EmbeddingStore } from './embeddingStore';

const db = new BetterSqlite3((workerData as { dbPath: string }).dbPath);
db.pragma('busy_timeout = 10000');
db.pragma('synchronous = NORMAL');
const store = new EmbeddingStore(db);

parentPort?.on('message', (request: WriterRequest) => {
  let response: WriterResponse;
  try {
    if (request.op === 'put') response = { id: request.id, ids: store.put(request.providerId, request.entries).map((s) => s.id) };
    else if (request.op === 'putSkipped') {
      store.putSkipped(request.providerId, request.dimensions, request.hashes);
      response = { id: request.id };
    } else {
      store.addStats(request.providerId, request.delta);
      response = { id: request.id };
    }
  } catch (err) {
    response = { id: request.id, error: (err as Error).message };
  }
  parentPort?.postMessage(response);
});
