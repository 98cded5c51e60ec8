// Runs a private code-server (VS Code 1.100 in the browser) for one test run: its own port,
// user-data and extensions folders, the built .vsix installed, nothing reaching the internet.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/freePort';

const run = promisify(execFile);
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const CODE_SERVER_BIN = path.join(REPO_ROOT, 'test/e2e/.work/code-server/node_modules/.bin/code-server');

/** Settings that keep the workbench quiet and the editor literal (no auto-closing while typing). */
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'files.autoSave': 'off',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.minimap.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'mobius.logLevel': 'debug',
};

/** No extension gallery: nothing may try the public marketplace. */
const OFFLINE_GALLERY = JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery' });

export interface CodeServerOptions {
  /** Scratch folder for this run (user data, extensions, config, logs). */
  workDir: string;
  vsix: string;
  logFile: string;
}

export class CodeServer {
  private constructor(
    readonly url: string,
    readonly extensionsDir: string,
    readonly userDataDir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    if (!fs.existsSync(CODE_SERVER_BIN)) {
      throw new Error(`code-server is not installed at ${CODE_SERVER_BIN}: run scripts/setup-e2e.sh first.`);
    }
    const extensionsDir = path.join(options.workDir, 'extensions');
    const userDataDir = path.join(options.workDir, 'user-data');
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.mkdirSync(extensionsDir, { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    const env = { ...process.env, EXTENSIONS_GALLERY: OFFLINE_GALLERY };

    await run(CODE_SERVER_BIN, ['--install-extension', options.vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], { env });

    const port = await freePort();
    const config = path.join(options.workDir, 'config.yaml');
    fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
    const log = fs.openSync(options.logFile, 'w');
    const child = spawn(CODE_SERVER_BIN, [
      '--config', config, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    ], { env, stdio: ['ignore', log, log], detached: true });
    fs.closeSync(log);
    const server = new CodeServer(`http://127.0.0.1:${port}`, extensionsDir, userDataDir, child);
    await server.waitHealthy(60_000);
    return server;
  }

  /** The workbench URL that opens `folder`. */
  workbenchUrl(folder: string): string {
    return `${this.url}/?folder=${encodeURIComponent(folder)}`;
  }

  /** Stops code-server and everything it started (extension host, daemon): they share its process group. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.pid === undefined) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    process.kill(-this.child.pid, 'SIGTERM');
    const timeout = setTimeout(() => process.kill(-this.child.pid!, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timeout);
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`code-server exited with code ${this.child.exitCode}; see its log.`);
      try {
        const res = await fetch(`${this.url}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`code-server did not answer ${this.url}/healthz within ${timeoutMs} ms.`);
  }
}

/** Processes whose command line contains every one of `needles` (from `ps`). */
export async function findProcesses(...needles: string[]): Promise<{ pid: number; args: string }[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,args=']);
  return stdout.split('\n').map((line) => line.trim()).filter(Boolean)
    .map((line) => ({ pid: Number(line.slice(0, line.indexOf(' '))), args: line.slice(line.indexOf(' ') + 1) }))
    .filter((p) => needles.every((n) => p.args.includes(n)));
}
