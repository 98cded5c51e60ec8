import type { SearchFilters } from '../../../protocol/engine';

/**
 * The language, kind and path-glob filters as SQL over `chunks c`. Each filter takes two
 * parameters, (value, value) or (null, null); `mobius_glob` is registered by KeywordSearch.
 */
export const FILTER_SQL = '(? IS NULL OR c.language = ?) AND (? IS NULL OR c.kind = ?) AND (? IS NULL OR mobius_glob(?, c.path))';

/** The parameters of FILTER_SQL for these filters. */
export function filterParameters(filters: SearchFilters): (string | null)[] {
  const language = filters.language ?? null;
  const kind = filters.kind ?? null;
  const glob = filters.pathGlob ?? null;
  return [language, language, kind, kind, glob, glob];
}
