import { CHUNK_KINDS, LANGUAGES, type ChunkKind, type Language } from '../../protocol/engine';
import type { SearchRequest, SearchHit as TeamHit, TeamFile } from '../../protocol/rest';
import { TEAM_FILE_SCHEME, type SearchHit, type SearchParams } from '../../protocol/lsp';
import { identifierCandidates } from '../engine/search/terms';

/** Reciprocal-rank constant: the usual 60 keeps one list's top hit from drowning the others. */
const RRF_K = 60;

export interface TeamFileAddress {
  projectId: string;
  ref: string;
  folderUri: string;
  path: string;
}

/**
 * `mobius-team:/src/a.ts?<token>`: the path shows as the tab title; the token (base64url JSON of
 * project, ref and folder) finds the file. base64url survives the editor re-encoding URIs, which
 * plain `a=b&c=d` queries do not.
 */
export function teamFileUri(address: TeamFileAddress): string {
  const token = Buffer.from(JSON.stringify({ p: address.projectId, r: address.ref, f: address.folderUri })).toString('base64url');
  return `${TEAM_FILE_SCHEME}:/${address.path.split('/').map(encodeURIComponent).join('/')}?${token}`;
}

export function parseTeamFileUri(uri: string): TeamFileAddress {
  const url = new URL(uri);
  let fields: { p?: unknown; r?: unknown; f?: unknown } = {};
  try {
    fields = JSON.parse(Buffer.from(decodeURIComponent(url.search.slice(1)), 'base64url').toString('utf8'));
  } catch {
    // reported below
  }
  const { p: projectId, r: ref, f: folderUri } = fields;
  if (url.protocol !== `${TEAM_FILE_SCHEME}:` || typeof projectId !== 'string' || typeof ref !== 'string' || typeof folderUri !== 'string') {
    throw new Error(`${uri} is not a Mobius team file URI (${TEAM_FILE_SCHEME}:/path?token, from a team search result).`);
  }
  const path = url.pathname.replace(/^\/+/, '').split('/').map(decodeURIComponent).join('/');
  return { projectId, ref, folderUri, path };
}

/** The server's search request for an editor search (filters the server cannot know are left out: they match nothing there either). */
export function teamSearchRequest(params: SearchParams, projectId: string, ref: string | null, limit: number): SearchRequest {
  const language = LANGUAGES.includes(params.language as Language) ? (params.language as Language) : undefined;
  const kind = CHUNK_KINDS.includes(params.kind as ChunkKind) ? (params.kind as ChunkKind) : undefined;
  return { query: params.query, projectId, limit, ...(ref ? { ref } : {}), language, kind, pathGlob: params.pathGlob };
}

/** A team file's text with each chunk at its own lines, so line numbers match the original; uncovered lines are blank. */
export function teamFileText(file: TeamFile): string {
  const lines: string[] = [];
  for (const chunk of file.chunks) {
    chunk.content.split('\n').forEach((line, i) => (lines[chunk.startLine - 1 + i] = line));
  }
  return Array.from(lines, (line) => line ?? '').join('\n');
}

export interface TeamHitContext {
  folderUri: string;
  folderName: string;
  projectId: string;
  /** The local index's hash of a path (the buffer's when unsaved), or undefined when not indexed here. */
  localHash(path: string): string | undefined;
  localUri(path: string): string;
}

/**
 * Team hits as seen from this machine. A file that is here with the same content opens locally; a
 * file that is here with other content (the user changed it) is dropped: the local version wins;
 * a file that is not here opens a read-only preview from the server.
 */
export function reconcileTeamHits(hits: TeamHit[], context: TeamHitContext): { hits: SearchHit[]; changedPaths: Set<string> } {
  const changedPaths = new Set<string>();
  const result: SearchHit[] = [];
  for (const hit of hits) {
    const local = context.localHash(hit.path);
    if (local !== undefined && local !== hit.fileHash) {
      changedPaths.add(hit.path);
      continue;
    }
    result.push({
      path: hit.path, startLine: hit.startLine, endLine: hit.endLine, language: hit.language, kind: hit.kind,
      name: hit.name, qualifiedName: hit.qualifiedName, signature: hit.signature, score: hit.score, content: hit.content,
      hash: hit.hash, folderUri: context.folderUri, folderName: context.folderName, origin: 'team',
      uri: local !== undefined
        ? context.localUri(hit.path)
        : teamFileUri({ projectId: context.projectId, ref: hit.ref, folderUri: context.folderUri, path: hit.path }),
    });
  }
  return { hits: result, changedPaths };
}

/**
 * Team scope: the team's ranking, with the hits of files changed here replaced, at the place of
 * their first team hit, by this machine's hits of those files.
 */
export function teamScopeList(team: TeamHit[], reconciled: { hits: SearchHit[]; changedPaths: Set<string> }, local: SearchHit[]): SearchHit[] {
  const result: SearchHit[] = [];
  const placed = new Set<string>();
  const kept = new Map(reconciled.hits.map((h) => [`${h.path}\0${h.startLine}\0${h.hash}`, h]));
  for (const hit of team) {
    const own = kept.get(`${hit.path}\0${hit.startLine}\0${hit.hash}`);
    if (own) result.push(own);
    else if (reconciled.changedPaths.has(hit.path) && !placed.has(hit.path)) {
      placed.add(hit.path);
      result.push(...local.filter((l) => l.path === hit.path));
    }
  }
  return result;
}

/**
 * Reciprocal-rank fusion of ranked lists; the same chunk of the same file (found locally and on
 * the team server) collapses into one hit, the local one, whose score sums its ranks. As in each
 * engine's own ranking, a definition named exactly by an identifier written in `query` ranks above
 * the rest whichever list found it: otherwise a local near-match found by both lists would outrank
 * the teammate's function the user typed the name of.
 */
export function fuseRankedLists(lists: SearchHit[][], limit: number, query = ''): SearchHit[] {
  const identifiers = new Set(identifierCandidates(query).map((i) => i.toLowerCase()));
  // More than every list's top rank together: exact names first, by their fused score among them.
  const exactBonus = lists.length / (RRF_K + 1);
  const fused = new Map<string, SearchHit>();
  for (const list of lists) {
    list.forEach((hit, rank) => {
      const key = `${hit.folderUri}\0${hit.path}\0${hit.startLine}\0${hit.hash}`;
      const score = 1 / (RRF_K + rank + 1);
      const seen = fused.get(key);
      if (!seen) fused.set(key, { ...hit, score });
      else fused.set(key, { ...(seen.origin === 'local' ? seen : hit), score: seen.score + score });
    });
  }
  for (const [key, hit] of fused) {
    if (identifiers.has(hit.name.toLowerCase()) || identifiers.has(hit.qualifiedName.toLowerCase())) fused.set(key, { ...hit, score: hit.score + exactBonus });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((h) => ({ ...h, score: Math.round(h.score * 10000) / 10000 }));
}
