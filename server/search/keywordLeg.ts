import type { Pool } from 'pg';
import { identifierCandidates } from '../../daemon/engine/search/terms';
import { allWordsQuery, anyTermQuery, queryTerms } from './queryTerms';
import { scopeClause, scopeParams, type ScopeEntry, type SearchFilters } from './searchScope';

/** ts_rank weights for D, C, B, A: body, doc and path, signature, name (as the local engine's bm25). */
const RANK_WEIGHTS = '{0.1, 0.25, 0.5, 1.0}';
const EXACT_NAME_LIMIT = 50;
/**
 * Most chunks ranked per search. PostgreSQL ranks every row it is given, and a query of common
 * words can match most of a large project: ranking is bounded to the first chunks holding all
 * the query's words, then any of them (see docs/server.md, "Search at scale").
 */
export const RANK_CANDIDATES = 500;

export interface KeywordHit {
  id: string;
  score: number;
}

const RANK = `ts_rank('${RANK_WEIGHTS}', c.search_terms, (SELECT any_q FROM q))`;
const SCOPE = scopeClause(5);

/**
 * Candidates are ranked in the scan that finds them: each row's search terms (large enough to be
 * stored out of line) are read once, not fetched again by id for ranking. The tsqueries are
 * computed once per statement (a CTE), not once per row. Prepared (`name`), so each connection
 * plans it once.
 */
const RANKED_SQL = `WITH q AS MATERIALIZED (SELECT to_tsquery('simple', $1) AS any_q, to_tsquery('simple', $2) AS all_q),
  strong AS (SELECT c.id, ${RANK} AS rank FROM contexts c
             WHERE c.search_terms @@ (SELECT all_q FROM q) AND ${SCOPE} LIMIT $3),
  weak AS (SELECT c.id, ${RANK} AS rank FROM contexts c
           WHERE c.search_terms @@ (SELECT any_q FROM q) AND ${SCOPE} AND c.id NOT IN (SELECT id FROM strong)
           LIMIT GREATEST(0, $3 - (SELECT count(*) FROM strong)))
  SELECT id, rank FROM strong UNION ALL SELECT id, rank FROM weak
  ORDER BY rank DESC, id
  LIMIT $4`;

const EXACT_SQL = `SELECT c.id, c.kind FROM contexts c
  WHERE (lower(c.name) = ANY($1::text[]) OR lower(c.qualified_name) = ANY($1::text[])) AND ${scopeClause(3)}
  ORDER BY c.path, c.start_line LIMIT $2`;

/**
 * Full-text leg: contexts matching the query's identifier-split terms, ranked by weighted ts_rank
 * (at most RANK_CANDIDATES of them, those with all the words first); then, as in the local
 * engine, definitions named exactly by an identifier in the query are moved to the top (a
 * definition before a module or block that shares its name).
 */
export async function keywordLeg(pool: Pool, query: string, scope: ScopeEntry[], filters: SearchFilters, limit: number): Promise<KeywordHit[]> {
  const terms = queryTerms(query);
  if (terms.any.length === 0) return [];
  const scoped = scopeParams(scope, filters);
  const identifiers = identifierCandidates(query).map((i) => i.toLowerCase());
  const [ranked, exact] = await Promise.all([
    pool.query<{ id: string; rank: number }>({
      name: 'search-keyword-ranked',
      text: RANKED_SQL,
      values: [anyTermQuery(terms), terms.groups.length ? allWordsQuery(terms) : anyTermQuery(terms), RANK_CANDIDATES, limit, ...scoped],
    }),
    identifiers.length === 0
      ? Promise.resolve({ rows: [] as { id: string; kind: string }[] })
      : pool.query<{ id: string; kind: string }>({ name: 'search-keyword-exact', text: EXACT_SQL, values: [identifiers, EXACT_NAME_LIMIT, ...scoped] }),
  ]);
  const scores = new Map(ranked.rows.map((row) => [row.id, row.rank]));
  const top = ranked.rows[0]?.rank ?? 0;
  for (const row of exact.rows) scores.set(row.id, top + (scores.get(row.id) ?? 0) + definitionBonus(row.kind));
  return [...scores]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

/** A definition outranks a module, block or section that merely shares its name. */
function definitionBonus(kind: string): number {
  return kind === 'module' || kind === 'block' || kind === 'section' ? 1 : 10;
}
