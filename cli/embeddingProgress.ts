import { SingleBar } from 'cli-progress';
import type { EmbeddingProgress } from '../protocol/embeddings';

export interface EmbeddingProgressReporter {
  update(progress: EmbeddingProgress): void;
  stop(): void;
}

const PLAIN_INTERVAL_MS = 1000;

/** A bar of chunks embedded on a terminal; a plain `embedding: N/M chunks` line a second otherwise (CI logs, pipes). */
export function createEmbeddingProgressReporter(stream: NodeJS.WriteStream = process.stderr): EmbeddingProgressReporter {
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: 'Embedding [{bar}] {percentage}% | {value}/{total} chunks | {calls} calls',
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
    });
    let started = false;
    return {
      update(p) {
        if (p.total === 0) return;
        if (!started) { bar.start(p.total, p.done, { calls: p.calls }); started = true; }
        bar.setTotal(p.total);
        bar.update(p.done, { calls: p.calls });
      },
      stop() { if (started) bar.stop(); },
    };
  }
  let last = 0;
  let lastDone = -1;
  return {
    update(p) {
      const now = Date.now();
      if (p.total === 0 || p.done === lastDone || (now - last < PLAIN_INTERVAL_MS && p.done < p.total)) return;
      last = now;
      lastDone = p.done;
      stream.write(`embedding: ${p.done}/${p.total} chunks\n`);
    },
    stop() {},
  };
}
