import { runTerms, wordRuns } from '../../daemon/engine/search/termsAnalyzer';
import { buildFtsQuery } from '../../daemon/engine/search/terms';

const QUOTED = /"((?:[^"]|"")*)"/g;

export interface QueryTerms {
  /** Every term the local engine searches for (identifier words, stems, joined identifiers). */
  any: string[];
  /** The same terms grouped per word of the query: a chunk with all the words has one of each group. */
  groups: string[][];
}

/**
 * The terms of a query, taken from the local engine's own FTS5 expression so the server matches
 * exactly what the daemon would (stop words dropped, words joined as identifiers added).
 */
export function queryTerms(query: string): QueryTerms {
  const expression = buildFtsQuery(query);
  if (!expression) return { any: [], groups: [] };
  const any = new Set<string>();
  for (const match of expression.matchAll(QUOTED)) {
    const term = match[1].replace(/""/g, '"');
    if (term.trim() !== '') any.add(term);
  }
  const groups = wordRuns(query)
    .map((run) => runTerms(run).filter((term) => any.has(term)))
    .filter((group) => group.length > 0);
  return { any: [...any], groups };
}

/** A tsquery lexeme: quoted, so nothing in a term is read as tsquery syntax. */
const lexeme = (term: string) => `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** tsquery text matching any term. */
export function anyTermQuery(terms: QueryTerms): string {
  return terms.any.map(lexeme).join(' | ');
}

/** tsquery text matching chunks that contain every word of the query (any of its terms). */
export function allWordsQuery(terms: QueryTerms): string {
  return terms.groups.map((group) => `(${group.map(lexeme).join(' | ')})`).join(' & ');
}
