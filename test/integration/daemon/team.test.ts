// Two daemons (two users, one project) sync one repository to the real team server: the second
// uploads no chunk content, and searches the team's index from the editor's protocol.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, SetTeamCredentialsNotification, SyncNowRequest, type IndexState } from '../../../protocol/lsp';
import { cloneGitRepo, makeGitRepo, type GitRepo } from '../../support/gitRepo';
import { ADMIN, call, createProject, createUser, login, startTestServer } from '../server/harness';
import { DaemonProcess } from './daemonProcess';

const synced = (s: IndexState) => s.folders.length > 0 && s.folders.every((f) => f.team.phase === 'synced');

describe('daemons syncing with the team server', function () {
  this.timeout(120_000);
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let projectId: string;
  let keys: string[];
  let home: string;
  const repos: GitRepo[] = [];
  const daemons: DaemonProcess[] = [];

  before(async () => {
    server = await startTestServer();
    const admin = await login(server, ADMIN.email, ADMIN.password);
    const users = [await createUser(server, admin), await createUser(server, admin)];
    projectId = (await createProject(server, users[0].token)).id;
    await call(server, 'POST', `/projects/${projectId}/members`, { auth: users[0].token, body: { email: users[1].email, role: 'writer' } });
    keys = await Promise.all(users.map(async (u) => (await call(server, 'POST', '/api-keys', { auth: u.token, body: { name: 'daemon' } })).body.key as string));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-team-daemons-'));
  });

  after(async () => {
    for (const d of daemons) await d.stop();
    for (const r of repos) r.cleanup();
    fs.rmSync(home, { recursive: true, force: true });
    await server?.stop();
  });

  async function startMember(repo: GitRepo, apiKey: string, name: string): Promise<DaemonProcess> {
    const team = { ...DEFAULT_SETTINGS.team, serverUrl: server.url, projectId };
    const { daemon } = await DaemonProcess.start({ folders: [repo.root], mobiusHome: path.join(home, name), settings: { team } });
    daemons.push(daemon);
    await daemon.connection.sendNotification(SetTeamCredentialsNotification.type, { apiKey });
    await daemon.waitForState(synced, 60_000, 'the folder synced with the team');
    return daemon;
  }

  const syncLine = (daemon: DaemonProcess) => daemon.logs.find((l) => l.startsWith('Synced ')) ?? '';

  it('the second member of the same commit uploads no chunk content', async () => {
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`pkg/area${i}.py`, `def settle_invoice_${i}(amount):\n    """Settles invoice ${i}."""\n    return amount * ${i}\n`]));
    const first = makeGitRepo(files);
    first.commit('initial');
    const second = cloneGitRepo(first);
    repos.push(first, second);

    const alice = await startMember(first, keys[0], 'alice');
    assert.match(syncLine(alice), /: 30 files, 30 uploaded \(\d+ chunks/);
    const bob = await startMember(second, keys[1], 'bob');
    assert.match(syncLine(bob), /: 30 files, 0 uploaded \(0 chunks, 0 vectors/);

    const state = await bob.connection.sendRequest(SyncNowRequest.type, {});
    assert.ok(synced(state));
    const hits = await bob.search('settle_invoice_7', { scope: 'team' });
    assert.equal(hits.hits[0]?.path, 'pkg/area7.py');
    assert.equal(hits.hits[0]?.origin, 'team');
    assert.ok(hits.hits[0]?.uri.startsWith('file:'), 'a team hit for a file on this disk with the same content opens the local file');
  });
});
