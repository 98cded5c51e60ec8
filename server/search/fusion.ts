/** The usual reciprocal-rank-fusion constant: ranks far down a list still count a little. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion of ranked id lists, scaled so an id first in every list scores 1.
 * Ties keep the order of first appearance, so the result is deterministic.
 */
export function fuseByRank(lists: string[][]): { id: string; score: number }[] {
  if (lists.length === 0) return [];
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + 1 / (RRF_K + index + 1)));
  }
  const best = lists.length / (RRF_K + 1);
  return [...scores]
    .map(([id, score]) => ({ id, score: score / best }))
    .sort((a, b) => b.score - a.score);
}
