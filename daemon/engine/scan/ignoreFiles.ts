// .gitignore, .mobiusignore and .git/info/exclude, with git's precedence: the rules of the deepest
// directory that has an opinion win, and within one directory the last matching rule wins.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

const GITIGNORE = '.gitignore';
const MOBIUSIGNORE = '.mobiusignore';
const GIT_EXCLUDE = '.git/info/exclude';

/** The compiled rules of one directory; `base` is its relative path with a trailing slash ('' at the root). */
export interface IgnoreLayer {
  base: string;
  matcher: Ignore;
}

export type IgnoreVerdict = 'ignored' | 'included' | null;

/** True for the files whose edits change which paths are ignored. */
export function isIgnoreControlFile(relPath: string): boolean {
  const name = relPath.slice(relPath.lastIndexOf('/') + 1);
  return name === GITIGNORE || name === MOBIUSIGNORE || relPath === GIT_EXCLUDE;
}

/**
 * What the layers (root first) say about a path: `included` when a negation (`!pattern`) matched it,
 * null when no rule applies. Directories are tested with a trailing slash, as git does.
 */
export function ignoreVerdict(layers: readonly IgnoreLayer[], relPath: string, isDir: boolean): IgnoreVerdict {
  for (let i = layers.length - 1; i >= 0; i--) {
    const { base, matcher } = layers[i];
    const result = matcher.test(relPath.slice(base.length) + (isDir ? '/' : ''));
    if (result.ignored) return 'ignored';
    if (result.unignored) return 'included';
  }
  return null;
}

/**
 * Loads and compiles each directory's ignore files once. The walk loads them asynchronously as it
 * descends (it already knows which directories have them); single-path checks load them
 * synchronously on first use.
 */
export class IgnoreFileCache {
  private readonly layersByDir = new Map<string, readonly IgnoreLayer[]>();
  // Git itself matches case-insensitively where the file system does.
  private readonly ignoreCase = process.platform === 'darwin' || process.platform === 'win32';

  constructor(private readonly rootAbs: string) {}

  /** The layers that apply inside `dirRel`, given the names found in it by readdir. */
  async layersIn(dirRel: string, parentLayers: readonly IgnoreLayer[], names: ReadonlySet<string>): Promise<readonly IgnoreLayer[]> {
    const cached = this.layersByDir.get(dirRel);
    if (cached) return cached;
    const files = this.ruleFiles(dirRel).filter((file) => file === GIT_EXCLUDE || names.has(file));
    const texts = await Promise.all(files.map((file) => fs.promises.readFile(this.abs(dirRel, file), 'utf8').catch(() => '')));
    return this.remember(dirRel, parentLayers, texts);
  }

  /** The same as `layersIn`, for one path at a time outside a walk. */
  layersInSync(dirRel: string): readonly IgnoreLayer[] {
    const cached = this.layersByDir.get(dirRel);
    if (cached) return cached;
    const parentLayers = dirRel === '' ? [] : this.layersInSync(parentOf(dirRel));
    const texts = this.ruleFiles(dirRel).map((file) => readOrEmpty(this.abs(dirRel, file)));
    return this.remember(dirRel, parentLayers, texts);
  }

  /** In ascending precedence: later files override earlier ones in the same directory. */
  private ruleFiles(dirRel: string): string[] {
    return dirRel === '' ? [GIT_EXCLUDE, GITIGNORE, MOBIUSIGNORE] : [GITIGNORE, MOBIUSIGNORE];
  }

  private abs(dirRel: string, file: string): string {
    return path.join(this.rootAbs, dirRel, file);
  }

  private remember(dirRel: string, parentLayers: readonly IgnoreLayer[], texts: string[]): readonly IgnoreLayer[] {
    const rules = texts.filter((text) => text.trim() !== '');
    const layers = rules.length === 0
      ? parentLayers
      : [...parentLayers, { base: dirRel === '' ? '' : `${dirRel}/`, matcher: ignore({ ignorecase: this.ignoreCase }).add(rules.join('\n')) }];
    this.layersByDir.set(dirRel, layers);
    return layers;
  }
}

function parentOf(dirRel: string): string {
  const slash = dirRel.lastIndexOf('/');
  return slash < 0 ? '' : dirRel.slice(0, slash);
}

/** A missing or unreadable ignore file has no rules, as in git. */
function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
