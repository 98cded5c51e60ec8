import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Member, Project, ProjectList } from '../../../protocol/rest';
import { ADMIN, call, createProject, createUser, errorBody, login, startTestServer, type TestServer } from './harness';

describe('server: projects and members', () => {
  let server: TestServer & { stop(): Promise<void> };
  let adminToken: string;
  let alice: { id: string; email: string; token: string };
  let bob: { id: string; email: string; token: string };

  before(async () => {
    server = await startTestServer();
    adminToken = await login(server, ADMIN.email, ADMIN.password);
    alice = await createUser(server, adminToken);
    bob = await createUser(server, adminToken);
  });

  after(() => server.stop());

  it('creates a project whose creator is its owner', async () => {
    const res = await call(server, 'POST', '/projects', {
      auth: alice.token,
      body: { name: '  payments  ', description: 'Payment services', repositoryUrl: 'https://git.example.com/pay.git', language: 'typescript', tags: ['backend'], metadata: { team: 'pay' } },
    });
    assert.equal(res.status, 201);
    const project = Project.parse(res.body);
    assert.equal(project.name, 'payments');
    assert.equal(project.ownerId, alice.id);
    assert.equal(project.role, 'owner');
    assert.equal(project.defaultRef, 'main');
    assert.deepEqual(project.metadata, { team: 'pay' });
    const members = await call(server, 'GET', `/projects/${project.id}/members`, { auth: alice.token });
    assert.deepEqual(members.body.items.map((m: Member) => [m.email, m.role]), [[alice.email, 'owner']]);
  });

  it('refuses a second project of the same name for the same owner, and bad fields', async () => {
    await createProject(server, alice.token, 'dup-name');
    const dup = await call(server, 'POST', '/projects', { auth: alice.token, body: { name: 'dup-name' } });
    assert.equal(dup.status, 409);
    assert.equal(errorBody(dup).code, 'PROJECT_NAME_TAKEN');
    assert.equal((await call(server, 'POST', '/projects', { auth: bob.token, body: { name: 'dup-name' } })).status, 201, 'another owner may reuse it');
    const bad = await call(server, 'POST', '/projects', { auth: alice.token, body: { name: '', repositoryUrl: 'ftp://x', language: 'cobol', owner: 'me' } });
    assert.equal(bad.status, 400);
    const paths = bad.body.details.map((d: { path: string }) => d.path);
    for (const p of ['body.name', 'body.repositoryUrl', 'body.language', 'body']) assert.ok(paths.includes(p), p);
  });

  it('lists only the caller’s projects, paginated, with name search', async () => {
    const user = await createUser(server, adminToken);
    for (const name of ['alpha-api', 'beta-web', 'gamma-api', 'delta_100%']) await createProject(server, user.token, name);
    await createProject(server, bob.token, 'bob-api');

    const page1 = await call(server, 'GET', '/projects?limit=3&offset=0', { auth: user.token });
    assert.equal(page1.status, 200);
    const list = ProjectList.parse(page1.body);
    assert.equal(list.total, 4);
    assert.equal(list.items.length, 3);
    const page2 = await call(server, 'GET', '/projects?limit=3&offset=3', { auth: user.token });
    assert.equal(page2.body.items.length, 1);
    const all = [...list.items, ...page2.body.items].map((p: { name: string }) => p.name).sort();
    assert.deepEqual(all, ['alpha-api', 'beta-web', 'delta_100%', 'gamma-api']);

    const api = await call(server, 'GET', '/projects?search=API', { auth: user.token });
    assert.deepEqual(api.body.items.map((p: { name: string }) => p.name).sort(), ['alpha-api', 'gamma-api']);
    const literal = await call(server, 'GET', `/projects?search=${encodeURIComponent('_100%')}`, { auth: user.token });
    assert.deepEqual(literal.body.items.map((p: { name: string }) => p.name), ['delta_100%'], 'LIKE wildcards in the search are literal');

    const badPage = await call(server, 'GET', '/projects?limit=0&offset=-1&sort=name', { auth: user.token });
    assert.equal(badPage.status, 400);
    assert.deepEqual(badPage.body.details.map((d: { path: string }) => d.path).sort(), ['query', 'query.limit', 'query.offset']);
  });

  it('hides a project from non-members: every route answers 404', async () => {
    const project = await createProject(server, alice.token);
    const routes: [string, string, unknown?][] = [
      ['GET', `/projects/${project.id}`],
      ['PATCH', `/projects/${project.id}`, { description: 'mine now' }],
      ['DELETE', `/projects/${project.id}`],
      ['GET', `/projects/${project.id}/members`],
      ['POST', `/projects/${project.id}/members`, { email: bob.email, role: 'owner' }],
      ['GET', `/projects/${project.id}/contexts`],
      ['POST', `/projects/${project.id}/contexts`, { files: [{ path: 'a.ts', content: 'x' }] }],
      ['POST', `/projects/${project.id}/ingest-jobs`, { files: [{ path: 'a.ts', content: 'x' }] }],
      ['POST', '/search', { query: 'x', projectId: project.id }],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(server, method, path, { auth: bob.token, body });
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.equal(errorBody(res).code, 'NOT_FOUND');
    }
    const missing = await call(server, 'GET', `/projects/${randomUUID()}`, { auth: alice.token });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.message, (await call(server, 'GET', `/projects/${project.id}`, { auth: bob.token })).body.message, 'the same answer either way');
    const list = await call(server, 'GET', '/projects', { auth: bob.token });
    assert.ok(!list.body.items.some((p: { id: string }) => p.id === project.id));
  });

  it('updates with PATCH: owners only, unknown fields refused, empty updates refused', async () => {
    const project = await createProject(server, alice.token);
    const res = await call(server, 'PATCH', `/projects/${project.id}`, { auth: alice.token, body: { description: 'Updated', tags: ['a', 'b'], defaultRef: 'develop' } });
    assert.equal(res.status, 200);
    assert.equal(res.body.description, 'Updated');
    assert.deepEqual(res.body.tags, ['a', 'b']);
    assert.equal(res.body.defaultRef, 'develop');
    assert.ok(res.body.updatedAt > project.updatedAt);

    const unknown = await call(server, 'PATCH', `/projects/${project.id}`, { auth: alice.token, body: { description: 'x', ownerId: bob.id } });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /unknown field\(s\): ownerId/);
    const empty = await call(server, 'PATCH', `/projects/${project.id}`, { auth: alice.token, body: {} });
    assert.equal(empty.status, 400);
    assert.match(empty.body.message, /names no field/);
    const badRef = await call(server, 'PATCH', `/projects/${project.id}`, { auth: alice.token, body: { defaultRef: '../etc' } });
    assert.equal(badRef.status, 400);

    await call(server, 'POST', `/projects/${project.id}/members`, { auth: alice.token, body: { email: bob.email, role: 'writer' } });
    const writer = await call(server, 'PATCH', `/projects/${project.id}`, { auth: bob.token, body: { description: 'by a writer' } });
    assert.equal(writer.status, 403);
    assert.equal(errorBody(writer).code, 'FORBIDDEN');
  });

  it('manages members with roles, and never leaves a project without an owner', async () => {
    const project = await createProject(server, alice.token);
    const added = await call(server, 'POST', `/projects/${project.id}/members`, { auth: alice.token, body: { email: bob.email.toUpperCase(), role: 'reader' } });
    assert.equal(added.status, 201);
    assert.equal(Member.parse(added.body).role, 'reader');
    const again = await call(server, 'POST', `/projects/${project.id}/members`, { auth: alice.token, body: { email: bob.email, role: 'writer' } });
    assert.equal(again.status, 409);
    assert.equal(errorBody(again).code, 'ALREADY_MEMBER');
    const nobody = await call(server, 'POST', `/projects/${project.id}/members`, { auth: alice.token, body: { email: 'ghost@example.com', role: 'reader' } });
    assert.equal(nobody.status, 404);

    const seen = await call(server, 'GET', `/projects/${project.id}`, { auth: bob.token });
    assert.equal(seen.status, 200);
    assert.equal(seen.body.role, 'reader');
    const readerAdds = await call(server, 'POST', `/projects/${project.id}/members`, { auth: bob.token, body: { email: ADMIN.email, role: 'reader' } });
    assert.equal(readerAdds.status, 403);

    const demoteSelf = await call(server, 'PATCH', `/projects/${project.id}/members/${alice.id}`, { auth: alice.token, body: { role: 'writer' } });
    assert.equal(demoteSelf.status, 409);
    assert.equal(errorBody(demoteSelf).code, 'LAST_OWNER');
    const leave = await call(server, 'DELETE', `/projects/${project.id}/members/${alice.id}`, { auth: alice.token });
    assert.equal(leave.status, 409);

    const promote = await call(server, 'PATCH', `/projects/${project.id}/members/${bob.id}`, { auth: alice.token, body: { role: 'owner' } });
    assert.equal(promote.status, 200);
    assert.equal(promote.body.role, 'owner');
    assert.equal((await call(server, 'DELETE', `/projects/${project.id}/members/${alice.id}`, { auth: alice.token })).status, 204, 'an owner may leave once another owner exists');
    assert.equal((await call(server, 'GET', `/projects/${project.id}`, { auth: alice.token })).status, 404);
    const members = await call(server, 'GET', `/projects/${project.id}/members`, { auth: bob.token });
    assert.deepEqual(members.body.items.map((m: Member) => m.email), [bob.email]);
  });

  it('keeps one owner when two owners demote each other at the same time', async () => {
    const project = await createProject(server, alice.token);
    await call(server, 'POST', `/projects/${project.id}/members`, { auth: alice.token, body: { email: bob.email, role: 'owner' } });
    const [a, b] = await Promise.all([
      call(server, 'PATCH', `/projects/${project.id}/members/${bob.id}`, { auth: alice.token, body: { role: 'reader' } }),
      call(server, 'PATCH', `/projects/${project.id}/members/${alice.id}`, { auth: bob.token, body: { role: 'reader' } }),
    ]);
    // One wins; the other is refused either under the member lock (409, no owner would remain)
    // or before it, when the winner's change already made it a reader (403).
    const statuses = [a.status, b.status].sort();
    assert.equal(statuses[0], 200);
    assert.ok([403, 409].includes(statuses[1]), `second answer ${statuses[1]}`);
    const members = (await call(server, 'GET', `/projects/${project.id}/members`, { auth: alice.token })).body.items;
    assert.equal(members.filter((m: Member) => m.role === 'owner').length, 1);
  });

  it('deletes a project (owners only) with everything in it', async () => {
    const project = await createProject(server, alice.token);
    await call(server, 'POST', `/projects/${project.id}/members`, { auth: alice.token, body: { email: bob.email, role: 'writer' } });
    const ingest = await call(server, 'POST', `/projects/${project.id}/contexts`, { auth: bob.token, body: { files: [{ path: 'a.py', content: 'def hello():\n    return 1\n' }] } });
    assert.equal(ingest.status, 200);
    assert.equal((await call(server, 'DELETE', `/projects/${project.id}`, { auth: bob.token })).status, 403);
    assert.equal((await call(server, 'DELETE', `/projects/${project.id}`, { auth: alice.token })).status, 204);
    assert.equal((await call(server, 'GET', `/projects/${project.id}`, { auth: alice.token })).status, 404);
    assert.equal((await call(server, 'GET', `/projects/${project.id}/contexts`, { auth: bob.token })).status, 404);
  });

  it('validates UUIDs in paths', async () => {
    for (const path of ['/projects/123', `/projects/${randomUUID()}x/members`, '/projects/%00/members']) {
      const res = await call(server, 'GET', path, { auth: alice.token });
      assert.equal(res.status, 400, path);
      assert.equal(errorBody(res).code, 'VALIDATION_FAILED');
      assert.match(res.body.message, /must be a UUID/);
    }
  });
});
