import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'mobius.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Asserts the bundles exist: CLI tests run the built `bin`, as users do. */
export function requireBuild(): void {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli.js'))) {
    throw new Error('dist/cli.js is missing: run `npm run build` (npm test builds first).');
  }
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** {@link runCli} without blocking this process's event loop (needed when this process also serves what the CLI calls). */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}, cwd = REPO_ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Starts the CLI and resolves once stderr has printed a line matching `pattern`. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; stderr: ${stderr}`)), timeoutMs);
      const check = () => {
        if (pattern.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        check();
      });
      child.on('exit', () => reject(new Error(`exited before ${pattern}; stderr: ${stderr}`)));
    });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? null : code)));
  return { child, waitFor, exited };
}
