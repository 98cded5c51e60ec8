import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import picomatch from 'picomatch';
import type { FileAnalysis } from '../../protocol/engine';
import type { ManifestEntry, SyncFile } from '../../protocol/rest';
import { MAX_FILE_BYTES, MAX_SYNC_FILES_PER_UPLOAD } from '../../protocol/rest';
import type { SyncView } from '../engine/index/syncView';
import { sha256 } from '../engine/parse/chunk';
import { readGitSnapshot } from './gitSnapshot';
import { redactChunksForSync } from './syncRedaction';
import type { TeamClient } from './teamClient';

/** Uncompressed bytes of chunk text per upload request: big enough to amortise, small enough to resume cheaply. */
const DEFAULT_BATCH_BYTES = 4 * 1024 * 1024;

/** Local vectors of chunk hashes for the configured embedding model, uploaded with their chunks. */
export type LocalVectors = (hashes: string[]) => { model: string; vectors: Map<string, Float32Array> } | null;

export interface FolderSyncOptions {
  view: SyncView;
  client: TeamClient;
  projectId: string;
  /** Globs of relative paths that may leave the machine; empty means every indexed file. */
  include: readonly string[];
  localVectors?: LocalVectors;
  batchBytes?: number;
  batchFiles?: number;
  signal?: AbortSignal;
  onProgress?(filesDone: number, filesTotal: number): void;
  /** The fingerprint of the last manifest the server took: an identical manifest is not sent again. */
  previousFingerprint?: string | null;
}

export interface SyncReport {
  ref: string;
  /** The commit synced, or null when the folder is not a git work tree (its saved files are synced). */
  commit: string | null;
  files: number;
  /** Files the server lacked and that were uploaded. */
  filesUploaded: number;
  chunksUploaded: number;
  vectorsUploaded: number;
  /** Chunks sent with secret-looking values replaced, and chunks kept back as mostly secret. */
  redacted: number;
  skippedSecret: number;
  /** Files indexed here that are not synced: not committed, outside `include`, or unreadable at HEAD. */
  notSynced: number;
  bytesSent: number;
  requests: number;
  durationMs: number;
  /** Identifies the manifest (ref and every entry); pass it back as `previousFingerprint`. */
  fingerprint: string;
  /** True when the manifest equalled the previous one, so nothing was sent. */
  upToDate: boolean;
  /** True when the team's ref holds a newer commit than this checkout: nothing was applied or uploaded. */
  behind: boolean;
}

interface Pending {
  entry: ManifestEntry;
  /** Set when the synced content is not what the index holds (a committed version of an edited file). */
  analysis?: FileAnalysis & { size: number };
}

/**
 * One sync of a folder to a (project, ref): the manifest first, then the files the server lacks.
 * Every upload commits on its own, so a sync cut short resumes where it stopped: the next
 * manifest answers only what is still missing. Throws the client's errors (see TeamServerError).
 */
export async function syncFolder(options: FolderSyncOptions): Promise<SyncReport> {
  const started = performance.now();
  const { view, client, projectId, signal } = options;
  const sent = { requests: 0, bytes: 0 };
  const counting = client.withAccounting((bytes) => {
    sent.requests++;
    sent.bytes += bytes;
  });

  const snapshot = await readGitSnapshot(view.root);
  const ref = snapshot?.ref ?? (await counting.call('getProject', { projectId }, undefined, undefined, signal)).defaultRef;
  const included = options.include.length > 0 ? picomatch([...options.include], { dot: true }) : () => true;
  const indexed = view.catalog();
  const catalog = indexed.filter((f) => included(f.path) && f.size <= MAX_FILE_BYTES);

  // Files whose synced content is not what the index holds: edited since HEAD, or unsaved buffers.
  const overridden = new Set([...(snapshot?.changedPaths ?? []), ...catalog.filter((f) => f.source === 'buffer').map((f) => f.path)]);
  const candidates = [...overridden].filter((p) => included(p) && view.accepts(p));
  const bytes = snapshot ? await snapshot.readCommitted(candidates) : await readSaved(view.root, candidates);
  const pending = new Map<string, Pending>();
  for (const file of catalog) if (!overridden.has(file.path)) pending.set(file.path, { entry: { path: file.path, hash: file.hash, language: file.language } });
  for (const relPath of candidates) {
    const content = bytes.get(relPath);
    if (!content) continue;
    const version = await view.analyze(relPath, content);
    if (version.kind !== 'analyzed' || version.size > MAX_FILE_BYTES) continue;
    pending.set(relPath, { entry: { path: relPath, hash: version.hash, language: version.language }, analysis: { ...version.analysis, size: version.size } });
  }
  const manifest = [...pending.values()].map((p) => p.entry).sort((a, b) => (a.path < b.path ? -1 : 1));
  const fingerprint = sha256(JSON.stringify([projectId, ref, manifest]));
  const report: SyncReport = {
    ref, commit: snapshot?.commit ?? null, files: manifest.length, filesUploaded: 0, chunksUploaded: 0, vectorsUploaded: 0,
    redacted: 0, skippedSecret: 0, notSynced: indexed.length - manifest.length, bytesSent: 0, requests: 0, durationMs: 0,
    fingerprint, upToDate: fingerprint === options.previousFingerprint, behind: false,
  };
  if (report.upToDate) return report;
  const commit = snapshot ? { commit: snapshot.commit, committedAt: snapshot.committedAt } : {};
  const answer = await counting.call('syncManifest', { projectId }, { ref, files: manifest, ...commit }, undefined, signal);
  report.behind = answer.stale === true;
  const total = answer.missing.length;
  options.onProgress?.(0, total);
  let batch: SyncFile[] = [];
  let batchHashes: string[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const vectors = options.localVectors?.(batchHashes);
    const embeddings = vectors && vectors.vectors.size > 0
      ? { model: vectors.model, vectors: Object.fromEntries([...vectors.vectors].map(([h, v]) => [h, Array.from(v)])) }
      : undefined;
    await counting.call('syncUpload', { projectId }, { ref, files: batch, ...(embeddings ? { embeddings } : {}) }, undefined, signal);
    report.filesUploaded += batch.length;
    report.chunksUploaded += batch.reduce((n, f) => n + f.chunks.length, 0);
    report.vectorsUploaded += vectors?.vectors.size ?? 0;
    options.onProgress?.(report.filesUploaded, total);
    batch = [];
    batchHashes = [];
    batchBytes = 0;
  };
  for (const missing of answer.missing) {
    const file = fileToUpload(view, pending.get(missing.path), missing);
    if (!file) continue;
    const redaction = redactChunksForSync(file.path, file.chunks);
    report.redacted += redaction.redacted;
    report.skippedSecret += redaction.skipped;
    batch.push({ ...file, chunks: redaction.chunks });
    batchHashes.push(...redaction.unchangedHashes);
    batchBytes += redaction.chunks.reduce((n, c) => n + c.content.length, 0);
    if (batchBytes >= (options.batchBytes ?? DEFAULT_BATCH_BYTES) || batch.length >= (options.batchFiles ?? MAX_SYNC_FILES_PER_UPLOAD)) await flush();
  }
  await flush();
  report.bytesSent = sent.bytes;
  report.requests = sent.requests;
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

/** The upload of a file the server lacks, or null when the index moved on since the manifest (the next sync sends it). */
function fileToUpload(view: SyncView, pending: Pending | undefined, missing: ManifestEntry): (Omit<SyncFile, 'chunks'> & { chunks: FileAnalysis['chunks'] }) | null {
  if (!pending || pending.entry.hash !== missing.hash) return null;
  const base = { path: missing.path, hash: missing.hash, language: missing.language };
  if (pending.analysis) {
    const { size, imports, parseFailed, chunks } = pending.analysis;
    return { ...base, byteSize: size, imports, parseFailed, chunks };
  }
  const stored = view.storedFile(missing.path);
  if (!stored || stored.hash !== missing.hash || stored.size > MAX_FILE_BYTES) return null;
  return { ...base, byteSize: stored.size, imports: stored.imports, parseFailed: stored.parseFailed, chunks: stored.chunks };
}

/** Outside git, the saved file is what is shared (an unsaved buffer stays local). */
async function readSaved(root: string, relPaths: string[]): Promise<Map<string, Buffer | null>> {
  const entries = await Promise.all(relPaths.map(async (p) => [p, await fs.readFile(path.join(root, p)).catch(() => null)] as const));
  return new Map(entries);
}
