import { createHash } from 'node:crypto';
import type * as Qdrant from '@qdrant/js-client-rest' with { 'resolution-mode': 'import' };
import type { VectorItem, VectorMatch, VectorQuery, VectorStore } from './vectorStore';

export interface QdrantOptions {
  url: string;
  apiKey?: string;
  /** Collections are named `<prefix>_d<dimension>`: a Qdrant collection has one vector size. */
  collectionPrefix: string;
}

interface ChunkPayload {
  projectId: string;
  model: string;
  hash: string;
}

// The package's typings are ESM-only, but it ships a CommonJS build that require() loads.
const { QdrantClient } = require('@qdrant/js-client-rest') as typeof Qdrant;

const UPSERT_BATCH = 256;

/** A stable point id per (project, model, hash), so storing the same vector twice is a no-op. */
function pointId(projectId: string, model: string, hash: string): string {
  const h = createHash('sha256').update(`${projectId}\0${model}\0${hash}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Vectors in Qdrant, one point per (project, model, chunk hash) with those three in the payload
 * (indexed), so searches filter by project and model inside Qdrant's HNSW traversal.
 */
export class QdrantStore implements VectorStore {
  readonly kind = 'qdrant';
  private readonly client: Qdrant.QdrantClient;
  private readonly ready = new Map<number, Promise<void>>();

  constructor(private readonly options: QdrantOptions) {
    this.client = new QdrantClient({ url: options.url, apiKey: options.apiKey, checkCompatibility: false });
  }

  async upsert(projectId: string, model: string, items: VectorItem[]): Promise<void> {
    if (items.length === 0) return;
    const dimension = items[0].vector.length;
    const collection = await this.collection(dimension);
    for (let i = 0; i < items.length; i += UPSERT_BATCH) {
      await this.client.upsert(collection, {
        wait: true,
        points: items.slice(i, i + UPSERT_BATCH).map((item) => ({
          id: pointId(projectId, model, item.hash),
          vector: item.vector,
          payload: { projectId, model, hash: item.hash } satisfies ChunkPayload,
        })),
      });
    }
  }

  async search(query: VectorQuery): Promise<VectorMatch[]> {
    const collection = this.collectionName(query.vector.length);
    if (!(await this.client.collectionExists(collection)).exists) return [];
    const points = await this.client.search(collection, {
      vector: query.vector,
      // The same hash may be stored for several of the projects searched: ask for room to dedupe.
      limit: query.limit * Math.max(1, Math.min(query.projectIds.length, 4)),
      filter: {
        must: [
          { key: 'model', match: { value: query.model } },
          { key: 'projectId', match: { any: query.projectIds } },
        ],
      },
      score_threshold: query.minSimilarity,
      with_payload: true,
    });
    const best = new Map<string, number>();
    for (const point of points) {
      const hash = (point.payload as unknown as ChunkPayload).hash;
      if (!best.has(hash)) best.set(hash, point.score);
    }
    return [...best]
      .map(([hash, similarity]) => ({ hash, similarity }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, query.limit);
  }

  async fetch(model: string, hashes: string[]): Promise<Map<string, number[]>> {
    const found = new Map<string, number[]>();
    if (hashes.length === 0) return found;
    const { collections } = await this.client.getCollections();
    const prefix = `${this.options.collectionPrefix}_d`;
    for (const { name } of collections.filter((c) => c.name.startsWith(prefix))) {
      let offset: string | number | undefined | null;
      do {
        const page = await this.client.scroll(name, {
          filter: { must: [{ key: 'model', match: { value: model } }, { key: 'hash', match: { any: hashes } }] },
          with_vector: true,
          with_payload: true,
          limit: 256,
          offset: offset ?? undefined,
        });
        for (const point of page.points) {
          const hash = (point.payload as unknown as ChunkPayload).hash;
          if (Array.isArray(point.vector) && typeof point.vector[0] === 'number') found.set(hash, point.vector as number[]);
        }
        offset = page.next_page_offset as string | number | null | undefined;
      } while (offset !== null && offset !== undefined);
    }
    return found;
  }

  async removeProject(projectId: string): Promise<void> {
    const { collections } = await this.client.getCollections();
    const prefix = `${this.options.collectionPrefix}_d`;
    for (const { name } of collections.filter((c) => c.name.startsWith(prefix))) {
      await this.client.delete(name, { wait: true, filter: { must: [{ key: 'projectId', match: { value: projectId } }] } });
    }
  }

  async ping(): Promise<void> {
    await this.client.getCollections();
  }

  async close(): Promise<void> {
    // The REST client holds no connections open between calls.
  }

  private collectionName(dimension: number): string {
    return `${this.options.collectionPrefix}_d${dimension}`;
  }

  /** Creates the dimension's collection and its payload indexes on first use. */
  private collection(dimension: number): Promise<string> {
    const name = this.collectionName(dimension);
    let ready = this.ready.get(dimension);
    if (!ready) {
      ready = (async () => {
        if (!(await this.client.collectionExists(name)).exists) {
          try {
            await this.client.createCollection(name, { vectors: { size: dimension, distance: 'Cosine' }, on_disk_payload: true });
          } catch (err) {
            // Another API process created it first.
            if (!(await this.client.collectionExists(name)).exists) throw err;
          }
          for (const field of ['projectId', 'model', 'hash']) {
            await this.client.createPayloadIndex(name, { field_name: field, field_schema: 'keyword', wait: true });
          }
        }
      })();
      ready.catch(() => this.ready.delete(dimension));
      this.ready.set(dimension, ready);
    }
    return ready.then(() => name);
  }
}
