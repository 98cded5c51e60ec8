// Runs the extension's integration suite in desktop VS Code through @vscode/test-electron.
// It needs a VS Code binary: $VSCODE_EXECUTABLE, or one @vscode/test-electron downloads. Machines
// without internet access (like the CI here) cannot download it: the run says so and is skipped.
// usage: npm run build && npx tsx test/e2e/electron/runElectronTests.ts
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const VSCODE_VERSION = '1.100.3';

async function vscodeExecutable(): Promise<string | null> {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  try {
    return await downloadAndUnzipVSCode({ version: VSCODE_VERSION, timeout: 30_000 });
  } catch (err) {
    console.log(
      `SKIPPED: the desktop VS Code tests need VS Code ${VSCODE_VERSION}, and downloading it failed ` +
        `(${err instanceof Error ? err.message : String(err)}). This machine cannot reach the VS Code download servers; ` +
        'the same behaviours run in code-server (npm run test:e2e). Set VSCODE_EXECUTABLE to a VS Code binary to run them here.',
    );
    return null;
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build` first.');
  const executable = await vscodeExecutable();
  if (!executable) return;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-electron-'));
  try {
    const suite = path.join(REPO_ROOT, 'test/e2e/.work/electron/suite.js');
    await esbuild.build({
      entryPoints: [path.join(__dirname, 'suite.ts')], outfile: suite, bundle: true, platform: 'node', format: 'cjs',
      target: 'node20', external: ['vscode', 'mocha'], logLevel: 'warning',
    });
    const workspace = path.join(work, 'shop');
    fs.cpSync(path.join(REPO_ROOT, 'test/e2e/fixtures/shop'), workspace, { recursive: true });
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: suite,
      extensionTestsEnv: { MOBIUS_HOME: path.join(work, 'mobius-home') },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(work, 'user-data')],
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
