// Team search from the editor: a real team server (PostgreSQL, Redis of this machine) holds a
// teammate's code; VS Code (code-server + Chromium) connects to it through the Connect command,
// syncs its own committed code, and finds and previews a file that only the teammate has.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ADMIN, call, createProject, createUser, login, startTestServer,
} from '../integration/server/harness';
import { runCliAsync } from '../support/cli';
import { commitAll, runGit } from '../support/gitRepo';
import { CodeServer, REPO_ROOT } from './support/codeServer';
import { panelFrame, searchFor } from './support/panel';
import { builtVsix } from './support/vsix';
import { Workbench } from './support/workbench';

const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output/e2e/team');
const FIXTURE = path.join(REPO_ROOT, 'test/e2e/fixtures/shop');
const INDEX_READY = /^Mobius index: ready, (\d+) chunks$/;
const TEAM_ID = 'mobius-dev.mobius.team';
const TEAMMATE_FILE = `/** Shipping cost of a parcel by weight and zone, in cents. */
export function computeShippingRate(weightGrams: number, zone: 'domestic' | 'international'): number {
  const base = zone === 'domestic' ? 450 : 1800;
  return base + Math.ceil(weightGrams / 500) * 120;
}
`;

describe('Team search in VS Code (code-server + Chromium + team server)', function () {
  let work: string;
  let workspace: string;
  let code: CodeServer;
  let workbench: Workbench;
  let team: Awaited<ReturnType<typeof startTestServer>>;
  let token: string;
  let projectId: string;
  let apiKey: string;

  before(async function () {
    this.timeout(240_000);
    fs.rmSync(OUTPUT_DIR, { recursive: true, force: true });
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    team = await startTestServer();
    const admin = await login(team, ADMIN.email, ADMIN.password);
    const user = await createUser(team, admin);
    token = user.token;
    projectId = (await createProject(team, token, 'shop')).id;
    const key = await call(team, 'POST', '/api-keys', { auth: token, body: { name: 'vscode' } });
    apiKey = key.body.key;
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-e2e-team-'));
    workspace = path.join(work, 'shop');
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    commitAll(workspace, 'shop', '2026-01-01T10:00:00Z');
    // A teammate is one commit ahead on main, with a file this checkout does not have yet, and
    // synced it with the CLI. This checkout's older manifest must not undo that.
    const teammate = path.join(work, 'teammate');
    runGit(work, ['clone', '-q', workspace, teammate]);
    fs.mkdirSync(path.join(teammate, 'src/shipping'));
    fs.writeFileSync(path.join(teammate, 'src/shipping/rates.ts'), TEAMMATE_FILE);
    commitAll(teammate, 'shipping rates', '2026-02-01T10:00:00Z');
    const synced = await runCliAsync(['sync', teammate, '--db', path.join(work, 'teammate.sqlite'), '--json'], {
      MOBIUS_SERVER_URL: team.url, MOBIUS_PROJECT_ID: projectId, MOBIUS_API_KEY: apiKey,
    });
    assert.equal(synced.status, 0, synced.stderr);
    assert.equal(JSON.parse(synced.stdout).filesUploaded, 7);
    process.env.MOBIUS_HOME = path.join(work, 'mobius-home');
    code = await CodeServer.start({ workDir: work, vsix: builtVsix(), logFile: path.join(OUTPUT_DIR, 'code-server.log') });
    workbench = await Workbench.open(code.workbenchUrl(workspace), path.join(work, 'chromium'), OUTPUT_DIR);
    await workbench.waitForStatusLabel('mobius-dev.mobius.index', INDEX_READY, 150_000);
  });

  after(async function () {
    this.timeout(60_000);
    await workbench?.close();
    await code?.stop();
    await team?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await workbench.screenshot('failed');
  });

  it('connects with Mobius: Connect to Team Server and syncs the committed workspace', async function () {
    this.timeout(120_000);
    await workbench.runCommand('Mobius: Connect to Team Server');
    await workbench.page.locator('.quick-input-widget', { hasText: 'URL of the team server' }).waitFor({ timeout: 20_000 });
    await workbench.quickInput().fill(team.url);
    await workbench.quickInput().press('Enter');
    await workbench.page.locator('.quick-input-widget', { hasText: 'Your API key' }).waitFor({ timeout: 20_000 });
    await workbench.quickInput().fill(apiKey);
    await workbench.quickInput().press('Enter');
    const row = workbench.quickInputRows().filter({ hasText: 'shop' }).first();
    await row.waitFor({ timeout: 20_000 });
    await workbench.screenshot('choose-project');
    await row.click();
    await workbench.waitForStatusLabel(TEAM_ID, /Team synced/, 60_000);
    await workbench.screenshot('team-synced');

    const settings = JSON.parse(fs.readFileSync(path.join(workspace, '.vscode/settings.json'), 'utf8'));
    assert.equal(settings['mobius.team.projectId'], projectId);
    assert.ok(!JSON.stringify(settings).includes(apiKey), 'the API key is not in the settings');
    const found = await call(team, 'POST', '/search', { auth: token, body: { query: 'applyDiscount', projectId, mode: 'keyword' } });
    assert.equal(found.body.results[0]?.path, 'src/billing/invoice.ts', 'the workspace reached the team index');
  });

  it("finds a teammate's function and opens it as a read-only preview from the server", async function () {
    this.timeout(120_000);
    await workbench.openQuickSearch();
    await workbench.quickInput().fill('computeShippingRate');
    const row = workbench.quickInputRows().filter({ hasText: 'computeShippingRate' }).first();
    await row.waitFor({ timeout: 20_000 });
    assert.match((await row.textContent()) ?? '', /src\/shipping\/rates\.ts:1 \(team\)/);
    await workbench.screenshot('team-result');
    await row.click();
    await workbench.page.locator('.editor-group-container.active .tab.active', { hasText: 'rates.ts' }).waitFor({ timeout: 20_000 });
    const editorText = workbench.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    await editorText.filter({ hasText: 'computeShippingRate' }).waitFor({ timeout: 20_000 });
    await workbench.waitForCursorLine(1);
    await workbench.typeAtEndOfEditor('// try to edit');
    assert.equal(await workbench.activeTabIsDirty(), false, 'the preview is read-only');
    assert.ok(!fs.existsSync(path.join(workspace, 'src/shipping/rates.ts')), 'nothing was written to the workspace');
    await workbench.screenshot('team-preview');
  });

  it('searches the team from the panel: team scopes offered, team hits badged, and This workspace leaves them out', async function () {
    this.timeout(120_000);
    await workbench.runCommand('View: Close All Editor Groups');
    await workbench.runCommand('Mobius: Search Code');
    const frame = await panelFrame(workbench.page, 'view');
    await frame.locator('button[aria-controls="filters"]').click();
    // Connected: every scope is offered, and a new panel starts from mobius.team.searchScope ("both").
    await frame.locator('.scope input[value="both"]:checked').waitFor({ timeout: 20_000 });
    assert.equal(await frame.locator('.scope input[value="team"]').isDisabled(), false);
    await searchFor(frame, 'computeShippingRate', 'computeShippingRate');
    const teamRow = frame.locator('#results [role="option"]', { hasText: 'computeShippingRate' }).first();
    assert.equal(await teamRow.locator('.row-team').textContent(), 'team');
    assert.equal(await frame.locator('#results .row-name').first().textContent(), 'computeShippingRate', 'the function named in the query ranks first');
    await workbench.screenshot('panel-team-scope');

    const chooseScope = (scope: string) => frame.locator('.scope-option').filter({ has: frame.locator(`input[value="${scope}"]`) }).click();
    await chooseScope('local');
    // This workspace alone: its own near matches (computeInvoiceTotal), no team hit.
    await frame.locator('#results .row-team').first().waitFor({ state: 'detached', timeout: 20_000 });
    const localNames = await frame.locator('#results .row-name').allTextContents();
    assert.ok(!localNames.includes('computeShippingRate'), `not in this workspace: ${JSON.stringify(localNames)}`);
    await workbench.screenshot('panel-local-scope');
    // The team alone: the teammate's function first, from the server.
    await chooseScope('team');
    await teamRow.waitFor({ timeout: 20_000 });
    assert.equal(await frame.locator('#results .row-name').first().textContent(), 'computeShippingRate');
    await workbench.screenshot('panel-team-only');
  });

  it('disconnects: the settings go, the team item leaves the status bar, and search is local again, in the panel at once', async function () {
    this.timeout(120_000);
    await workbench.runCommand('Mobius: Disconnect from Team Server');
    await workbench.statusItem(TEAM_ID).waitFor({ state: 'hidden', timeout: 30_000 });
    // The command removes the two settings one after the other; the item hides after the first.
    const settingsFile = path.join(workspace, '.vscode/settings.json');
    const teamSettings = () => {
      const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
      return [settings['mobius.team.serverUrl'], settings['mobius.team.projectId']];
    };
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && teamSettings().some((v) => v !== undefined);) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(teamSettings(), [undefined, undefined]);

    // The open panel hears of it: this workspace alone is offered, and says how to connect again.
    const frame = await panelFrame(workbench.page, 'view');
    await frame.locator('.scope input[value="team"][disabled]').waitFor({ state: 'attached', timeout: 20_000 });
    assert.equal(await frame.locator('.scope input[value="local"]').isChecked(), true);
    const teamOption = frame.locator('.scope-option').filter({ has: frame.locator('input[value="team"]') });
    assert.match((await teamOption.getAttribute('title')) ?? '', /Mobius: Connect to Team Server/);
    await frame.locator('#results .row-team').first().waitFor({ state: 'detached', timeout: 20_000 });
    assert.ok(!(await frame.locator('#results .row-name').allTextContents()).includes('computeShippingRate'));

    await workbench.openQuickSearch();
    await workbench.quickInput().fill('computeShippingRate');
    await workbench.quickInputRows().filter({ hasText: 'computeInvoiceTotal' }).first().waitFor({ timeout: 20_000 });
    const rows = await workbench.quickInputRows().allTextContents();
    assert.ok(!rows.some((r) => r.includes('(team)')), `no team result after disconnecting: ${JSON.stringify(rows)}`);
    await workbench.screenshot('disconnected');
    await workbench.closeQuickInput();
  });
});
