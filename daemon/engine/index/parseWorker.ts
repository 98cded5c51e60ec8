// Worker thread: read, classify, hash, parse and analyze one file at a time.
// All CPU-heavy work of an index run happens here so both cores parse while the main thread writes.
import * as fs from 'node:fs';
import { analyzeFile } from '../parse/analyzeFile';
import { sha256 } from '../parse/chunk';
import { languageForPath } from '../parse/languages';
import { classifyContent } from '../scan/contentFilter';
import { chunkTerms } from './chunkTerms';
import type { KnownHashes, ParseOutcome, ParseTask } from './parseTask';
import { serveJobs } from './workerProtocol';

let knownHashes = new Set<string>();

async function handle(task: ParseTask): Promise<ParseOutcome> {
  let text: string;
  let size: number;
  if (task.content !== undefined) {
    text = task.content;
    size = Buffer.byteLength(text);
  } else {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(task.absPath);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'vanished' };
      return { kind: 'skipped', reason: 'unreadable' };
    }
    size = buf.length;
    const classified = classifyContent(task.relPath, buf);
    if ('skip' in classified) return { kind: 'skipped', reason: classified.skip };
    text = classified.text;
  }
  const hash = sha256(text);
  if (hash === task.previousHash) return { kind: 'unchanged', hash, size };
  if (!task.forceParse && knownHashes.has(hash)) return { kind: 'duplicate', hash, size };
  const language = languageForPath(task.relPath);
  const analysis = await analyzeFile(task.relPath, text, language);
  return { kind: 'parsed', hash, size, language, analysis, terms: analysis.chunks.map(chunkTerms) };
}

serveJobs<ParseTask, ParseOutcome>(
  handle,
  (err) => ({ kind: 'failed', message: err?.message ?? String(err) }),
  (message) => {
    knownHashes = new Set((message as KnownHashes).knownHashes);
  },
);
