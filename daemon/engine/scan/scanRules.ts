// The decision for one directory or file entry, shared by the walk and the single-path filter so
// both always give the same answer.
import type { SkipReason } from '../../../protocol/engine';
import { DEFAULT_MAX_FILE_BYTES } from '../config';
import { defaultDirSkip, defaultFileSkip } from './defaultSkips';
import { compileGlobRules, type GlobRules } from './globRules';
import { ignoreVerdict, type IgnoreLayer } from './ignoreFiles';
import type { ScanOptions } from './scanTypes';

export class ScanRules {
  readonly maxFileBytes: number;
  private readonly globs: GlobRules;

  constructor(opts: ScanOptions) {
    this.maxFileBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    if (!Number.isFinite(this.maxFileBytes) || this.maxFileBytes <= 0) {
      throw new RangeError(`maxFileBytes must be a positive number of bytes, got ${opts.maxFileBytes}.`);
    }
    this.globs = compileGlobRules(opts.include ?? [], opts.exclude ?? []);
  }

  /** `layers` are those of the directory's parent: a folder's own ignore files apply inside it. */
  dirSkip(relDir: string, name: string, layers: readonly IgnoreLayer[]): SkipReason | null {
    const verdict = ignoreVerdict(layers, relDir, true);
    if (verdict === 'ignored') return 'ignored';
    if (verdict === null) {
      const byDefault = defaultDirSkip(name);
      if (byDefault) return byDefault;
    }
    if (this.globs.excludes(relDir) || !this.globs.mayContainIncluded(relDir)) return 'ignored';
    return null;
  }

  /** Name-based checks; `layers` are those of the file's directory. */
  fileSkip(relPath: string, name: string, layers: readonly IgnoreLayer[]): SkipReason | null {
    const verdict = ignoreVerdict(layers, relPath, false);
    if (verdict === 'ignored') return 'ignored';
    if (verdict === null) {
      const byDefault = defaultFileSkip(name);
      if (byDefault) return byDefault;
    }
    if (this.globs.excludes(relPath) || !this.globs.includesFile(relPath)) return 'ignored';
    return null;
  }

  sizeSkip(size: number): SkipReason | null {
    return size > this.maxFileBytes ? 'too-large' : null;
  }
}
