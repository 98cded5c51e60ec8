import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Job } from '../../../protocol/rest';
import { SAMPLE_FILES } from './sampleFiles';
import { ADMIN, call, createProject, createUser, errorBody, login, startTestServer, type TestServer } from './harness';

/** Many distinct, realistic files: enough batches for a job to be observed running. */
function manyFiles(count: number, tag: string) {
  return Array.from({ length: count }, (_, i) => ({
    path: `gen/${tag}/module${i}.ts`,
    content: Array.from({ length: 12 }, (_, j) => `export function handler${tag}${i}x${j}(input: string): string {\n  const trimmed = input.trim();\n  return trimmed.length > ${j} ? trimmed.slice(${j}) : trimmed;\n}\n`).join('\n'),
  }));
}

describe('server: background ingest jobs', () => {
  let server: TestServer & { stop(): Promise<void> };
  let adminToken: string;
  let owner: { id: string; email: string; token: string };

  const getJob = async (id: string, token = owner.token) => call<Job>(server, 'GET', `/jobs/${id}`, { auth: token });
  async function waitFor(id: string, done: (job: Job) => boolean, timeoutMs = 60_000): Promise<Job> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = Job.parse((await getJob(id)).body);
      if (done(job)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
      await sleep(10);
    }
  }

  before(async () => {
    server = await startTestServer({ maxBodyBytes: 16 * 1024 * 1024, jobConcurrency: 1 });
    adminToken = await login(server, ADMIN.email, ADMIN.password);
    owner = await createUser(server, adminToken);
  });

  after(() => server.stop());

  it('answers 202 at once with a pending job, then completes it with progress and a result', async () => {
    const project = await createProject(server, owner.token);
    const res = await call(server, 'POST', `/projects/${project.id}/ingest-jobs`, { auth: owner.token, body: { files: SAMPLE_FILES } });
    assert.equal(res.status, 202, res.text);
    const job = Job.parse(res.body);
    assert.equal(job.status, 'pending');
    assert.equal(job.projectId, project.id);
    assert.deepEqual(job.progress, { filesDone: 0, filesTotal: 3 });
    assert.equal(res.headers.get('location'), `/api/v1/jobs/${job.id}`);

    const done = await waitFor(job.id, (j) => j.status === 'completed');
    assert.deepEqual(done.progress, { filesDone: 3, filesTotal: 3 });
    assert.ok(done.startedAt && done.finishedAt);
    assert.equal(done.result!.filesChanged, 3);
    assert.equal(done.error, null);
    const listed = (await call(server, 'GET', `/projects/${project.id}/contexts`, { auth: owner.token })).body;
    assert.equal(listed.total, done.result!.contexts);
  });

  it('reports progress while running, and stops between batches when cancelled', async () => {
    const project = await createProject(server, owner.token);
    const files = manyFiles(1000, 'run');
    const job = (await call(server, 'POST', `/projects/${project.id}/ingest-jobs`, { auth: owner.token, body: { files } })).body as Job;
    const running = await waitFor(job.id, (j) => j.status === 'running' && j.progress.filesDone > 0);
    assert.ok(running.progress.filesDone < 1000);
    const cancel = await call(server, 'POST', `/jobs/${job.id}/cancel`, { auth: owner.token });
    assert.equal(cancel.status, 202, cancel.text);
    assert.equal(cancel.body.cancelRequested, true);

    const ended = await waitFor(job.id, (j) => j.status !== 'running');
    assert.equal(ended.status, 'cancelled');
    assert.ok(ended.result, 'a cancelled job reports what it wrote');
    assert.ok(ended.result!.filesChanged < 1000);
    const fetched = (await call(server, 'GET', `/projects/${project.id}`, { auth: owner.token })).body;
    assert.equal(fetched.fileCount, ended.result!.filesChanged, 'the batches written before the cancel stay, nothing else');
  });

  it('cancels a pending job before it starts; a finished job cannot be cancelled', async () => {
    const project = await createProject(server, owner.token);
    const first = (await call(server, 'POST', `/projects/${project.id}/ingest-jobs`, { auth: owner.token, body: { files: manyFiles(300, 'first') } })).body as Job;
    const second = (await call(server, 'POST', `/projects/${project.id}/ingest-jobs`, { auth: owner.token, body: { files: [SAMPLE_FILES[0]] } })).body as Job;
    const cancel = await call(server, 'POST', `/jobs/${second.id}/cancel`, { auth: owner.token });
    assert.equal(cancel.status, 202);
    const cancelled = await waitFor(second.id, (j) => j.status === 'cancelled');
    assert.equal(cancelled.startedAt, null, 'it never ran');
    assert.equal(cancelled.result, null);

    const completed = await waitFor(first.id, (j) => j.status === 'completed');
    const again = await call(server, 'POST', `/jobs/${completed.id}/cancel`, { auth: owner.token });
    assert.equal(again.status, 409);
    assert.equal(errorBody(again).code, 'JOB_FINISHED');
    assert.match(again.body.message, /completed/);
  });

  it('shows a job only to its project’s members; readers cannot cancel', async () => {
    const project = await createProject(server, owner.token);
    const reader = await createUser(server, adminToken);
    const stranger = await createUser(server, adminToken);
    await call(server, 'POST', `/projects/${project.id}/members`, { auth: owner.token, body: { email: reader.email, role: 'reader' } });
    const job = (await call(server, 'POST', `/projects/${project.id}/ingest-jobs`, { auth: owner.token, body: { files: manyFiles(200, 'acl') } })).body as Job;

    assert.equal((await getJob(job.id, reader.token)).status, 200);
    const hidden = await getJob(job.id, stranger.token);
    assert.equal(hidden.status, 404);
    assert.equal(errorBody(hidden).code, 'NOT_FOUND');
    const readerCancel = await call(server, 'POST', `/jobs/${job.id}/cancel`, { auth: reader.token });
    assert.equal(readerCancel.status, 403);
    const readerSubmit = await call(server, 'POST', `/projects/${project.id}/ingest-jobs`, { auth: reader.token, body: { files: SAMPLE_FILES } });
    assert.equal(readerSubmit.status, 403);
    await waitFor(job.id, (j) => j.status === 'completed');
  });

  it('validates job ids and requests before accepting anything', async () => {
    const project = await createProject(server, owner.token);
    assert.equal((await getJob('123')).status, 400);
    assert.equal((await getJob(randomUUID())).status, 404);
    const bad = await call(server, 'POST', `/projects/${project.id}/ingest-jobs`, { auth: owner.token, body: { files: [{ path: '../x.ts', content: 'x' }] } });
    assert.equal(bad.status, 400);
    const wrongDims = await call(server, 'POST', `/projects/${project.id}/ingest-jobs`, {
      auth: owner.token,
      body: { files: SAMPLE_FILES, embeddings: { model: 'job-model', vectors: { ['a'.repeat(64)]: [1, 2], ['b'.repeat(64)]: [1, 2, 3] } } },
    });
    assert.equal(wrongDims.status, 400);
    assert.equal(errorBody(wrongDims).code, 'DIMENSION_MISMATCH');
  });
});
