import * as path from 'node:path';
import { WorkerPool } from '../../daemon/engine/index/workerPool';
import type { ServerParseOutcome, ServerParseTask } from './parseTypes';

/** The parse worker beside this module under tsx, or `serverParseWorker.js` beside the bundle. */
export function serverParseWorkerScript(): string {
  return __filename.endsWith('.ts') ? path.join(__dirname, 'parseWorker.ts') : path.join(__dirname, 'serverParseWorker.js');
}

export type ParsePool = WorkerPool<ServerParseTask, ServerParseOutcome>;

export function createParsePool(size: number): ParsePool {
  return new WorkerPool<ServerParseTask, ServerParseOutcome>(serverParseWorkerScript(), size);
}
