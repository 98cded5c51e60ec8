import { SEARCH_SCOPES, type BasketItem, type SearchScope } from '../../protocol/webview';
import type { Grouping, SearchInput } from './searchState';

/** What the panel keeps through `vscode.setState` when it is hidden or the window reloads. */
export interface PersistedPanelState {
  version: 1;
  input: SearchInput;
  grouping: Grouping;
  filtersOpen: boolean;
  basket: BasketItem[];
}

/** Reads a saved state back, or null when there is none or it has another shape (an older panel's). */
export function readPersisted(saved: unknown): PersistedPanelState | null {
  if (!isRecord(saved) || saved.version !== 1) return null;
  const { input, grouping, filtersOpen, basket } = saved;
  if (!isRecord(input) || typeof input.query !== 'string' || !isRecord(input.filters)) return null;
  if (!(SEARCH_SCOPES as readonly unknown[]).includes(input.scope)) return null;
  if (grouping !== 'file' && grouping !== 'flat') return null;
  if (!Array.isArray(basket) || !basket.every(isBasketItem)) return null;
  const filters = input.filters;
  return {
    version: 1,
    input: {
      query: input.query,
      scope: input.scope as SearchScope,
      filters: {
        ...(typeof filters.language === 'string' ? { language: filters.language } : {}),
        ...(typeof filters.kind === 'string' ? { kind: filters.kind } : {}),
        ...(typeof filters.pathGlob === 'string' ? { pathGlob: filters.pathGlob } : {}),
      },
    },
    grouping,
    filtersOpen: filtersOpen === true,
    basket,
  };
}

function isBasketItem(value: unknown): value is BasketItem {
  return isRecord(value)
    && typeof value.key === 'string' && typeof value.uri === 'string' && typeof value.path === 'string'
    && typeof value.startLine === 'number' && typeof value.endLine === 'number'
    && typeof value.language === 'string' && typeof value.label === 'string' && typeof value.kind === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
