import type { Pool } from 'pg';
import { identifierCandidates } from '../../daemon/engine/search/terms';
import { allWordsQuery, anyTermQuery, queryTerms } from './queryTerms';
import { scopeClause, type ScopeEntry, type SearchFilters } from './searchScope';

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

/**
 * Full-text leg: contexts matching the query's identifier-split terms, ranked by weighted ts_rank
 * (at most RANK_CANDIDATES of them, those with all the words first); then, as in the local
 * engine, definitions named exactly by an identifier in the query are moved to the top (a
 * definition before a module or block that shares its name).
 */
export async function keywordLeg(pool: Pool, query: string, scope: ScopeEntry[], filters: SearchFilters, limit: number): Promise<KeywordHit[]> {
  const terms = queryTerms(query);
  if (terms.any.length === 0) return [];
  const scoped = scopeClause(scope, filters, 5);
  const identifiers = identifierCandidates(query).map((i) => i.toLowerCase());
  const exactScope = scopeClause(scope, filters, 3);
  const [ranked, exact] = await Promise.all([
    pool.query<{ id: string; rank: number }>(
      `WITH q AS (SELECT to_tsquery('simple', $1) AS any_q, to_tsquery('simple', $2) AS all_q),
       strong AS (SELECT c.id FROM contexts c, q WHERE c.search_terms @@ q.all_q AND ${scoped.sql} LIMIT $3),
       weak AS (SELECT c.id FROM contexts c, q WHERE c.search_terms @@ q.any_q AND ${scoped.sql}
                  AND c.id NOT IN (SELECT id FROM strong) LIMIT GREATEST(0, $3 - (SELECT count(*) FROM strong)))
       SELECT c.id, ts_rank('${RANK_WEIGHTS}', c.search_terms, q.any_q) AS rank
       FROM contexts c, q
       WHERE c.id IN (SELECT id FROM strong UNION ALL SELECT id FROM weak)
       ORDER BY rank DESC, c.id
       LIMIT $4`,
      [anyTermQuery(terms), terms.groups.length ? allWordsQuery(terms) : anyTermQuery(terms), RANK_CANDIDATES, limit, ...scoped.params],
    ),
    identifiers.length === 0
      ? Promise.resolve({ rows: [] as { id: string; kind: string }[] })
      : pool.query<{ id: string; kind: string }>(
          `SELECT c.id, c.kind FROM contexts c
           WHERE (lower(c.name) = ANY($1::text[]) OR lower(c.qualified_name) = ANY($1::text[])) AND ${exactScope.sql}
           ORDER BY c.path, c.start_line LIMIT $2`,
          [identifiers, EXACT_NAME_LIMIT, ...exactScope.params],
        ),
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
