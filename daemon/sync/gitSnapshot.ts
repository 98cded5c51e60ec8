import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const GIT_MAX_BUFFER = 256 * 1024 * 1024;

/**
 * What of a folder is committed: the team index holds commits, never work in progress. Files the
 * working tree changed are synced at their HEAD content; files HEAD does not have stay local.
 */
export interface GitSnapshot {
  /** The checked-out branch, or the commit id when HEAD is detached. */
  ref: string;
  commit: string;
  /** Committer date of HEAD (ISO 8601): orders teammates' manifests of one branch. */
  committedAt: string;
  /** Paths (relative to the folder) whose working-tree state differs from HEAD. */
  changedPaths: string[];
  /** HEAD's bytes of each path, or null when HEAD has no such file (new, untracked). */
  readCommitted(relPaths: string[]): Promise<Map<string, Buffer | null>>;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await exec('git', args, { cwd, maxBuffer: GIT_MAX_BUFFER, encoding: 'utf8' });
  return stdout;
}

/** Null when the folder is not inside a git work tree with at least one commit (or git is missing). */
export async function readGitSnapshot(root: string): Promise<GitSnapshot | null> {
  let prefix: string;
  let commit: string;
  try {
    const [inside, head] = await Promise.all([
      git(root, ['rev-parse', '--is-inside-work-tree', '--show-prefix']),
      git(root, ['rev-parse', '--verify', '-q', 'HEAD']),
    ]);
    const lines = inside.split('\n');
    if (lines[0] !== 'true') return null;
    prefix = lines[1] ?? '';
    commit = head.trim();
    if (!commit) return null;
  } catch {
    return null;
  }
  const branch = (await git(root, ['symbolic-ref', '--short', '-q', 'HEAD']).catch(() => '')).trim();
  const committedAt = (await git(root, ['show', '-s', '--format=%cI', commit])).trim();
  // -z: paths verbatim, renames as "R  new\0old\0"; both sides are listed as changed.
  const status = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.']);
  const changed = new Set<string>();
  const fields = status.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i];
    if (entry.length < 4) continue;
    changed.add(entry.slice(3));
    if (entry[0] === 'R' || entry[0] === 'C') changed.add(fields[++i]);
  }
  const toFolder = (repoPath: string) => (repoPath.startsWith(prefix) ? repoPath.slice(prefix.length) : null);
  return {
    ref: branch ? sanitizeRef(branch) : commit,
    commit,
    committedAt,
    changedPaths: [...changed].map(toFolder).filter((p): p is string => p !== null && p !== ''),
    readCommitted: (relPaths) => catFiles(root, commit, prefix, relPaths),
  };
}

/** The server takes refs of letters, digits and `._/-`; other characters of a branch name become `-`. */
export function sanitizeRef(branch: string): string {
  const cleaned = branch.replace(/[^A-Za-z0-9._/-]/g, '-').split('/').filter((s) => s !== '' && s !== '.' && s !== '..').join('/');
  return cleaned.slice(0, 255) || 'main';
}

/** Reads many blobs through one `git cat-file --batch` process. */
function catFiles(cwd: string, commit: string, prefix: string, allRelPaths: string[]): Promise<Map<string, Buffer | null>> {
  const result = new Map<string, Buffer | null>();
  // Names with a newline cannot be asked for on this protocol; such a file is treated as absent.
  const relPaths = allRelPaths.filter((p) => !(prefix + p).includes('\n'));
  for (const p of allRelPaths) if ((prefix + p).includes('\n')) result.set(p, null);
  if (relPaths.length === 0) return Promise.resolve(result);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`git cat-file failed (exit ${code}): ${stderr.trim()}`));
        return;
      }
      const out = Buffer.concat(chunks);
      let offset = 0;
      for (const relPath of relPaths) {
        const newline = out.indexOf(0x0a, offset);
        const header = out.subarray(offset, newline).toString();
        offset = newline + 1;
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          result.set(relPath, null);
          continue;
        }
        const [, type, size] = header.split(' ');
        const length = Number(size);
        result.set(relPath, type === 'blob' ? out.subarray(offset, offset + length) : null);
        offset += length + 1;
      }
      resolve(result);
    });
    child.stdin.end(relPaths.map((p) => `${commit}:${prefix}${p}\n`).join(''));
  });
}
