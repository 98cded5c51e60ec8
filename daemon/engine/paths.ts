import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The per-user folder Mobius keeps its indexes in: $MOBIUS_HOME, else the platform's cache folder. */
export function mobiusHome(): string {
  if (process.env.MOBIUS_HOME) return path.resolve(process.env.MOBIUS_HOME);
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return path.join(process.env.LOCALAPPDATA, 'mobius');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'mobius');
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'mobius');
}

/** One index file per folder, named so a person can tell which folder it belongs to. */
export function defaultDbPath(root: string): string {
  const real = fs.realpathSync(root);
  const id = createHash('sha256').update(real).digest('hex').slice(0, 12);
  const name = path.basename(real).replace(/[^\w.-]+/g, '_') || 'root';
  return path.join(mobiusHome(), 'indexes', `${name}-${id}.sqlite`);
}

/** The parse worker script beside this module: the bundle's .js, or the .ts source under tsx. */
export function parseWorkerScript(): string {
  return __filename.endsWith('.ts') ? path.join(__dirname, 'index', 'parseWorker.ts') : path.join(__dirname, 'parseWorker.js');
}
