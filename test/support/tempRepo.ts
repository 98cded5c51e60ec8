import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A throwaway folder on disk, removed by `remove()`. */
export interface TempRepo {
  root: string;
  dbPath: string;
  write(relPath: string, content: string | Buffer): void;
  remove(relPath: string): void;
  rename(from: string, to: string): void;
  cleanup(): void;
}

export function makeTempRepo(files: Record<string, string | Buffer> = {}): TempRepo {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-test-'));
  const root = path.join(base, 'repo');
  fs.mkdirSync(root);
  const repo: TempRepo = {
    root,
    dbPath: path.join(base, 'index.sqlite'),
    write(relPath, content) {
      const abs = path.join(root, relPath);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    },
    remove(relPath) {
      fs.rmSync(path.join(root, relPath), { force: true });
    },
    rename(from, to) {
      fs.mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
      fs.renameSync(path.join(root, from), path.join(root, to));
    },
    cleanup() {
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
  for (const [rel, content] of Object.entries(files)) repo.write(rel, content);
  return repo;
}

/** Bumps a file's mtime without changing its content (what `touch` or a checkout does). */
export function touch(root: string, relPath: string): void {
  const abs = path.join(root, relPath);
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(abs, later, later);
}
