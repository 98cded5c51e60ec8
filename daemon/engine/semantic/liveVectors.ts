import type { Database, Statement } from 'better-sqlite3';
import type { VectorIndexState } from '../embed/embeddingThread';
import type { EmbeddingStore, StoredVector } from '../embed/embeddingStore';
import { VectorSearch, type SemanticHit } from '../vectors/vectorSearch';

/** Cached vectors read and added per step when chunks come back (a branch switched back). */
const CACHED_PAGE = 512;

/** Which chunks a refresh looks at: all of them, or those of files edited since the last run. */
export interface LiveScope {
  paths?: string[];
  /** The edited files' chunk hashes before the edits: those no chunk has any more leave the index. */
  previousHashes?: string[];
}

/**
 * The vector index of the chunks in the index database now ("live"), on the embedding thread:
 * cached vectors of chunks that left stay in the cache for a switch back but leave the index, and
 * come back from the cache when their chunks do.
 */
export class LiveVectors {
  private constructor(
    private readonly statements: Statements,
    private readonly store: EmbeddingStore,
    private readonly providerId: string,
    private readonly live: Set<string>,
    private readonly vectors: VectorSearch,
  ) {}

  static async open(db: Database, store: EmbeddingStore, options: { providerId: string; dimensions: number; indexPath: string }): Promise<LiveVectors> {
    const statements = statementsOf(db);
    const live = new Set(statements.allHashes.all() as string[]);
    const vectors = await VectorSearch.open({ store, ...options, isLive: (hash) => live.has(hash) });
    return new LiveVectors(statements, store, options.providerId, live, vectors);
  }

  get state(): VectorIndexState {
    return { size: this.vectors.size, kind: this.vectors.kind };
  }

  /** Chunks in the index database now; pruning keeps at least as many unused cache rows. */
  get liveCount(): number {
    return this.live.size;
  }

  /**
   * Brings the live set and the index up to the database: chunks that came back get their cached
   * vectors, those gone leave. Returns the distinct chunk hashes in `scope`, which a run embeds.
   */
  async refresh({ paths, previousHashes }: LiveScope): Promise<string[]> {
    let hashes: string[];
    let gone: string[];
    if (paths) {
      hashes = this.statements.hashesOfPaths.all(JSON.stringify(paths)) as string[];
      gone = this.statements.unindexed.all(JSON.stringify(previousHashes ?? [])) as string[];
    } else {
      hashes = this.statements.allHashes.all() as string[];
      const next = new Set(hashes);
      gone = [...this.live].filter((hash) => !next.has(hash));
    }
    const back = hashes.filter((hash) => !this.live.has(hash));
    for (const hash of gone) this.live.delete(hash);
    for (const hash of back) this.live.add(hash);
    if (gone.length > 0) await this.vectors.removeHashes(gone);
    for (let i = 0; i < back.length; i += CACHED_PAGE) {
      const cached = this.store.get(back.slice(i, i + CACHED_PAGE), this.providerId);
      if (cached.size > 0) await this.vectors.add([...cached.values()]);
    }
    return hashes;
  }

  add(vectors: readonly StoredVector[]): Promise<void> {
    return this.vectors.add(vectors);
  }

  search(query: Float32Array, k: number, allowedHashes?: readonly string[]): SemanticHit[] {
    return this.vectors.search(query, k, allowedHashes && new Set(allowedHashes));
  }

  save(): Promise<void> {
    return this.vectors.save();
  }
}

interface Statements {
  allHashes: Statement<[]>;
  hashesOfPaths: Statement<[string]>;
  unindexed: Statement<[string]>;
}

function statementsOf(db: Database): Statements {
  return {
    allHashes: db.prepare('SELECT DISTINCT hash FROM chunks').pluck(),
    hashesOfPaths: db.prepare('SELECT DISTINCT hash FROM chunks WHERE path IN (SELECT value FROM json_each(?))').pluck(),
    unindexed: db.prepare('SELECT j.value FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.hash = j.value)').pluck(),
  };
}
