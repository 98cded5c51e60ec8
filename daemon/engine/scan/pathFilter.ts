// Single-path checks for file-change events, with the same rules as the walk.
import * as path from 'node:path';
import { VCS_DIRS } from './defaultSkips';
import { IgnoreFileCache } from './ignoreFiles';
import { ScanRules } from './scanRules';
import type { PathFilter, ScanOptions } from './scanTypes';

/**
 * Returns a function telling why a path (relative to `root`) would be skipped by `scanWorkspace`,
 * or null if it would be indexed. A path inside a skipped directory gets that directory's reason.
 * Paths outside the root are `ignored`. Ignore files are read once, on first use, so create a new
 * filter when one of them changes (see `isIgnoreControlFile`).
 */
export function createPathFilter(root: string, opts: ScanOptions = {}): PathFilter {
  const rules = new ScanRules(opts);
  const ignoreFiles = new IgnoreFileCache(path.resolve(root));
  return (relPath, size) => {
    const rel = relPath.split(path.sep).join('/').replace(/^(\.\/)+/, '');
    const parts = rel.split('/');
    if (rel === '' || path.posix.isAbsolute(rel) || parts.some((part) => part === '..' || part === '.' || part === '')) return 'ignored';
    let dirRel = '';
    let layers = ignoreFiles.layersInSync('');
    for (const name of parts.slice(0, -1)) {
      if (VCS_DIRS.has(name)) return 'ignored';
      dirRel = dirRel === '' ? name : `${dirRel}/${name}`;
      const reason = rules.dirSkip(dirRel, name, layers);
      if (reason) return reason;
      layers = ignoreFiles.layersInSync(dirRel);
    }
    const name = parts[parts.length - 1];
    if (VCS_DIRS.has(name)) return 'ignored';
    return rules.fileSkip(rel, name, layers) ?? (size === undefined ? null : rules.sizeSkip(size));
  };
}
