import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempRepo, type TempRepo } from './tempRepo';

/** A temp repo that is a git work tree; `commit` stages everything and commits it. */
export interface GitRepo extends TempRepo {
  git(...args: string[]): string;
  commit(message: string): string;
}

export function makeGitRepo(files: Record<string, string | Buffer> = {}, branch = 'main'): GitRepo {
  const repo = makeTempRepo(files);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Mobius Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: repo.root, encoding: 'utf8',
    });
  git('init', '-q', '-b', branch);
  return {
    ...repo,
    git,
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
  };
}

/** A `git clone` of another repo into a fresh temp folder (a teammate's checkout). */
export function cloneGitRepo(source: GitRepo): GitRepo {
  const target = makeTempRepo();
  execFileSync('git', ['clone', '-q', source.root, target.root + '-clone']);
  const clone = { ...target, root: target.root + '-clone' };
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Mobius Teammate', '-c', 'user.email=mate@example.com', '-c', 'commit.gpgsign=false', ...args], {
      cwd: clone.root, encoding: 'utf8',
    });
  return {
    ...clone,
    write: (rel, content) => writeInto(clone.root, rel, content),
    remove: (rel) => fs.rmSync(path.join(clone.root, rel), { force: true }),
    rename: (from, to) => fs.renameSync(path.join(clone.root, from), path.join(clone.root, to)),
    git,
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    cleanup() {
      target.cleanup();
      fs.rmSync(clone.root, { recursive: true, force: true });
    },
  };
}

function writeInto(root: string, rel: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}
