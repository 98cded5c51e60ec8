import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempRepo, type TempRepo } from './tempRepo';

/** A temp repo that is a git work tree; `commit` stages everything and commits it. */
export interface GitRepo extends TempRepo {
  git(...args: string[]): string;
  commit(message: string, date?: string): string;
}

/** Runs git in `cwd` as a fixed test identity; `date` (ISO 8601) fixes author and committer dates, so commits order. */
export function runGit(cwd: string, args: string[], date?: string): string {
  const env = date ? { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : process.env;
  return execFileSync('git', ['-c', 'user.name=Mobius Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd, env, encoding: 'utf8', maxBuffer: 1 << 28,
  });
}

/** Commits everything in `dir`, first making it a repository on `main` if it is not one; returns the commit id. */
export function commitAll(dir: string, message: string, date?: string): string {
  if (!fs.existsSync(path.join(dir, '.git'))) runGit(dir, ['init', '-q', '-b', 'main']);
  runGit(dir, ['add', '-A'], date);
  runGit(dir, ['commit', '-q', '--allow-empty', '-m', message], date);
  return runGit(dir, ['rev-parse', 'HEAD']).trim();
}

function asGitRepo(repo: TempRepo): GitRepo {
  return { ...repo, git: (...args) => runGit(repo.root, args), commit: (message, date) => commitAll(repo.root, message, date) };
}

export function makeGitRepo(files: Record<string, string | Buffer> = {}, branch = 'main'): GitRepo {
  const repo = makeTempRepo(files);
  runGit(repo.root, ['init', '-q', '-b', branch]);
  return asGitRepo(repo);
}

/** A `git clone` of another repo into a fresh temp folder (a teammate's checkout). */
export function cloneGitRepo(source: GitRepo): GitRepo {
  const target = makeTempRepo();
  runGit(target.root, ['clone', '-q', source.root, '.']);
  return asGitRepo(target);
}
