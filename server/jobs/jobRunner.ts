import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Job, ParsedIngestRequest, Project } from '../../protocol/rest';
import { ApiError } from '../http/apiError';
import { IngestCancelled, type IngestService } from '../ingest/ingestService';
import type { JobStore } from './jobStore';

interface QueuedJob {
  job: Job;
  project: Project;
  request: ParsedIngestRequest;
}

/**
 * Runs ingest jobs in this process, `concurrency` at a time, with their status in Redis so any
 * API process can report on or cancel them. Cancellation is checked between batches of files.
 */
export class JobRunner {
  private readonly queue: QueuedJob[] = [];
  private readonly running = new Set<Promise<void>>();
  private accepting = true;

  constructor(
    private readonly store: JobStore,
    private readonly ingest: IngestService,
    private readonly concurrency: number,
    private readonly logger: Logger,
  ) {}

  /** Records the job as pending and queues it; answers before any work starts. */
  async submit(project: Project, request: ParsedIngestRequest): Promise<Job> {
    if (!this.accepting) throw new ApiError(503, 'SHUTTING_DOWN', 'This server is shutting down; retry on another instance', undefined, { 'Retry-After': '1' });
    await this.ingest.precheck(request);
    const job: Job = {
      id: randomUUID(),
      projectId: project.id,
      kind: 'ingest',
      status: 'pending',
      progress: { filesDone: 0, filesTotal: request.files.length },
      cancelRequested: false,
      error: null,
      result: null,
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
    };
    await this.store.create(job);
    this.queue.push({ job, project, request });
    this.pump();
    return job;
  }

  /** Stops taking jobs, waits up to `timeoutMs` for queued and running ones, fails the rest. */
  async drain(timeoutMs: number): Promise<void> {
    this.accepting = false;
    const deadline = Date.now() + timeoutMs;
    while ((this.queue.length > 0 || this.running.size > 0) && Date.now() < deadline) {
      await Promise.race([...this.running, new Promise((r) => setTimeout(r, 100))]);
    }
    for (const { job } of this.queue.splice(0)) {
      await this.record(job.id, () => this.store.finish(job.id, 'failed', { error: 'The server shut down before the job started; submit it again' }));
    }
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.queue.length > 0) {
      const next = this.queue.shift()!;
      const run = this.run(next).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run({ job, project, request }: QueuedJob): Promise<void> {
    const log = this.logger.child({ jobId: job.id, projectId: project.id });
    if (await this.cancelRequested(job.id)) {
      await this.record(job.id, () => this.store.finish(job.id, 'cancelled', {}));
      return;
    }
    await this.record(job.id, () => this.store.markRunning(job.id));
    try {
      const result = await this.ingest.ingest(project, request, {
        onProgress: (done, total) => this.record(job.id, () => this.store.progress(job.id, done, total)),
        shouldStop: () => this.cancelRequested(job.id),
      });
      await this.record(job.id, () => this.store.finish(job.id, 'completed', { result }));
      log.info({ files: result.filesReceived, contexts: result.contexts }, 'ingest job completed');
    } catch (err) {
      if (err instanceof IngestCancelled) {
        await this.record(job.id, () => this.store.finish(job.id, 'cancelled', { result: err.partial }));
        log.info('ingest job cancelled');
        return;
      }
      const reason = err instanceof ApiError ? err.message : `Internal error: ${(err as Error).message}`;
      log.error({ err }, 'ingest job failed');
      await this.record(job.id, () => this.store.finish(job.id, 'failed', { error: reason }));
    }
  }

  private async cancelRequested(id: string): Promise<boolean> {
    try {
      return await this.store.cancelRequested(id);
    } catch {
      return false;
    }
  }

  /** Status writes must not abort the work: if Redis is down the ingest still completes. */
  private async record(id: string, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      this.logger.warn({ jobId: id, err: (err as Error).message }, 'could not record job status');
    }
  }
}
