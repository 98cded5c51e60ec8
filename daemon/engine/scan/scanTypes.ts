import type { SkipReason } from '../../../protocol/engine';

export interface ScanOptions {
  /** Globs (picomatch, relative posix paths) a file must match; empty or absent = every file. */
  include?: readonly string[];
  /** Globs of paths never indexed, on top of the ignore files. A slash-free glob matches at any depth. */
  exclude?: readonly string[];
  /** Files larger than this many bytes are skipped as `too-large`. Default 1 MiB. */
  maxFileBytes?: number;
}

export interface ScannedFile {
  /** Relative to the scanned folder, with forward slashes. */
  relPath: string;
  absPath: string;
  size: number;
  mtimeMs: number;
}

/** A file, or a whole directory (counted once, not descended), left out of the scan. */
export interface SkippedPath {
  path: string;
  reason: SkipReason;
}

export interface ScanResult {
  /** Sorted by `relPath`. */
  files: ScannedFile[];
  /** Sorted by `path`. */
  skipped: SkippedPath[];
}

/**
 * Why a relative path would be left out of a scan, or null when it would be indexed. Checks
 * names, ignore files and globs, and the size when given; content checks happen on read.
 */
export type PathFilter = (relPath: string, size?: number) => SkipReason | null;
