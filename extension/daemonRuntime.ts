import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUNTIME_CHECK_FLAG, type RuntimeCheckResult } from '../protocol/lsp';

/** The binary the daemon runs on, and why that one. */
export interface DaemonRuntime {
  path: string;
  source: 'setting' | 'path' | 'editor';
  /** Extra environment: Electron runs as plain Node only when asked. */
  env: Record<string, string>;
}

export class RuntimeNotFoundError extends Error {
  constructor(setting: string) {
    super(
      `The daemon runtime "${setting}" (setting mobius.daemon.runtime) was not found. ` +
        'Set it to the absolute path of a Node 20 binary, or clear it to use the `node` on your PATH.',
    );
    this.name = 'RuntimeNotFoundError';
  }
}

/**
 * Picks the daemon's runtime: the `mobius.daemon.runtime` setting (a path, or a name looked up on
 * PATH), else `node` on PATH, else the editor's own binary. The native index module must match
 * that runtime's ABI, so the choice is explicit and shown in the logs.
 */
export function resolveDaemonRuntime(
  setting: string,
  env: NodeJS.ProcessEnv = process.env,
  execPath = process.execPath,
  isElectron = process.versions.electron !== undefined,
): DaemonRuntime {
  const wanted = setting.trim();
  if (wanted) {
    const found = path.isAbsolute(wanted) ? (isExecutable(wanted) ? wanted : null) : findOnPath(wanted, env);
    if (!found) throw new RuntimeNotFoundError(wanted);
    return { path: found, source: 'setting', env: {} };
  }
  const node = findOnPath('node', env);
  if (node) return { path: node, source: 'path', env: {} };
  return { path: execPath, source: 'editor', env: isElectron ? { ELECTRON_RUN_AS_NODE: '1' } : {} };
}

export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD').split(';').concat('') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Runs `daemon --check-runtime` on the runtime: does the native module load there? */
export function checkDaemonRuntime(runtime: DaemonRuntime, daemonModule: string): Promise<RuntimeCheckResult> {
  return new Promise((resolve, reject) => {
    execFile(runtime.path, [daemonModule, RUNTIME_CHECK_FLAG], { env: { ...process.env, ...runtime.env }, timeout: 30_000 }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as RuntimeCheckResult);
      } catch {
        const why = err ? err.message : 'it printed no result';
        reject(new Error(`Could not run the Mobius daemon with ${runtime.path} (${why}). ${stderr.trim().split('\n')[0] ?? ''}`.trim()));
      }
    });
  });
}
