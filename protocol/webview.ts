// Messages between the search panel (webview/) and its host in the extension (extension/panel/).
// Declared once here; both sides import these types, and the `type` field discriminates each union.
// Lines are 1-based and inclusive, as everywhere in Mobius.
import type { ChunkKind, Language, SearchFilters } from './engine';
import type { IndexState, SearchHit, SearchScope } from './lsp';

/** Where a search looks (declared with the daemon's search request). `team` and `both` need a team server. */
export { SEARCH_SCOPES, type SearchScope } from './lsp';

/** A scope the panel offers; a disabled one says why in its tooltip. */
export interface ScopeOption {
  scope: SearchScope;
  enabled: boolean;
  /** Why the scope is disabled, and what enables it. */
  reason?: string;
}

/** What the basket holds: a span of a file, added from a search result or an editor selection. */
export interface BasketItem {
  /** `uri#start-end`; the same span is never in the basket twice. */
  key: string;
  uri: string;
  /** Path shown to the user (relative to its workspace folder). */
  path: string;
  startLine: number;
  endLine: number;
  language: Language;
  /** Symbol name, or "selection". */
  label: string;
  kind: ChunkKind | 'selection';
  /** Tokens of this span alone, as the daemon counts them; absent until measured. */
  tokens?: number;
}

/** Whether the panel can reach the daemon. */
export type DaemonAvailability =
  | { state: 'starting' }
  | { state: 'running' }
  | { state: 'unavailable'; message: string };

export interface PanelInit {
  scopes: ScopeOption[];
  /** Where a panel without a saved choice searches: `mobius.team.searchScope` when connected, else local. */
  preferredScope: SearchScope;
  /** `mobius.tokenBudget`. */
  tokenBudget: number;
  /** The basket as the host stored it (shared by every panel of the window). */
  basket: BasketItem[];
  daemon: DaemonAvailability;
  index: IndexState | null;
  /** A query to search for at once (e.g. the editor's selection when the command ran). */
  query?: string;
}

/** How many lines around a chunk the preview shows. */
export const PREVIEW_CONTEXT_LINES = 3;

// ---- webview → host -------------------------------------------------------------------------

export interface SearchMessage {
  type: 'search';
  /** Increases with every search this panel sends; the answer echoes it. */
  seq: number;
  query: string;
  filters: SearchFilters;
  scope: SearchScope;
  limit: number;
}

export interface PreviewMessage {
  type: 'preview';
  seq: number;
  uri: string;
  startLine: number;
  endLine: number;
  /** Lines to add before and after the span. */
  contextLines: number;
}

export interface OpenMessage {
  type: 'open';
  uri: string;
  startLine: number;
  endLine: number;
  /** Ctrl/Cmd+Enter: open beside the current editor. */
  toSide: boolean;
}

export type WebviewToHost =
  | { type: 'ready' }
  | SearchMessage
  | PreviewMessage
  | OpenMessage
  /** The basket changed in this panel; the host stores it, measures it and tells other panels. */
  | { type: 'basketChanged'; items: BasketItem[] }
  /** Add the active editor's selection to the basket. */
  | { type: 'addSelection' }
  | { type: 'copyContext'; items: BasketItem[] }
  /** Try to reach the daemon again after it was unavailable. */
  | { type: 'retry' };

// ---- host → webview -------------------------------------------------------------------------

export interface SearchResultMessage {
  type: 'searchResult';
  seq: number;
  hits: SearchHit[];
  tookMs: number;
  /** Some folder is still indexing: results may be incomplete. */
  partial: boolean;
  /** Why team results are missing (server unreachable, slow, refused); the local ones are shown. */
  teamError?: string;
}

export interface PreviewResultMessage {
  type: 'previewResult';
  seq: number;
  uri: string;
  /** Line number of `lines[0]`. */
  firstLine: number;
  lines: string[];
}

/** The daemon's token counts for a basket; the panel ignores one measured for other items. */
export interface BasketMeasuredMessage {
  type: 'basketMeasured';
  /** Keys of the basket that was measured, in order. */
  keys: string[];
  /** Tokens of each item alone, by key. */
  itemTokens: Record<string, number>;
  /** Tokens of the packed Markdown "Copy context" would produce. */
  packedTokens: number;
  /** Keys whose spans did not fit in the budget. */
  omitted: string[];
}

export type HostToWebview =
  | { type: 'init'; init: PanelInit }
  | SearchResultMessage
  | { type: 'searchFailed'; seq: number; message: string }
  | PreviewResultMessage
  | { type: 'previewFailed'; seq: number; message: string }
  | { type: 'index'; state: IndexState }
  | { type: 'daemon'; daemon: DaemonAvailability }
  | { type: 'tokenBudget'; tokenBudget: number }
  /** The team connection changed: the scopes the panel offers now. */
  | { type: 'scopes'; scopes: ScopeOption[]; preferredScope: SearchScope }
  /** The basket as another panel (or the host) changed it. */
  | { type: 'basket'; items: BasketItem[] }
  | BasketMeasuredMessage
  /** Items for the basket from outside the panel (the "Add Selection" command). */
  | { type: 'addToBasket'; items: BasketItem[] }
  | { type: 'copied'; chunks: number; tokens: number }
  /** Something the user asked for failed; `message` says what and what to do. */
  | { type: 'notice'; severity: 'info' | 'error'; message: string }
  /** Focus the search box, optionally with a new query. */
  | { type: 'focusSearch'; query?: string };

/** The key that identifies a span in the basket. */
export function basketKey(uri: string, startLine: number, endLine: number): string {
  return `${uri}#${startLine}-${endLine}`;
}
