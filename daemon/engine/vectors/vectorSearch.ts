import * as fs from 'node:fs';
import type { EmbeddingStore, StoredVector } from '../embed/embeddingStore';
import { DEFAULT_SLICE_MS, TimeSlicer } from '../embed/timeSlicer';
import { ExactIndex } from './exactIndex';
import { DEFAULT_HNSW_PARAMETERS, HnswIndex, type HnswParameters } from './hnswIndex';
import { HNSW_FORMAT, labelFingerprint, readSidecar, sidecarMatches, sidecarPath, writeFileAtomic, type HnswSidecar } from './hnswSidecar';
import type { VectorIndex } from './vectorIndex';

/**
 * Exact search while vectors x dimensions stays at or below this many floats. A JS scan costs
 * 1-2 ns per float on these 2-core machines (bench/vectors.ts: 5,000 x 384 in 2.9 ms, 10,000 x 384
 * in 7 ms when the cores are shared), so 2M floats keep exact queries near 3 ms: 5,200 chunks of
 * 384 dimensions, 1,300 of 1,536. Beyond it HNSW answers in 0.2-1 ms at recall@10 0.93-1.0.
 */
export const DEFAULT_EXACT_MAX_FLOATS = 2_000_000;

/**
 * Room reserved in a new HNSW graph. Growing it later copies the whole graph in one synchronous
 * call (100+ ms at 1,536 dimensions); reserving costs little, since untouched pages are never
 * committed.
 */
const MIN_HNSW_CAPACITY = 100_000;

/** Rebuild rather than patch a persisted HNSW graph once this share of it has changed. */
const REBUILD_CHANGED_SHARE = 0.25;

export interface VectorSearchOptions {
  store: EmbeddingStore;
  providerId: string;
  dimensions: number;
  /** Where the HNSW index is persisted, e.g. `<db>.hnsw` (a `.json` sidecar goes beside it); omit to keep it in memory. */
  indexPath?: string;
  exactMaxFloats?: number;
  hnsw?: HnswParameters;
  /** Cached vectors whose hash fails this are left out: chunks no longer in the workspace. */
  isLive?: (hash: string) => boolean;
  signal?: AbortSignal;
  /** Longest the event loop is held between yields while loading or building. */
  sliceMs?: number;
}

export interface SemanticHit {
  /** Chunk content hash. */
  hash: string;
  /** Cosine similarity. */
  score: number;
}

/** How {@link VectorSearch.open} got its index. */
export type OpenedAs = 'exact' | 'loaded' | 'updated' | 'rebuilt';

/**
 * The vector side of search for one provider: picks exact or HNSW by size, keeps the HNSW file
 * beside the database fresh, and speaks in chunk hashes while the indexes speak in row ids.
 * Loading, building and adding run in time slices so keyword queries keep flowing meanwhile.
 */
export class VectorSearch {
  private index: VectorIndex;
  private readonly hashOf = new Map<number, string>();
  private readonly labelOf = new Map<string, number>();
  private dirty = false;
  private work: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: ResolvedOptions,
    index: VectorIndex,
    readonly openedAs: OpenedAs,
  ) {
    this.index = index;
  }

  static async open(options: VectorSearchOptions): Promise<VectorSearch> {
    const resolved: ResolvedOptions = {
      ...options,
      exactMaxFloats: options.exactMaxFloats ?? DEFAULT_EXACT_MAX_FLOATS,
      hnsw: options.hnsw ?? DEFAULT_HNSW_PARAMETERS,
      sliceMs: options.sliceMs ?? DEFAULT_SLICE_MS,
    };
    const slicer = new TimeSlicer(resolved.sliceMs, options.signal);
    const labels: StoredLabel[] = [];
    for (const row of options.store.labelsFor(options.providerId)) {
      if (!options.isLive || options.isLive(row.hash)) labels.push(row);
      await slicer.checkpoint();
    }
    let search: VectorSearch;
    if (labels.length * options.dimensions <= resolved.exactMaxFloats) {
      const exact = new ExactIndex(options.dimensions, labels.length);
      await fillFromStore(exact, resolved, labels, slicer);
      search = new VectorSearch(resolved, exact, 'exact');
    } else {
      const { index, openedAs } = await openHnsw(resolved, labels, slicer);
      search = new VectorSearch(resolved, index, openedAs);
      search.dirty = openedAs !== 'loaded';
    }
    for (const { id, hash } of labels) search.remember(id, hash);
    await search.save();
    return search;
  }

  get kind(): 'exact' | 'hnsw' {
    return this.index.kind;
  }

  get size(): number {
    return this.index.size;
  }

  /** The `k` chunk hashes nearest `query` (a unit vector from the same provider), best first. */
  search(query: Float32Array, k: number, allowedHashes?: ReadonlySet<string>): SemanticHit[] {
    let allowed: Set<number> | undefined;
    if (allowedHashes) {
      allowed = new Set();
      for (const hash of allowedHashes) {
        const label = this.labelOf.get(hash);
        if (label !== undefined) allowed.add(label);
      }
      if (allowed.size === 0) return [];
    }
    return this.index
      .search(query, k, allowed)
      .map((hit) => ({ hash: this.hashOf.get(hit.label) as string, score: hit.score }));
  }

  /** Takes in vectors as the pipeline stores them; switches to HNSW when the exact scan would get too slow. */
  add(vectors: readonly StoredVector[]): Promise<void> {
    return this.enqueue(async () => {
      const slicer = new TimeSlicer(this.options.sliceMs, this.options.signal);
      const fresh = vectors.filter((v) => !this.options.isLive || this.options.isLive(v.hash));
      if (this.index instanceof ExactIndex && (this.index.size + fresh.length) * this.index.dimensions > this.options.exactMaxFloats) {
        this.index = await this.promoteToHnsw(this.index, slicer);
      }
      for (const vector of fresh) {
        this.index.add(vector.id, vector.vector);
        this.remember(vector.id, vector.hash);
        await slicer.checkpoint();
      }
      this.dirty ||= fresh.length > 0;
    });
  }

  /** Drops vectors of chunks that left the workspace (their cache rows stay for a switch back). */
  removeHashes(hashes: Iterable<string>): Promise<void> {
    return this.enqueue(async () => {
      for (const hash of hashes) {
        const label = this.labelOf.get(hash);
        if (label === undefined) continue;
        this.index.remove(label);
        this.labelOf.delete(hash);
        this.hashOf.delete(label);
        this.dirty = true;
      }
    });
  }

  /** Writes the HNSW index and its sidecar if they changed; the exact index lives in SQLite alone. */
  save(): Promise<void> {
    return this.enqueue(async () => {
      const { indexPath, providerId } = this.options;
      if (!this.dirty || !indexPath || !(this.index instanceof HnswIndex)) return;
      const index = this.index;
      const labels = Float64Array.from(index.labels()).sort();
      const tmp = `${indexPath}.${process.pid}.tmp`;
      await index.write(tmp);
      fs.renameSync(tmp, indexPath);
      const sidecar: HnswSidecar = {
        format: HNSW_FORMAT,
        providerId,
        dimensions: index.dimensions,
        m: index.parameters.m,
        efConstruction: index.parameters.efConstruction,
        count: labels.length,
        fingerprint: labelFingerprint(labels),
        indexBytes: fs.statSync(indexPath).size,
        deleted: index.deletedLabels,
      };
      writeFileAtomic(sidecarPath(indexPath), JSON.stringify(sidecar));
      this.dirty = false;
    });
  }

  private remember(label: number, hash: string): void {
    this.hashOf.set(label, hash);
    this.labelOf.set(hash, label);
  }

  private async promoteToHnsw(exact: ExactIndex, slicer: TimeSlicer): Promise<HnswIndex> {
    const hnsw = HnswIndex.create(exact.dimensions, Math.max(exact.size * 4, MIN_HNSW_CAPACITY), this.options.hnsw);
    for (const label of exact.allLabels()) {
      hnsw.add(label, exact.vector(label) as Float32Array);
      await slicer.checkpoint();
    }
    return hnsw;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.work.then(step);
    this.work = next.catch(() => undefined);
    return next;
  }
}

interface StoredLabel {
  id: number;
  hash: string;
}

type ResolvedOptions = VectorSearchOptions & Required<Pick<VectorSearchOptions, 'exactMaxFloats' | 'hnsw' | 'sliceMs'>>;

/** Loads the persisted graph when it is fresh, patches it when a little changed, rebuilds it otherwise. */
async function openHnsw(options: ResolvedOptions, labels: readonly StoredLabel[], slicer: TimeSlicer): Promise<{ index: HnswIndex; openedAs: OpenedAs }> {
  const { indexPath, providerId, dimensions, hnsw, store } = options;
  const sidecar = indexPath ? readSidecar(indexPath) : null;
  if (indexPath && sidecar && sidecarMatches(sidecar, providerId, dimensions, hnsw)) {
    const index = await HnswIndex.read(indexPath, dimensions, hnsw, sidecar.deleted).catch(() => null);
    if (index) {
      if (sidecar.fingerprint === labelFingerprint(labels.map((l) => l.id))) return { index, openedAs: 'loaded' };
      const wanted = new Map(labels.map((l) => [l.id, l.hash]));
      const stale = [...index.labels()].filter((label) => !wanted.has(label));
      const absent = labels.filter((l) => !index.has(l.id));
      const changed = stale.length + absent.length + index.deletedLabels.length;
      if (changed <= labels.length * REBUILD_CHANGED_SHARE) {
        for (const label of stale) index.remove(label);
        for (let i = 0; i < absent.length; i += 512) {
          const page = store.get(absent.slice(i, i + 512).map((l) => l.hash), providerId);
          for (const stored of page.values()) {
            index.add(stored.id, stored.vector);
            await slicer.checkpoint();
          }
        }
        return { index, openedAs: 'updated' };
      }
    }
  }
  const index = HnswIndex.create(dimensions, Math.max(Math.ceil(labels.length * 1.5), MIN_HNSW_CAPACITY), hnsw);
  await fillFromStore(index, options, labels, slicer);
  return { index, openedAs: 'rebuilt' };
}

/** Adds the stored vectors of `labels` to `index`, a page of rows at a time. */
async function fillFromStore(index: VectorIndex, options: ResolvedOptions, labels: readonly StoredLabel[], slicer: TimeSlicer): Promise<void> {
  const wanted = new Set(labels.map((l) => l.id));
  for (const stored of options.store.allFor(options.providerId)) {
    if (!wanted.has(stored.id)) continue;
    index.add(stored.id, stored.vector);
    await slicer.checkpoint();
  }
}
