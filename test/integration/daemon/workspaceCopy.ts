import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '../../e2e/fixtures');

/** Fresh copies of fixture folders plus an empty MOBIUS_HOME, all under one temp dir. */
export interface Sandbox {
  home: string;
  folder(name: string): string;
  write(folder: string, relPath: string, content: string): string;
  cleanup(): void;
}

export function makeSandbox(...fixtures: string[]): Sandbox {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mobius-daemon-'));
  const home = path.join(base, 'home');
  fs.mkdirSync(home);
  for (const name of fixtures) fs.cpSync(path.join(FIXTURES, name), path.join(base, name), { recursive: true });
  return {
    home,
    folder: (name) => path.join(base, name),
    write(folder, relPath, content) {
      const file = path.join(folder, relPath);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return file;
    },
    cleanup: () => fs.rmSync(base, { recursive: true, force: true }),
  };
}
