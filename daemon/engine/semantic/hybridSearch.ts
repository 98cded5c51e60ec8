import type { Database, Statement } from 'better-sqlite3';
import type { SearchOptions, SearchResult } from '../../../protocol/engine';
import { CHUNK_COLUMNS, rowToResult, type ChunkRow } from '../index/indexStore';
import { FILTER_SQL, filterParameters } from '../search/filters';
import { fuseRankings, type HybridOptions } from '../search/hybrid';
import { DEFAULT_LIMIT, type KeywordSearch } from '../search/keywordSearch';
import { identifierCandidates } from '../search/termsQuery';
import type { SemanticIndex } from './semanticIndex';

export type FusionWeights = Required<Pick<HybridOptions, 'k' | 'keywordWeight' | 'vectorWeight' | 'exactIdentifierBoost'>>;

/**
 * Chosen on bench/retrieval-hybrid.ts (docstring-to-code, 500 queries, 33k chunks): with k = 10
 * and keyword ranks weighing 8 to 1, hybrid matched or beat keyword search alone on MRR@10,
 * Recall@1 and Recall@10 under each of three successive keyword rankings; equal weights, or
 * k = 30-60, lost to it on some metric under at least one. An identifier-aware BM25 hit is usually
 * right when there is one; vectors reorder near-ties and bring in what keywords cannot name.
 * Those figures come from the fake bag-of-words provider: a learned model may deserve more
 * vector weight (EngineConfig.fusion).
 */
export const DEFAULT_FUSION_WEIGHTS: FusionWeights = { k: 10, keywordWeight: 8, vectorWeight: 1, exactIdentifierBoost: 1 };

/** Candidates taken from each list per result wanted, so fusion can promote from deeper ranks. */
const CANDIDATE_FACTOR = 5;
const MIN_CANDIDATES = 50;

/**
 * Keyword and vector rankings of the same filtered chunks, fused by weighted reciprocal rank with
 * exact identifiers first. Falls back to the keyword ranking whenever no query vector is had.
 */
export class HybridSearch {
  private readonly allowedHashes: Statement;
  private readonly chunksOfHashes: Statement;

  constructor(
    db: Database,
    private readonly keyword: KeywordSearch,
    private readonly semantic: SemanticIndex,
    private readonly weights: FusionWeights = DEFAULT_FUSION_WEIGHTS,
  ) {
    this.allowedHashes = db.prepare(`SELECT DISTINCT c.hash FROM chunks c WHERE ${FILTER_SQL}`).pluck();
    this.chunksOfHashes = db.prepare(
      `SELECT ${CHUNK_COLUMNS} FROM json_each(?) j JOIN chunks c ON c.hash = j.value JOIN contents t ON t.hash = c.hash
       WHERE ${FILTER_SQL} ORDER BY c.path, c.start_line`,
    );
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResult[]> {
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_LIMIT, 1000));
    const candidates = Math.max(limit * CANDIDATE_FACTOR, MIN_CANDIDATES);
    const keywordHits = this.keyword.search(query, { ...options, limit: candidates });
    if (!(await this.semantic.hasVectors())) return keywordHits.slice(0, limit);

    const filterArgs = filterParameters(options);
    const filtered = filterArgs.some((v) => v !== null);
    // Filters apply before ranking: the vector index ranks only chunks that pass them.
    const allowed = filtered ? new Set(this.allowedHashes.all(...filterArgs) as string[]) : undefined;
    if (allowed?.size === 0) return [];
    const vectorHits = await this.semantic.nearest(query, candidates, allowed);
    if (!vectorHits) return keywordHits.slice(0, limit);

    const byId = new Map<string, SearchResult>();
    for (const hit of keywordHits) byId.set(resultId(hit), hit);
    const vectorRanking = this.vectorResults(vectorHits.map((h) => h.hash), filterArgs).map((result) => {
      const id = resultId(result);
      if (!byId.has(id)) byId.set(id, result);
      return id;
    });
    const identifiers = new Set(identifierCandidates(query).map((i) => i.toLowerCase()));
    const exactIdentifierIds = new Set(
      keywordHits.filter((h) => identifiers.has(h.name.toLowerCase()) || identifiers.has(h.qualifiedName.toLowerCase())).map(resultId),
    );
    return fuseRankings(keywordHits.map(resultId), vectorRanking, { ...this.weights, exactIdentifierIds, limit }).map((fused) => ({
      ...(byId.get(fused.id) as SearchResult),
      score: Math.round(fused.score * 1e6) / 1e6,
    }));
  }

  /** The chunks carrying each hash, in the hashes' rank order (a duplicated chunk appears at each of its places). */
  private vectorResults(hashes: readonly string[], filterArgs: (string | null)[]): SearchResult[] {
    const rows = this.chunksOfHashes.all(JSON.stringify(hashes), ...filterArgs) as ChunkRow[];
    const byHash = new Map<string, ChunkRow[]>();
    for (const row of rows) byHash.set(row.hash, [...(byHash.get(row.hash) ?? []), row]);
    return hashes.flatMap((hash) => (byHash.get(hash) ?? []).map((row) => rowToResult(row, 0)));
  }
}


function resultId(r: Pick<SearchResult, 'path' | 'startLine' | 'endLine'>): string {
  return `${r.path}:${r.startLine}-${r.endLine}`;
}

