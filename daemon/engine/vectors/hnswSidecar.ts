import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { HnswParameters } from './hnswIndex';

/** What an `.hnsw` file holds, written beside it as `<index>.json` after the index itself. */
export interface HnswSidecar {
  format: number;
  providerId: string;
  dimensions: number;
  m: number;
  efConstruction: number;
  /** Live vectors. */
  count: number;
  /** {@link labelFingerprint} of the live labels. */
  fingerprint: string;
  /** Size of the index file when written: a torn or replaced file shows up as a mismatch. */
  indexBytes: number;
  /** Labels marked deleted in the file (hnswlib keeps them until a rebuild). */
  deleted: number[];
}

export const HNSW_FORMAT = 1;

/** Identifies a set of labels; `labels` must be ascending. */
export function labelFingerprint(labels: ArrayLike<number>): string {
  return createHash('sha256').update(new Uint8Array(Float64Array.from(labels).buffer)).digest('hex');
}

export function sidecarPath(indexPath: string): string {
  return `${indexPath}.json`;
}

/** The sidecar if it is readable and describes an index file that is present with the size it records. */
export function readSidecar(indexPath: string): HnswSidecar | null {
  try {
    const sidecar = JSON.parse(fs.readFileSync(sidecarPath(indexPath), 'utf8')) as HnswSidecar;
    if (sidecar.format !== HNSW_FORMAT || fs.statSync(indexPath).size !== sidecar.indexBytes) return null;
    return sidecar;
  } catch {
    return null;
  }
}

/** Whether a sidecar was written for this provider, vector size and graph shape. */
export function sidecarMatches(sidecar: HnswSidecar, providerId: string, dimensions: number, parameters: HnswParameters): boolean {
  return (
    sidecar.providerId === providerId &&
    sidecar.dimensions === dimensions &&
    sidecar.m === parameters.m &&
    sidecar.efConstruction === parameters.efConstruction
  );
}

/** Renames into place so a crash leaves either the old file or the new one, never half of one. */
export function writeFileAtomic(filePath: string, data: string): void {
  const tmp = `${filePath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, filePath);
}
