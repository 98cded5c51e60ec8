// Walks a workspace and lists the files worth indexing. This is the hot path of a no-change
// refresh, so it reads each directory once (types come with the listing), reads several
// directories at a time, never descends into skipped directories and reads each ignore file once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SkipReason } from '../../../protocol/engine';
import { VCS_DIRS } from './defaultSkips';
import { IgnoreFileCache, type IgnoreLayer } from './ignoreFiles';
import { ScanRules } from './scanRules';
import type { ScanOptions, ScanResult, ScannedFile, SkippedPath } from './scanTypes';

export { createPathFilter } from './pathFilter';
export { isIgnoreControlFile } from './ignoreFiles';
export type { PathFilter, ScanOptions, ScanResult, ScannedFile, SkippedPath } from './scanTypes';

/** Directories read at once: enough to keep the libuv pool busy without flooding it. */
const DIR_CONCURRENCY = 8;

/** The real paths of the directories from the root down to one being walked, to spot symlink loops. */
interface RealChain {
  real: string;
  parent: RealChain | null;
}

interface DirTask {
  rel: string;
  abs: string;
  chain: RealChain;
  layers: readonly IgnoreLayer[];
}

/** A directory entry after symlinks are resolved. */
type Resolved =
  | { kind: 'dir'; real: string }
  | { kind: 'file'; stat: fs.Stats | null }
  | { kind: 'skip'; reason: SkipReason };

export class ScanRootError extends Error {
  constructor(readonly root: string, detail: string) {
    super(`Cannot scan ${root}: ${detail}`);
    this.name = 'ScanRootError';
  }
}

/**
 * Lists the files under `root` that should be indexed, and what was skipped and why. Problems with
 * single files or folders are reported in `skipped`; only an unusable root or bad options throw.
 */
export async function scanWorkspace(root: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const rules = new ScanRules(opts);
  const rootAbs = path.resolve(root);
  const rootReal = await realRoot(rootAbs);
  const ignoreFiles = new IgnoreFileCache(rootAbs);
  const files: ScannedFile[] = [];
  const skipped: SkippedPath[] = [];
  const limit = createLimiter(DIR_CONCURRENCY);

  const readDir = async (task: DirTask): Promise<DirTask[]> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(task.abs, { withFileTypes: true });
    } catch (err) {
      if (task.rel === '') throw new ScanRootError(rootAbs, `${errorCode(err)}. Check that the folder is readable.`);
      skipped.push({ path: task.rel, reason: 'unreadable' });
      return [];
    }
    const layers = await ignoreFiles.layersIn(task.rel, task.layers, new Set(entries.map((e) => e.name)));
    const subdirs: DirTask[] = [];
    for (const entry of entries) {
      if (VCS_DIRS.has(entry.name)) continue;
      const rel = task.rel === '' ? entry.name : `${task.rel}/${entry.name}`;
      const abs = path.join(task.abs, entry.name);
      const resolved = entry.isSymbolicLink() ? await resolveSymlink(abs, rootReal) : resolveEntry(entry, task.chain);
      if (resolved.kind === 'skip') {
        skipped.push({ path: rel, reason: resolved.reason });
      } else if (resolved.kind === 'dir') {
        const reason = rules.dirSkip(rel, entry.name, layers) ?? (isInChain(task.chain, resolved.real) ? 'symlink-loop' : null);
        if (reason) skipped.push({ path: rel, reason });
        else subdirs.push({ rel, abs, chain: { real: resolved.real, parent: task.chain }, layers });
      } else {
        const reason = rules.fileSkip(rel, entry.name, layers);
        if (reason) skipped.push({ path: rel, reason });
        else addFile(rel, abs, resolved.stat ?? statOrNull(abs));
      }
    }
    return subdirs;
  };

  const addFile = (rel: string, abs: string, stat: fs.Stats | null): void => {
    if (!stat) {
      skipped.push({ path: rel, reason: 'unreadable' });
      return;
    }
    const reason = rules.sizeSkip(stat.size);
    if (reason) skipped.push({ path: rel, reason });
    else files.push({ relPath: rel, absPath: abs, size: stat.size, mtimeMs: stat.mtimeMs });
  };

  const visit = async (task: DirTask): Promise<void> => {
    // The slot is released before recursing, so a deep tree cannot starve the limiter.
    const subdirs = await limit(() => readDir(task));
    await Promise.all(subdirs.map(visit));
  };

  await visit({ rel: '', abs: rootAbs, chain: { real: rootReal, parent: null }, layers: [] });
  files.sort((a, b) => compareStrings(a.relPath, b.relPath));
  skipped.sort((a, b) => compareStrings(a.path, b.path));
  return { files, skipped };
}

async function realRoot(rootAbs: string): Promise<string> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(rootAbs);
  } catch (err) {
    throw new ScanRootError(rootAbs, `${errorCode(err)}. Pass an existing folder.`);
  }
  if (!stat.isDirectory()) throw new ScanRootError(rootAbs, 'it is a file, not a folder. Pass the folder that contains it.');
  return fs.promises.realpath(rootAbs);
}

function resolveEntry(entry: fs.Dirent, chain: RealChain): Resolved {
  if (entry.isDirectory()) return { kind: 'dir', real: path.join(chain.real, entry.name) };
  if (entry.isFile()) return { kind: 'file', stat: null };
  return { kind: 'skip', reason: 'unreadable' }; // sockets, FIFOs, devices: reading them could block
}

/**
 * Follows a symlink to what it points at. Links that leave the root are skipped: they could pull in
 * anything on the disk (a link to `/` or to the home folder), and the root is what was asked for.
 */
async function resolveSymlink(abs: string, rootReal: string): Promise<Resolved> {
  let stat: fs.Stats;
  let real: string;
  try {
    stat = await fs.promises.stat(abs);
    real = await fs.promises.realpath(abs);
  } catch (err) {
    return { kind: 'skip', reason: errorCode(err) === 'ELOOP' ? 'symlink-loop' : 'unreadable' };
  }
  if (real !== rootReal && !real.startsWith(rootReal + path.sep)) return { kind: 'skip', reason: 'ignored' };
  if (stat.isDirectory()) return { kind: 'dir', real };
  if (stat.isFile()) return { kind: 'file', stat };
  return { kind: 'skip', reason: 'unreadable' };
}

/** A directory whose real path is already on the way down from the root would be walked forever. */
function isInChain(chain: RealChain | null, real: string): boolean {
  for (let link = chain; link; link = link.parent) if (link.real === real) return true;
  return false;
}

function createLimiter(max: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (active < max) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await job();
    } finally {
      // A finished job hands its slot straight to the next waiting one.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/**
 * Stats synchronously: on a warm cache a stat takes microseconds, and a promise per file through
 * libuv's thread pool costs several times that. One directory's stats block the event loop for a
 * few milliseconds at most, and directories are read asynchronously in between.
 */
function statOrNull(abs: string): fs.Stats | null {
  try {
    return fs.statSync(abs, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? String(err);
}

/** Code-unit order: deterministic and independent of the locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
