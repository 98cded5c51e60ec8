import type { IndexState } from '../../protocol/lsp';
import type { DaemonAvailability, SearchScope } from '../../protocol/webview';
import { activeFilterCount, type SearchState } from './searchState';

/** What the results area shows. */
export type MainStatus =
  | { kind: 'unavailable'; message: string }
  | { kind: 'starting' }
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'error'; message: string }
  /** `filtered`: filters may be why; `indexing`: the index may not hold the answer yet. */
  | { kind: 'no-results'; query: string; filtered: boolean; indexing: boolean }
  | { kind: 'results' };

/** A line above the results about the index. */
export type IndexBanner =
  | { kind: 'indexing'; filesDone: number; filesTotal: number }
  | { kind: 'paused' }
  | { kind: 'failed'; messages: string[] };

export interface PanelStatus {
  main: MainStatus;
  index: IndexBanner | null;
}

/** `preferredScope`: the scope searches start from; another one counts as a filter. */
export function panelStatus(daemon: DaemonAvailability, index: IndexState | null, search: SearchState, preferredScope: SearchScope = 'local'): PanelStatus {
  return { main: mainStatus(daemon, index, search, preferredScope), index: daemon.state === 'running' ? indexBanner(index) : null };
}

function mainStatus(daemon: DaemonAvailability, index: IndexState | null, search: SearchState, preferredScope: SearchScope): MainStatus {
  if (daemon.state === 'unavailable') return { kind: 'unavailable', message: daemon.message };
  if (daemon.state === 'starting') return { kind: 'starting' };
  if (search.phase === 'failed') return { kind: 'error', message: search.error ?? 'The search failed.' };
  if (search.input.query.trim() === '') return { kind: 'idle' };
  if (search.hits.length > 0) return { kind: 'results' };
  if (search.phase === 'done') {
    return {
      kind: 'no-results',
      query: search.answeredQuery,
      filtered: activeFilterCount(search.input, preferredScope) > 0,
      indexing: search.partial || isBuilding(index),
    };
  }
  return { kind: 'searching' };
}

function indexBanner(index: IndexState | null): IndexBanner | null {
  if (!index) return null;
  if (isBuilding(index)) return { kind: 'indexing', filesDone: index.filesDone, filesTotal: index.filesTotal };
  if (index.phase === 'paused') return { kind: 'paused' };
  const failures = index.folders.filter((f) => f.phase === 'failed').map((f) => f.error ?? `Indexing ${f.name} failed.`);
  return failures.length > 0 ? { kind: 'failed', messages: failures } : null;
}

function isBuilding(index: IndexState | null): boolean {
  return index !== null && (index.phase === 'starting' || index.phase === 'indexing');
}
