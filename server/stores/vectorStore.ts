/** One vector of a chunk, keyed by the chunk's content hash. */
export interface VectorItem {
  hash: string;
  vector: number[];
}

export interface VectorQuery {
  /** Only vectors stored for these projects are candidates. */
  projectIds: string[];
  model: string;
  vector: number[];
  limit: number;
  /** Minimum cosine similarity, in [-1, 1]. */
  minSimilarity?: number;
}

export interface VectorMatch {
  hash: string;
  /** Cosine similarity to the query. */
  similarity: number;
}

/**
 * Where chunk embeddings live and are searched: pgvector (default) or Qdrant (when QDRANT_URL
 * is set). Both pass the same contract suite (test/integration/server/vectorStore.contract.ts).
 * Every vector belongs to a (project, model); the model's dimension is checked before calls.
 */
export interface VectorStore {
  readonly kind: 'pgvector' | 'qdrant';
  /** Stores vectors for a project; storing the same (project, model, hash) again changes nothing. */
  upsert(projectId: string, model: string, items: VectorItem[]): Promise<void>;
  /** Nearest vectors by cosine similarity, best first, at most `limit`, each hash once. */
  search(query: VectorQuery): Promise<VectorMatch[]>;
  /** Stored vectors of these hashes for the model, from any project (to reuse embeddings). */
  fetch(model: string, hashes: string[]): Promise<Map<string, number[]>>;
  /** Forgets a deleted project's vectors. */
  removeProject(projectId: string): Promise<void>;
  /** Throws when the store cannot answer (readiness check). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
