// Worker thread of the server's ingest: parses and chunks one file at a time with the daemon's
// own code, so server-side chunks (and their hashes) equal the ones a daemon computes locally,
// and parsing never blocks the API's event loop.
import { chunkTerms } from '../../daemon/engine/index/chunkTerms';
import { analyzeFile } from '../../daemon/engine/parse/analyzeFile';
import { serveJobs } from '../../daemon/engine/index/workerProtocol';
import type { ServerParseOutcome, ServerParseTask } from './parseTypes';

async function handle(task: ServerParseTask): Promise<ServerParseOutcome> {
  const analysis = await analyzeFile(task.path, task.content, task.language);
  return { ok: true, analysis, terms: analysis.chunks.map(chunkTerms) };
}

serveJobs<ServerParseTask, ServerParseOutcome>(handle, (err) => ({ ok: false, message: err?.message ?? String(err) }));
