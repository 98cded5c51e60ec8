import type { SearchFilters } from '../../protocol/engine';
import type { SearchHit } from '../../protocol/lsp';
import {
  basketKey, type SearchMessage, type SearchResultMessage, type SearchScope,
} from '../../protocol/webview';
import { navigate, type NavigationKey } from './listNavigation';

export type Grouping = 'file' | 'flat';

/** What the search controls hold. */
export interface SearchInput {
  query: string;
  filters: SearchFilters;
  scope: SearchScope;
}

export interface SearchState {
  input: SearchInput;
  grouping: Grouping;
  /** Sequence number of the last search sent; an answer with another number is stale. */
  lastSeq: number;
  /** `idle`: no query; the hits of the previous answer stay visible while `searching`. */
  phase: 'idle' | 'searching' | 'done' | 'failed';
  /** In the order shown: ranked (flat), or by file with files in the order of their best hit. */
  hits: SearchHit[];
  /** The query the hits answer (for marking its terms). */
  answeredQuery: string;
  tookMs: number;
  partial: boolean;
  /** Why the answer holds no team results although its scope asked for them. */
  teamError: string | null;
  error: string | null;
  /** Index of the selected hit in `hits`, or -1. */
  selected: number;
}

export const SEARCH_LIMIT = 50;

export function initialSearchState(input?: Partial<SearchInput>, grouping: Grouping = 'file'): SearchState {
  return {
    input: { query: '', filters: {}, scope: 'local', ...input },
    grouping,
    lastSeq: 0,
    phase: 'idle',
    hits: [],
    answeredQuery: '',
    tookMs: 0,
    partial: false,
    teamError: null,
    error: null,
    selected: -1,
  };
}

/**
 * Filters narrowing a search, counted for the filter toggle and the "no results" hint: each
 * filter set, and a scope other than the one searches start from (`preferredScope`).
 */
export function activeFilterCount(input: SearchInput, preferredScope: SearchScope): number {
  return Object.values(input.filters).filter((v) => v).length + (input.scope === preferredScope ? 0 : 1);
}

export function hitKey(hit: SearchHit): string {
  return basketKey(hit.uri, hit.startLine, hit.endLine);
}

/**
 * The state after the controls changed, and the search to send. Every call takes a new sequence
 * number, so that answers to earlier searches, still on their way, are recognised as stale.
 * An empty query clears the results and sends nothing.
 */
export function startSearch(state: SearchState, input: SearchInput): { state: SearchState; message: SearchMessage | null } {
  const seq = state.lastSeq + 1;
  const query = input.query.trim();
  if (query === '') {
    return { state: { ...state, input, lastSeq: seq, phase: 'idle', hits: [], answeredQuery: '', error: null, teamError: null, partial: false, selected: -1 }, message: null };
  }
  return {
    state: { ...state, input, lastSeq: seq, phase: 'searching', error: null },
    message: { type: 'search', seq, query, filters: cleanFilters(input.filters), scope: input.scope, limit: SEARCH_LIMIT },
  };
}

/** Applies an answer unless a newer search was sent since. Keeps the selected hit selected when it is still found. */
export function receiveResult(state: SearchState, result: SearchResultMessage): SearchState {
  if (result.seq !== state.lastSeq) return state;
  const hits = orderHits(result.hits, state.grouping);
  return {
    ...state,
    phase: 'done',
    hits,
    answeredQuery: state.input.query.trim(),
    tookMs: result.tookMs,
    partial: result.partial,
    teamError: result.teamError ?? null,
    error: null,
    selected: reselect(state, hits),
  };
}

export function receiveFailure(state: SearchState, seq: number, message: string): SearchState {
  if (seq !== state.lastSeq) return state;
  return { ...state, phase: 'failed', error: message, teamError: null, hits: [], selected: -1 };
}

export function setGrouping(state: SearchState, grouping: Grouping): SearchState {
  if (grouping === state.grouping) return state;
  const hits = orderHits(state.hits, grouping);
  return { ...state, grouping, hits, selected: reselect(state, hits) };
}

export function moveSelection(state: SearchState, key: NavigationKey, pageSize: number): SearchState {
  return select(state, navigate(state.selected, state.hits.length, key, pageSize));
}

export function select(state: SearchState, index: number): SearchState {
  const selected = index >= -1 && index < state.hits.length ? index : state.selected;
  return selected === state.selected ? state : { ...state, selected };
}

export function selectedHit(state: SearchState): SearchHit | null {
  return state.hits[state.selected] ?? null;
}

export interface FileGroup {
  uri: string;
  path: string;
  folderName: string;
  /** Index in `hits` of the group's first hit. */
  first: number;
  hits: SearchHit[];
}

/** Consecutive hits of the same file (hits grouped by `orderHits` are consecutive per file). */
export function fileGroups(hits: readonly SearchHit[]): FileGroup[] {
  const groups: FileGroup[] = [];
  hits.forEach((hit, index) => {
    const last = groups[groups.length - 1];
    if (last && last.uri === hit.uri) last.hits.push(hit);
    else groups.push({ uri: hit.uri, path: hit.path, folderName: hit.folderName, first: index, hits: [hit] });
  });
  return groups;
}

/** Ranked order, or by file: files ordered by their best hit, hits of a file by score. */
export function orderHits(hits: readonly SearchHit[], grouping: Grouping): SearchHit[] {
  const ranked = [...hits].sort((a, b) => b.score - a.score);
  if (grouping === 'flat') return ranked;
  const byFile = new Map<string, SearchHit[]>();
  for (const hit of ranked) {
    const group = byFile.get(hit.uri);
    if (group) group.push(hit);
    else byFile.set(hit.uri, [hit]);
  }
  return [...byFile.values()].flat();
}

function reselect(state: SearchState, hits: readonly SearchHit[]): number {
  const previous = selectedHit(state);
  if (previous) {
    const key = hitKey(previous);
    const index = hits.findIndex((hit) => hitKey(hit) === key);
    if (index !== -1) return index;
  }
  return hits.length > 0 ? 0 : -1;
}

/** Drops empty filters, so that "any language" is no filter at all. */
function cleanFilters(filters: SearchFilters): SearchFilters {
  const clean: SearchFilters = {};
  const language = filters.language?.trim();
  const kind = filters.kind?.trim();
  const pathGlob = filters.pathGlob?.trim();
  if (language) clean.language = language;
  if (kind) clean.kind = kind;
  if (pathGlob) clean.pathGlob = pathGlob;
  return clean;
}
