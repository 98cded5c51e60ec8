import { randomBytes, randomUUID } from 'node:crypto';
import type * as Qdrant from '@qdrant/js-client-rest' with { 'resolution-mode': 'import' };
import { QdrantStore } from '../../../server/stores/qdrantStore';
import { vectorStoreContract } from './vectorStore.contract';

const QDRANT_URL = process.env.QDRANT_URL;

describe('server: vector store contract on Qdrant', function () {
  if (!QDRANT_URL) {
    before(function () {
      console.log('    SKIPPED: QDRANT_URL is not set and no Qdrant server runs on this machine. Set QDRANT_URL=http://host:6333 (and QDRANT_API_KEY if needed) to run this suite.');
      this.skip();
    });
    it('runs the vector store contract against Qdrant');
    return;
  }

  // A private collection prefix per run; its collections are deleted afterwards.
  const prefix = `mobius_test_${randomBytes(4).toString('hex')}`;
  const { QdrantClient } = require('@qdrant/js-client-rest') as typeof Qdrant;
  const client = new QdrantClient({ url: QDRANT_URL, apiKey: process.env.QDRANT_API_KEY, checkCompatibility: false });

  vectorStoreContract(
    async () => ({
      store: new QdrantStore({ url: QDRANT_URL, apiKey: process.env.QDRANT_API_KEY, collectionPrefix: prefix }),
      // Qdrant keeps no project table: any ids do; the model's dimension is enforced by PostgreSQL upstream.
      projects: [randomUUID(), randomUUID()],
      registerModel: async () => undefined,
    }),
    async () => {
      const { collections } = await client.getCollections();
      for (const { name } of collections.filter((c) => c.name.startsWith(prefix))) await client.deleteCollection(name);
    },
  );
});
