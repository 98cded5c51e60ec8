import { parentPort } from 'node:worker_threads';

/** Main thread → worker: a job, or a message for every worker. */
export type ToWorker<T> = { id: number; task: T } | { broadcast: unknown };
/** Worker → main thread: the job's result, tagged with its id (async jobs may finish out of order). */
export interface FromWorker<R> {
  id: number;
  result: R;
}

/**
 * Runs inside a worker thread: answers each job with `handle`'s result, or `onError`'s when it
 * throws, and passes broadcasts to `onBroadcast`.
 */
export function serveJobs<T, R>(handle: (task: T) => Promise<R>, onError: (err: Error) => R, onBroadcast?: (message: unknown) => void): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs must run in a worker thread.');
  port.on('message', (message: ToWorker<T>) => {
    if ('broadcast' in message) {
      onBroadcast?.(message.broadcast);
      return;
    }
    handle(message.task).then(
      (result) => port.postMessage({ id: message.id, result } satisfies FromWorker<R>),
      (err: Error) => port.postMessage({ id: message.id, result: onError(err) } satisfies FromWorker<R>),
    );
  });
}
