import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './codeServer';

/** The .vsix under test: $MOBIUS_VSIX, else what `npm run package` wrote in the repository root. */
export function builtVsix(): string {
  if (process.env.MOBIUS_VSIX) return path.resolve(process.env.MOBIUS_VSIX);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const file = path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist: run \`npm run package\` first (or set MOBIUS_VSIX).`);
  return file;
}
