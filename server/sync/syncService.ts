import type { Pool, PoolClient } from 'pg';
import type { ManifestEntry, Project, SyncManifestRequest, SyncManifestResponse, SyncUploadRequest, SyncUploadResponse } from '../../protocol/rest';
import { withTransaction } from '../db/pool';
import { applyPaths, checkEmbeddings, indexVersionOf, lockProjectIndex, missingVersions, storeVectors, versionKey, writeBatch } from '../ingest/indexWriter';
import type { ModelRegistry } from '../stores/modelRegistry';
import type { VectorStore } from '../stores/vectorStore';
import type { PathEntry } from '../ingest/analyzedFile';
import { shareVectors } from './shareVectors';
import { uploadedVersions, verifyUploadedChunks } from './uploadedVersions';

export interface SyncDeps {
  pool: Pool;
  vectors: VectorStore;
  models: ModelRegistry;
}

/**
 * Paths the (project, ref) holds that the manifest does not list. `<> ALL` over a constant array
 * is a hash lookup per row; an anti-join could turn quadratic when statistics are stale.
 */
async function pathsNotListed(client: PoolClient, projectId: string, ref: string, listed: string[]): Promise<string[]> {
  const { rows } = await client.query<{ path: string }>(
    'SELECT path FROM project_files WHERE project_id = $1 AND ref = $2 AND path <> ALL($3::text[])',
    [projectId, ref, listed],
  );
  return rows.map((r) => r.path);
}

/**
 * The commit the ref was last synced from, and whether it is newer than `committedAt` (then a
 * teammate is ahead and the manifest must not revert the ref).
 */
async function refCommit(client: PoolClient, projectId: string, ref: string, committedAt: string | null): Promise<{ commitId: string | null; newer: boolean } | null> {
  const { rows } = await client.query<{ commit_id: string | null; newer: boolean | null }>(
    'SELECT commit_id, committed_at > $3::timestamptz AS newer FROM ref_commits WHERE project_id = $1 AND ref = $2',
    [projectId, ref, committedAt],
  );
  return rows[0] ? { commitId: rows[0].commit_id, newer: rows[0].newer === true } : null;
}

/**
 * The write side of team sync (docs/server.md#sync): a daemon posts a ref's manifest, the server
 * applies what it already holds and names what it lacks, and the daemon uploads those files'
 * chunks. Both steps go through the ingest's index writer, under the same project lock.
 */
export class SyncService {
  constructor(private readonly deps: SyncDeps) {}

  async applyManifest(project: Project, request: SyncManifestRequest): Promise<SyncManifestResponse> {
    const { ref, files } = request;
    const answer = await withTransaction(this.deps.pool, async (client): Promise<SyncManifestResponse & { applied: PathEntry[] }> => {
      await lockProjectIndex(client, project.id);
      const held = await refCommit(client, project.id, ref, request.committedAt ?? null);
      if (held?.newer) {
        const indexVersion = await indexVersionOf(client, project.id);
        return { ref, missing: [], added: 0, changed: 0, removed: 0, unchanged: 0, indexVersion, stale: true, refCommit: held.commitId, applied: [] };
      }
      const lacking = await missingVersions(client, files);
      const missing: ManifestEntry[] = [];
      const present: ManifestEntry[] = [];
      for (const entry of files) (lacking.has(versionKey(entry)) ? missing : present).push(entry);
      // Paths whose new version is missing stay listed, so they keep their old version until uploaded.
      const removedPaths = await pathsNotListed(client, project.id, ref, files.map((f) => f.path));
      const stats = await applyPaths(client, project.id, ref, present, removedPaths);
      const commitId = request.commit ?? null;
      await client.query(
        `INSERT INTO ref_commits (project_id, ref, commit_id, committed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (project_id, ref) DO UPDATE SET commit_id = EXCLUDED.commit_id, committed_at = EXCLUDED.committed_at, updated_at = now()`,
        [project.id, ref, commitId, request.committedAt ?? null],
      );
      return {
        ref,
        missing,
        added: stats.added,
        changed: stats.changed,
        removed: stats.removed,
        unchanged: stats.unchanged,
        indexVersion: stats.indexVersion,
        stale: false,
        refCommit: commitId,
        applied: stats.applied,
      };
    });
    // After the commit: vectors of content that came without an upload (see shareVectors).
    const { applied, ...response } = answer;
    const shared = await shareVectors(this.deps, project.id, applied);
    return shared > 0 ? { ...response, indexVersion: await indexVersionOf(this.deps.pool, project.id) } : response;
  }

  async upload(project: Project, request: SyncUploadRequest): Promise<SyncUploadResponse> {
    const { ref, files, embeddings } = request;
    verifyUploadedChunks(files);
    await checkEmbeddings(this.deps.models, embeddings);
    // Another member may have uploaded some of these versions meanwhile: those need no terms.
    const lacking = await missingVersions(this.deps.pool, files);
    const versions = await uploadedVersions(files.filter((f) => lacking.has(versionKey(f))));
    const stats = await withTransaction(this.deps.pool, (client) => writeBatch(client, project.id, ref, { versions, entries: files, removedPaths: [] }));
    const chunkHashes = new Set(files.flatMap((f) => f.chunks.map((c) => c.hash)));
    const vectors = embeddings ? await storeVectors(this.deps, project.id, embeddings, chunkHashes) : { stored: 0, unmatched: 0, indexVersion: null };
    return {
      ref,
      filesStored: stats.versionsStored,
      filesApplied: stats.added + stats.changed,
      chunksWritten: stats.chunksWritten,
      chunksDeduplicated: chunkHashes.size - stats.chunksWritten,
      vectorsStored: vectors.stored,
      vectorsUnmatched: vectors.unmatched,
      indexVersion: vectors.indexVersion ?? stats.indexVersion,
    };
  }
}
