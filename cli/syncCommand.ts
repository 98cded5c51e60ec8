import type { Engine } from '../daemon/engine/engine';
import { syncFolder, type SyncReport } from '../daemon/sync/folderSync';
import { TeamClient, TeamServerError } from '../daemon/sync/teamClient';
import { localVectorsOf } from '../daemon/sync/teamVectors';
import type { TeamVectorTarget } from '../daemon/engine/embed/embeddingThread';

export interface SyncFlags {
  server?: string;
  project?: string;
  include?: string[];
  batchFiles?: number;
  json?: boolean;
}

/** Thrown for settings the user must supply; the CLI prints the message and exits 1. */
export class SyncSetupError extends Error {}

export interface SyncTarget {
  client: TeamClient;
  projectId: string;
  /** The same server and project, for the embedding thread to fetch team vectors from. */
  vectors: TeamVectorTarget;
}

/** Where `mobius sync` goes: flags first, then MOBIUS_SERVER_URL, MOBIUS_PROJECT_ID and MOBIUS_API_KEY. */
export function syncTarget(flags: SyncFlags): SyncTarget {
  const serverUrl = flags.server ?? process.env.MOBIUS_SERVER_URL;
  const projectId = flags.project ?? process.env.MOBIUS_PROJECT_ID;
  const apiKey = process.env.MOBIUS_API_KEY;
  if (!serverUrl) throw new SyncSetupError('No team server: pass --server <url> or set MOBIUS_SERVER_URL.');
  if (!projectId) throw new SyncSetupError('No project: pass --project <id> or set MOBIUS_PROJECT_ID (the id from GET /api/v1/projects).');
  if (!apiKey) throw new SyncSetupError('No API key: set MOBIUS_API_KEY to a key from POST /api/v1/api-keys (never pass keys as arguments: they end up in shell history).');
  return { client: new TeamClient({ serverUrl, apiKey }), projectId, vectors: { serverUrl, apiKey, projectId } };
}

/** `mobius sync`: the daemon's team sync, once, headless (CI jobs, scripts, benchmarks). */
export async function runSync(engine: Engine, { client, projectId }: SyncTarget, flags: SyncFlags): Promise<SyncReport> {
  try {
    return await syncFolder({
      view: engine.syncView(),
      client,
      projectId,
      include: flags.include ?? [],
      localVectors: localVectorsOf((hashes) => engine.storedVectors(hashes)),
      batchFiles: flags.batchFiles,
      // One line per upload request (a few MB each): progress that also shows in CI logs.
      onProgress: (done, total) => process.stderr.write(`syncing: ${done}/${total} files uploaded\n`),
    });
  } catch (err) {
    if (err instanceof TeamServerError) throw new SyncSetupError(err.message);
    throw err;
  }
}

export function formatSyncReport(r: SyncReport): string {
  return [
    `synced ${r.files} files to ref ${r.ref}${r.commit ? ` (commit ${r.commit.slice(0, 12)})` : ' (saved files; not a git work tree)'}`,
    `  uploaded: ${r.filesUploaded} files, ${r.chunksUploaded} chunks, ${r.vectorsUploaded} vectors, ${r.bytesSent} bytes in ${r.requests} requests`,
    `  secrets: ${r.redacted} chunks redacted, ${r.skippedSecret} kept back; not synced: ${r.notSynced} files (uncommitted or outside --include)`,
    `  took ${(r.durationMs / 1000).toFixed(1)} s`,
    ...(r.behind ? ['  the server holds a newer commit of this ref: this checkout was not applied (pull, then sync)'] : []),
  ].join('\n');
}
