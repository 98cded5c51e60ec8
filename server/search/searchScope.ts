/** Which (project, ref) pairs a search covers, with their index versions for cache keys. */
export interface ScopeEntry {
  projectId: string;
  ref: string;
  indexVersion: number;
}

export interface SearchFilters {
  language?: string;
  kind?: string;
  /** Paths allowed by the request's glob; undefined means every path. */
  paths?: string[];
}

/**
 * SQL fragment restricting `contexts c` to a scope and filters, whose five parameters
 * (scopeParams) start at `$firstParam`. The text does not depend on the request, so statements
 * using it can be prepared once.
 */
export function scopeClause(firstParam: number): string {
  const n = (i: number) => `$${firstParam + i}`;
  // The plain project_id test lets the planner use the indexes that lead with it; the pair
  // test then keeps each project to its own ref.
  return `c.project_id = ANY(${n(0)}::uuid[]) AND (c.project_id, c.ref) IN (SELECT * FROM unnest(${n(0)}::uuid[], ${n(1)}::text[]))
      AND (${n(2)}::text IS NULL OR c.language = ${n(2)})
      AND (${n(3)}::text IS NULL OR c.kind = ${n(3)})
      AND (${n(4)}::text[] IS NULL OR c.path = ANY(${n(4)}::text[]))`;
}

/** The parameters of scopeClause, in order. */
export function scopeParams(scope: ScopeEntry[], filters: SearchFilters): unknown[] {
  return [scope.map((s) => s.projectId), scope.map((s) => s.ref), filters.language ?? null, filters.kind ?? null, filters.paths ?? null];
}
