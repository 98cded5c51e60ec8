import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { ChunkKind, Language } from '../../protocol/engine';
import type { ParsedSearchRequest, SearchHit, SearchResponse } from '../../protocol/rest';
import { ApiError, notFound } from '../http/apiError';
import type { ModelRegistry } from '../stores/modelRegistry';
import type { ProjectAccess, ProjectStore } from '../stores/projectStore';
import type { VectorStore } from '../stores/vectorStore';
import { fuseByRank } from './fusion';
import { keywordLeg } from './keywordLeg';
import type { PathGlobFilter } from './pathGlobFilter';
import type { QueryEmbedder } from './queryEmbedder';
import type { SearchCache } from './searchCache';
import { scopeClause, scopeParams, type ScopeEntry, type SearchFilters } from './searchScope';

/** Candidates each leg contributes per result wanted: room for fusion to reorder. */
const CANDIDATE_FACTOR = 4;
const MIN_CANDIDATES = 40;

// Prepared (`name`): each pooled connection parses and plans them once.
const VECTOR_CONTEXTS_SQL = `SELECT c.id, c.chunk_hash, c.path, c.start_line FROM contexts c WHERE c.chunk_hash = ANY($1::text[]) AND ${scopeClause(2)}`;
const HYDRATE_SQL = `SELECT c.id, c.project_id, c.ref, c.path, c.start_line, c.end_line, c.language, c.kind, c.name, c.qualified_name,
         c.signature, c.chunk_hash, c.file_hash, cc.content
  FROM contexts c JOIN chunk_contents cc ON cc.hash = c.chunk_hash WHERE c.id = ANY($1::uuid[])`;

interface HitRow {
  id: string;
  project_id: string;
  ref: string;
  path: string;
  start_line: number;
  end_line: number;
  language: Language;
  kind: ChunkKind;
  name: string;
  qualified_name: string;
  signature: string;
  chunk_hash: string;
  file_hash: string;
  content: string;
}

export interface SearchDeps {
  pool: Pool;
  projects: ProjectStore;
  vectors: VectorStore;
  models: ModelRegistry;
  cache: SearchCache;
  globs: PathGlobFilter;
  embedder: QueryEmbedder | null;
}

/**
 * Hybrid search over the caller's projects: PostgreSQL full-text over identifier-split terms and
 * vector similarity (pgvector HNSW or Qdrant), fused by reciprocal rank. Results are cached in
 * Redis under the projects' index versions.
 */
export class SearchService {
  constructor(private readonly deps: SearchDeps) {}

  async search(userId: string, request: ParsedSearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    const access = await this.access(userId, request.projectId);
    const scope: ScopeEntry[] = access.map(({ project }) => ({
      projectId: project.id,
      ref: request.ref ?? project.defaultRef,
      indexVersion: project.indexVersion,
    }));
    const query = (request.query ?? '').trim();
    const plan = await this.planVector(request, query);

    const cacheKey = this.deps.cache.key({
      scope,
      query,
      vector: plan && { model: plan.model, digest: plan.values ? vectorDigest(plan.values) : null },
      filters: [request.language, request.kind, request.pathGlob, request.limit, request.scoreThreshold, request.mode],
    });
    const cached = await this.deps.cache.get(cacheKey);
    if (cached) return { ...cached, cached: true, tookMs: elapsed(started) };

    // Embedding the query costs a provider call: done only on a cache miss.
    const vector = plan && { model: plan.model, values: plan.values ?? (await this.deps.embedder!.embed(query)) };
    const response = await this.compute(request, query, vector, scope);
    await this.deps.cache.set(cacheKey, response);
    return { ...response, tookMs: elapsed(started) };
  }

  private async compute(
    request: ParsedSearchRequest,
    query: string,
    vector: { model: string; values: number[] } | null,
    scope: ScopeEntry[],
  ): Promise<SearchResponse> {
    const empty: SearchResponse = { results: [], legs: [], cached: false, tookMs: 0 };
    if (scope.length === 0) return empty;
    const filters: SearchFilters = { language: request.language, kind: request.kind };
    if (request.pathGlob) {
      filters.paths = await this.deps.globs.paths(scope, request.pathGlob);
      if (filters.paths.length === 0) return empty;
    }
    const candidates = Math.max(MIN_CANDIDATES, request.limit * CANDIDATE_FACTOR);
    const runKeyword = request.mode !== 'vector' && query !== '';
    const [keyword, semantic] = await Promise.all([
      runKeyword ? keywordLeg(this.deps.pool, query, scope, filters, candidates) : null,
      vector ? this.vectorLeg(vector, request.scoreThreshold, scope, filters, candidates) : null,
    ]);

    const lists: string[][] = [];
    if (keyword) lists.push(keyword.map((h) => h.id));
    if (semantic) lists.push(semantic.map((h) => h.id));
    const fused = fuseByRank(lists).slice(0, request.limit);
    const rows = await this.hydrate(fused.map((f) => f.id));
    const keywordScores = new Map(keyword?.map((h) => [h.id, h.score]));
    const vectorScores = new Map(semantic?.map((h) => [h.id, h.similarity]));
    const results = fused.flatMap(({ id, score }): SearchHit[] => {
      const row = rows.get(id);
      if (!row) return [];
      return [
        {
          contextId: row.id,
          projectId: row.project_id,
          ref: row.ref,
          path: row.path,
          startLine: row.start_line,
          endLine: row.end_line,
          language: row.language,
          kind: row.kind,
          name: row.name,
          qualifiedName: row.qualified_name,
          signature: row.signature,
          score: round(score),
          vectorScore: vectorScores.has(id) ? round(vectorScores.get(id)!) : null,
          keywordScore: keywordScores.has(id) ? round(keywordScores.get(id)!) : null,
          content: row.content,
          hash: row.chunk_hash,
          fileHash: row.file_hash,
        },
      ];
    });
    const legs: SearchResponse['legs'] = [];
    if (keyword) legs.push('keyword');
    if (semantic) legs.push('vector');
    return { results, legs, cached: false, tookMs: 0 };
  }

  private async access(userId: string, projectId: string | undefined): Promise<ProjectAccess[]> {
    if (!projectId) return this.deps.projects.accessAll(userId);
    const one = await this.deps.projects.access(projectId, userId);
    if (!one) throw notFound('Project');
    return [one];
  }

  /** Where the query vector comes from: the client (values given), the server's embedder, or nowhere. */
  private async planVector(request: ParsedSearchRequest, query: string): Promise<{ model: string; values?: number[] } | null> {
    if (request.mode === 'keyword') {
      if (query === '') throw new ApiError(400, 'VALIDATION_FAILED', 'Keyword search needs a non-empty query');
      return null;
    }
    if (request.vector && request.model) {
      const dimension = await this.deps.models.dimension(request.model);
      if (dimension === null) {
        throw new ApiError(400, 'UNKNOWN_MODEL', `No vectors of model "${request.model}" are stored; ingest embeddings of that model first, or check the model id`);
      }
      if (dimension !== request.vector.length) {
        throw new ApiError(400, 'DIMENSION_MISMATCH', `Model "${request.model}" has ${dimension} dimensions but the query vector has ${request.vector.length}`);
      }
      return { model: request.model, values: request.vector };
    }
    const { embedder } = this.deps;
    if (embedder && query !== '' && (!request.model || request.model === embedder.model)) return { model: embedder.model };
    if (request.mode === 'vector') {
      throw new ApiError(400, 'EMBEDDER_UNAVAILABLE', 'This server has no embedding provider for that model: send "vector" with its "model", or use mode "keyword" or "hybrid"');
    }
    return null;
  }

  /** Nearest chunk hashes from the vector store, then the scope's contexts holding them. */
  private async vectorLeg(
    vector: { model: string; values: number[] },
    minSimilarity: number | undefined,
    scope: ScopeEntry[],
    filters: SearchFilters,
    limit: number,
  ): Promise<{ id: string; similarity: number }[]> {
    const matches = await this.deps.vectors.search({
      projectIds: [...new Set(scope.map((s) => s.projectId))],
      model: vector.model,
      vector: vector.values,
      limit,
      minSimilarity,
    });
    if (matches.length === 0) return [];
    const similarity = new Map(matches.map((m) => [m.hash, m.similarity]));
    const { rows } = await this.deps.pool.query<{ id: string; chunk_hash: string; path: string; start_line: number }>({
      name: 'search-vector-contexts',
      text: VECTOR_CONTEXTS_SQL,
      values: [matches.map((m) => m.hash), ...scopeParams(scope, filters)],
    });
    return rows
      .map((r) => ({ id: r.id, similarity: similarity.get(r.chunk_hash)!, path: r.path, line: r.start_line }))
      .sort((a, b) => b.similarity - a.similarity || a.path.localeCompare(b.path) || a.line - b.line)
      .slice(0, limit)
      .map(({ id, similarity: s }) => ({ id, similarity: s }));
  }

  private async hydrate(ids: string[]): Promise<Map<string, HitRow>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.deps.pool.query<HitRow>({ name: 'search-hydrate', text: HYDRATE_SQL, values: [ids] });
    return new Map(rows.map((r) => [r.id, r]));
  }
}

/** A vector's identity for cache keys: its float64 bytes, hashed (no number formatting). */
const vectorDigest = (values: number[]) => createHash('sha256').update(new Float64Array(values)).digest('hex');

const round = (n: number) => Math.round(n * 10_000) / 10_000;
const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;
