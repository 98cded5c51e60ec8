import { SingleBar } from 'cli-progress';
import type { IndexProgress } from '../protocol/engine';

export interface ProgressReporter {
  update(progress: IndexProgress): void;
  stop(): void;
}

const PLAIN_INTERVAL_MS = 1000;

/** A progress bar (files, MB/s, ETA) on a terminal; a plain line a second otherwise (CI logs, pipes). */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const started = Date.now();
  const rate = (p: IndexProgress) => p.bytesDone / 1e6 / Math.max((Date.now() - started) / 1000, 0.001);
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: 'Indexing [{bar}] {percentage}% | {value}/{total} files | {mbps} MB/s | ETA {eta_formatted}',
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 200,
    });
    let started_ = false;
    return {
      update(p) {
        if (p.phase !== 'index' || p.filesTotal === 0) return;
        if (!started_) { bar.start(p.filesTotal, 0, { mbps: '0.0' }); started_ = true; }
        bar.update(p.filesDone, { mbps: rate(p).toFixed(1) });
      },
      stop() { if (started_) bar.stop(); },
    };
  }
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (p.phase !== 'index' || p.filesTotal === 0 || (now - last < PLAIN_INTERVAL_MS && p.filesDone < p.filesTotal)) return;
      last = now;
      stream.write(`indexing: ${p.filesDone}/${p.filesTotal} files, ${(p.bytesDone / 1e6).toFixed(1)} MB, ${rate(p).toFixed(1)} MB/s\n`);
    },
    stop() {},
  };
}
