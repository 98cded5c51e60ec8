/** Tuning of {@link fuseRankings}. */
export interface HybridOptions {
  /** RRF damping: larger flattens the difference between ranks. 60 is the value from the RRF paper. */
  k?: number;
  keywordWeight?: number;
  vectorWeight?: number;
  /** Chunks whose name is an identifier written in the query (`parseConfig`): ranked above all others, in either list or not. */
  exactIdentifierIds?: ReadonlySet<string>;
  /** Multiplies the exact-identifier bonus; 1 already puts such chunks first. */
  exactIdentifierBoost?: number;
  limit?: number;
}

export interface FusedHit {
  id: string;
  score: number;
  /** 1-based rank in each input list, when the id was in it. */
  keywordRank?: number;
  vectorRank?: number;
  exactIdentifier: boolean;
}

/**
 * Reciprocal-rank fusion of a keyword ranking and a vector ranking of chunk ids: each list adds
 * weight / (k + rank) for an id, so agreement between the lists wins and no list's raw scores
 * (BM25 vs cosine, not comparable) matter. Ids repeated within a list count at their best rank.
 * Filters belong before this: both lists should already hold only allowed chunks.
 */
export function fuseRankings(keyword: readonly string[], vector: readonly string[], options: HybridOptions = {}): FusedHit[] {
  const k = options.k ?? 60;
  const keywordWeight = options.keywordWeight ?? 1;
  const vectorWeight = options.vectorWeight ?? 1;
  // More than any chunk can get from the lists ((wk + wv) / (k + 1) at rank 1 in both), so with a
  // boost of 1 an exact identifier ranks first even from neither list.
  const exactBonus = ((keywordWeight + vectorWeight) / k) * (options.exactIdentifierBoost ?? 1);
  const hits = new Map<string, FusedHit>();
  const hit = (id: string): FusedHit => {
    let existing = hits.get(id);
    if (!existing) {
      existing = { id, score: 0, exactIdentifier: false };
      hits.set(id, existing);
    }
    return existing;
  };
  keyword.forEach((id, index) => {
    const h = hit(id);
    if (h.keywordRank !== undefined) return;
    h.keywordRank = index + 1;
    h.score += keywordWeight / (k + index + 1);
  });
  vector.forEach((id, index) => {
    const h = hit(id);
    if (h.vectorRank !== undefined) return;
    h.vectorRank = index + 1;
    h.score += vectorWeight / (k + index + 1);
  });
  for (const id of options.exactIdentifierIds ?? []) {
    const h = hit(id);
    if (h.exactIdentifier) continue;
    h.exactIdentifier = true;
    h.score += exactBonus;
  }
  const ranked = [...hits.values()].sort(
    (a, b) =>
      b.score - a.score ||
      (a.keywordRank ?? Infinity) - (b.keywordRank ?? Infinity) ||
      (a.vectorRank ?? Infinity) - (b.vectorRank ?? Infinity) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return options.limit === undefined ? ranked : ranked.slice(0, options.limit);
}
