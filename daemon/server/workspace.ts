import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ContextPack, SearchResult } from '../../protocol/engine';
import type {
  ContextParams, ContextResult, FolderState, IndexState, SearchHit, SearchParams, SearchResponse,
} from '../../protocol/lsp';
import { fuseRankedLists, reconcileTeamHits, teamScopeList, teamSearchRequest } from '../sync/teamSearch';
import type { FolderIdentity, FolderIndex } from './folderIndex';
import { errorMessage } from './folderIndex';
import type { FolderTeamSync } from './teamSync';

export interface FileLocation {
  entry: FolderEntry;
  /** Relative to the folder, forward slashes. */
  relPath: string;
}

/** A workspace folder from the moment the client names it: its engine opens asynchronously. */
export class FolderEntry {
  index: FolderIndex | null = null;
  failure: string | null = null;
  /** The folder's team sync, once its index is open. */
  team: FolderTeamSync | null = null;

  constructor(
    readonly identity: FolderIdentity,
    /** Resolves with the opened index, or null when opening failed (see `failure`). */
    readonly ready: Promise<FolderIndex | null>,
  ) {
    void ready.then((index) => (this.index = index));
  }

  get uri(): string {
    return this.identity.uri;
  }

  state(): FolderState {
    if (this.index) return this.index.state();
    return {
      uri: this.identity.uri, name: this.identity.name, phase: this.failure ? 'failed' : 'opening',
      filesDone: 0, filesTotal: 0, files: 0, chunks: 0, team: { phase: 'off' }, ...(this.failure ? { error: this.failure } : {}),
    };
  }
}

const DEFAULT_SEARCH_LIMIT = 20;
/** A team search slower than this is given up: local results never wait long on the network. */
const TEAM_SEARCH_TIMEOUT_MS = 4_000;
/** How many merged hits decide each folder's share of a multi-root context budget. */
const CONTEXT_SHARE_HITS = 20;
/** Tokens set aside per folder heading in a multi-root pack (a heading is a `#` and a folder name). */
const FOLDER_HEADING_TOKENS = 16;

/** The folders of the window: routes files to their folder and merges answers across folders. */
export class Workspace {
  private readonly entries = new Map<string, FolderEntry>();

  add(entry: FolderEntry): void {
    this.entries.set(entry.uri, entry);
  }

  remove(uri: string): FolderEntry | undefined {
    const entry = this.entries.get(uri);
    this.entries.delete(uri);
    return entry;
  }

  get(uri: string): FolderEntry | undefined {
    return this.entries.get(uri);
  }

  allEntries(): FolderEntry[] {
    return [...this.entries.values()];
  }

  /** Folders whose engine is open. */
  all(): FolderIndex[] {
    return this.allEntries().flatMap((e) => (e.index ? [e.index] : []));
  }

  /** The folder holding a file URI; with nested folders, the innermost wins. */
  locate(uri: string): FileLocation | null {
    const file = uriToPath(uri);
    if (!file) return null;
    let best: FileLocation | null = null;
    for (const entry of this.entries.values()) {
      const rel = path.relative(entry.identity.root, file);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || entry.identity.root.length > best.entry.identity.root.length) {
        best = { entry, relPath: rel.split(path.sep).join('/') };
      }
    }
    return best;
  }

  async search(params: SearchParams): Promise<SearchResponse> {
    const started = performance.now();
    const limit = params.limit ?? DEFAULT_SEARCH_LIMIT;
    const folders = this.selected(params.folderUris);
    const options = { limit, language: params.language, pathGlob: params.pathGlob, kind: params.kind };
    const teamErrors: string[] = [];
    const perFolder = await Promise.all(folders.map(async (folder) => {
      const local = (await folder.search(params.query, options)).map((r) => toHit(folder, r));
      const team = this.entries.get(folder.uri)?.team;
      const scope = params.scope ?? team?.searchScope ?? 'local';
      const connection = scope === 'local' ? null : team?.connection();
      if (!connection) return { local, lists: [local], fused: false };
      try {
        const request = teamSearchRequest(params, connection.projectId, connection.ref, limit);
        const answer = await connection.client.call('search', {}, request, undefined, AbortSignal.timeout(TEAM_SEARCH_TIMEOUT_MS));
        const reconciled = reconcileTeamHits(answer.results, {
          folderUri: folder.uri, folderName: folder.folder.name, projectId: connection.projectId,
          localHash: (p) => folder.localHash(p), localUri: (p) => fileUri(folder.uri, p),
        });
        return { local, lists: scope === 'team' ? [teamScopeList(answer.results, reconciled, local)] : [local, reconciled.hits], fused: true };
      } catch (err) {
        teamErrors.push(`Team search of ${folder.folder.name} failed: ${errorMessage(err)} Showing local results.`);
        return { local, lists: [local], fused: false };
      }
    }));
    // Scores of different engines do not compare: once a team list is in, every list is fused by rank.
    const hits = perFolder.some((f) => f.fused)
      ? fuseRankedLists(perFolder.flatMap((f) => f.lists), limit, params.query)
      : perFolder.flatMap((f) => f.local).sort((a, b) => b.score - a.score).slice(0, limit);
    return {
      hits,
      tookMs: Math.round((performance.now() - started) * 100) / 100,
      partial: folders.some((f) => f.phase !== 'ready'),
      ...(teamErrors.length > 0 ? { teamError: teamErrors.join(' ') } : {}),
    };
  }

  async context(params: Exclude<ContextParams, { spans: unknown }>, defaultBudget: (folder: FolderIndex) => number): Promise<ContextResult> {
    if ('uri' in params) {
      const location = this.locate(params.uri);
      const folder = location?.entry.index;
      if (!location || !folder) throw new Error(`${params.uri} is not inside an open workspace folder, so Mobius has no index for it. Open its folder to pack context around it.`);
      const { relPath } = location;
      const budget = params.budget ?? defaultBudget(folder);
      return toContextResult([{ folder, pack: await folder.context({ path: relPath, startLine: params.startLine, endLine: params.endLine, budget }) }], budget, false);
    }
    const folders = this.all();
    if (folders.length <= 1) {
      const [folder] = folders;
      if (!folder) return toContextResult([], params.budget ?? 0, false);
      const budget = params.budget ?? defaultBudget(folder);
      return toContextResult([{ folder, pack: await folder.context({ query: params.query, budget, filters: params.filters }) }], budget, false);
    }
    // Several folders: each gets a share of the budget proportional to its share of the best hits,
    // less a few tokens for the heading that names the folder.
    const top = (await this.search({ query: params.query, limit: CONTEXT_SHARE_HITS, ...params.filters })).hits;
    const budget = params.budget ?? defaultBudget(folders[0]);
    const shares = folders
      .map((folder) => ({ folder, share: top.filter((h) => h.folderUri === folder.uri).length / Math.max(1, top.length) }))
      .filter((f) => f.share > 0);
    const packs = await Promise.all(
      shares.map(async ({ folder, share }) => ({
        folder,
        pack: await folder.context({ query: params.query, budget: Math.max(0, Math.floor(budget * share) - FOLDER_HEADING_TOKENS), filters: params.filters }),
      })),
    );
    return toContextResult(packs, budget, true);
  }

  state(started: boolean, paused: boolean, pendingUpdates: number): IndexState {
    const folders: FolderState[] = this.allEntries().map((e) => e.state());
    const sum = (key: 'filesDone' | 'filesTotal' | 'files' | 'chunks') => folders.reduce((n, f) => n + f[key], 0);
    let phase: IndexState['phase'] = 'ready';
    if (!started) phase = 'starting';
    else if (paused) phase = 'paused';
    // A folder still paused after a resume is about to index again: not ready yet.
    else if (folders.some((f) => f.phase === 'opening' || f.phase === 'queued' || f.phase === 'indexing' || f.phase === 'paused')) phase = 'indexing';
    else if (folders.length > 0 && folders.every((f) => f.phase === 'failed')) phase = 'failed';
    return {
      phase, paused, pendingUpdates, folders,
      filesDone: sum('filesDone'), filesTotal: sum('filesTotal'), files: sum('files'), chunks: sum('chunks'),
    };
  }

  private selected(uris: string[] | undefined): FolderIndex[] {
    if (!uris) return this.all();
    return uris.flatMap((u) => {
      const index = this.entries.get(u)?.index;
      return index ? [index] : [];
    });
  }
}

export function uriToPath(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return null;
  }
}

/** The URI of a file inside a folder, in the folder URI's own form (VS Code compares URIs as strings). */
export function fileUri(folderUri: string, relPath: string): string {
  const base = folderUri.endsWith('/') ? folderUri.slice(0, -1) : folderUri;
  return `${base}/${relPath.split('/').map(encodeURIComponent).join('/')}`;
}

function toHit(folder: FolderIndex, result: SearchResult): SearchHit {
  return { ...result, uri: fileUri(folder.uri, result.path), folderUri: folder.uri, folderName: folder.folder.name, origin: 'local' };
}

function toContextResult(packs: { folder: FolderIndex; pack: ContextPack }[], budget: number, labelFolders: boolean): ContextResult {
  const filled = packs.filter(({ pack }) => pack.spans.length > 0);
  const markdown = filled
    .map(({ folder, pack }) => (labelFolders ? `# ${folder.folder.name}\n\n${pack.markdown}` : pack.markdown))
    .join('\n\n');
  const spans = filled.flatMap(({ pack }) => pack.spans);
  return {
    markdown,
    // Folder headings fit in the tokens set aside for them, so the packs' tokens stay within `budget`.
    tokens: filled.reduce((n, { pack }) => n + pack.tokens, 0),
    budget,
    spans,
    uris: filled.flatMap(({ folder, pack }) => pack.spans.map((s) => fileUri(folder.uri, s.path))),
    chunks: spans.length,
  };
}
