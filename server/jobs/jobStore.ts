import type Redis from 'ioredis';
import type { IngestResult, Job, JobStatus } from '../../protocol/rest';
import { ApiError } from '../http/apiError';

const FINAL: JobStatus[] = ['completed', 'failed', 'cancelled'];

// Sets the cancel flag only while the job can still stop, atomically, so a job that finishes at
// the same moment is never reported as both completed and cancelled-by-request.
const REQUEST_CANCEL = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return -1 end
if status == 'pending' or status == 'running' then
  redis.call('HSET', KEYS[1], 'cancelRequested', '1')
  return 1
end
return 0`;

export type CancelOutcome = 'requested' | 'finished' | 'missing';

const unavailable = () =>
  new ApiError(503, 'JOBS_UNAVAILABLE', 'Job status lives in Redis, which is not answering; use the synchronous ingest endpoint or retry later', undefined, { 'Retry-After': '5' });

/**
 * Job records in Redis hashes (one field per attribute, so progress updates and cancel requests
 * never overwrite each other), expiring `ttlSeconds` after their last change. Without Redis no
 * job can be tracked, so these calls fail with 503 JOBS_UNAVAILABLE rather than guess.
 */
export class JobStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  private key(id: string): string {
    return `job:${id}`;
  }

  async create(job: Job): Promise<void> {
    await this.write(job.id, {
      id: job.id,
      projectId: job.projectId,
      kind: job.kind,
      status: job.status,
      progress: JSON.stringify(job.progress),
      cancelRequested: '0',
      createdAt: job.createdAt,
    });
  }

  async get(id: string): Promise<Job | null> {
    let fields: Record<string, string>;
    try {
      fields = await this.redis.hgetall(this.key(id));
    } catch {
      throw unavailable();
    }
    if (!fields.id) return null;
    return {
      id: fields.id,
      projectId: fields.projectId,
      kind: 'ingest',
      status: fields.status as JobStatus,
      progress: JSON.parse(fields.progress),
      cancelRequested: fields.cancelRequested === '1',
      error: fields.error ?? null,
      result: fields.result ? (JSON.parse(fields.result) as IngestResult) : null,
      createdAt: fields.createdAt,
      startedAt: fields.startedAt ?? null,
      finishedAt: fields.finishedAt ?? null,
    };
  }

  async markRunning(id: string): Promise<void> {
    await this.write(id, { status: 'running', startedAt: new Date().toISOString() });
  }

  async progress(id: string, filesDone: number, filesTotal: number): Promise<void> {
    await this.write(id, { progress: JSON.stringify({ filesDone, filesTotal }) });
  }

  async finish(id: string, status: Extract<JobStatus, 'completed' | 'failed' | 'cancelled'>, outcome: { result?: IngestResult; error?: string }): Promise<void> {
    const fields: Record<string, string> = { status, finishedAt: new Date().toISOString() };
    if (outcome.result) fields.result = JSON.stringify(outcome.result);
    if (outcome.error) fields.error = outcome.error;
    await this.write(id, fields);
  }

  async requestCancel(id: string): Promise<CancelOutcome> {
    let outcome: number;
    try {
      outcome = (await this.redis.eval(REQUEST_CANCEL, 1, this.key(id))) as number;
    } catch {
      throw unavailable();
    }
    return outcome === 1 ? 'requested' : outcome === 0 ? 'finished' : 'missing';
  }

  async cancelRequested(id: string): Promise<boolean> {
    return (await this.redis.hget(this.key(id), 'cancelRequested')) === '1';
  }

  static isFinal(status: JobStatus): boolean {
    return FINAL.includes(status);
  }

  private async write(id: string, fields: Record<string, string>): Promise<void> {
    try {
      await this.redis.multi().hset(this.key(id), fields).expire(this.key(id), this.ttlSeconds).exec();
    } catch {
      throw unavailable();
    }
  }
}
