import { MAX_VECTOR_LOOKUP } from '../../protocol/rest';
import type { RemoteVectorSource } from '../engine/embed/remoteVectorSource';
import type { LocalVectors } from './folderSync';
import type { TeamClient } from './teamClient';

/** The server's model id: one model name can give several vector sizes, and one id has one size. */
export function teamModelId(model: string, dimensions: number): string {
  return `${model.replace(/[^\w.:/@+-]/g, '_')}@${dimensions}`;
}

/** Vectors the team server already holds for chunk hashes: a fresh clone needs no re-embedding. */
export function teamVectorSource(client: TeamClient, projectId: string): RemoteVectorSource {
  return {
    async lookup(model, dimensions, hashes) {
      const found = new Map<string, Float32Array>();
      for (let i = 0; i < hashes.length; i += MAX_VECTOR_LOOKUP) {
        const answer = await client.call('vectorLookup', { projectId }, { model: teamModelId(model, dimensions), hashes: hashes.slice(i, i + MAX_VECTOR_LOOKUP) });
        for (const [hash, vector] of Object.entries(answer.vectors)) found.set(hash, Float32Array.from(vector));
      }
      return found;
    },
  };
}

/** The folder's cached vectors, named with the server's model id, for uploads beside their chunks. */
export function localVectorsOf(stored: (hashes: readonly string[]) => { model: string; dimensions: number; vectors: Map<string, Float32Array> } | null): LocalVectors {
  return (hashes) => {
    const found = stored(hashes);
    return found ? { model: teamModelId(found.model, found.dimensions), vectors: found.vectors } : null;
  };
}
