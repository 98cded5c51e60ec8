// The user's include/exclude globs (picomatch syntax, relative posix paths).
import picomatch from 'picomatch';

export interface GlobRules {
  /** True when an exclude glob matches the path (a directory is tested by its own path). */
  excludes(relPath: string): boolean;
  /** True when there are no include globs, or one matches the file. */
  includesFile(relPath: string): boolean;
  /** False when no include glob could match anything under this directory, so it need not be walked. */
  mayContainIncluded(relDir: string): boolean;
}

export function compileGlobRules(include: readonly string[], exclude: readonly string[]): GlobRules {
  const includeMatchers = include.map((glob) => compile(glob, 'include'));
  const excludeMatchers = exclude.map((glob) => compile(glob, 'exclude'));
  const includeBases = include.map(literalBase);
  return {
    excludes: (relPath) => excludeMatchers.some((match) => match(relPath)),
    includesFile: (relPath) => includeMatchers.length === 0 || includeMatchers.some((match) => match(relPath)),
    mayContainIncluded: (relDir) =>
      includeBases.length === 0 ||
      includeBases.some((base) => base === '' || base === relDir || relDir.startsWith(`${base}/`) || base.startsWith(`${relDir}/`)),
  };
}

// The literal folder an include glob starts with (`src/**/*.ts` -> `src`), so other folders can be
// pruned; '' when the glob can match anywhere.
function literalBase(glob: string): string {
  const scanned = picomatch.scan(glob);
  return !glob.includes('/') || scanned.negated ? '' : scanned.base;
}

function compile(glob: string, kind: 'include' | 'exclude'): (path: string) => boolean {
  if (typeof glob !== 'string' || glob.trim() === '') {
    throw new Error(`Invalid ${kind} glob ${JSON.stringify(glob)}: expected a non-empty pattern such as "src/**/*.ts".`);
  }
  try {
    // A pattern without a slash (`*.test.ts`) matches at any depth, as in .gitignore. (picomatch's
    // `basename` option only behaves for such patterns, so it is set for them alone.)
    return picomatch(glob, { dot: true, basename: !glob.includes('/') });
  } catch (err) {
    throw new Error(`Invalid ${kind} glob ${JSON.stringify(glob)}: ${(err as Error).message}`);
  }
}
