import { normalizeInPlace } from '../../daemon/engine/vectors/vectorMath';

/** A seeded generator, so vector tests and benchmarks see the same data on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
}

/**
 * `count` unit vectors in one contiguous array, drawn around `clusters` random centres: real
 * embeddings of code cluster by topic, and uniform random vectors would make ANN look worse than it is.
 */
export function clusteredVectors(count: number, dimensions: number, seed = 7, clusters = Math.max(1, Math.round(Math.sqrt(count)))): Float32Array {
  const random = seededRandom(seed);
  const centres = new Float32Array(clusters * dimensions);
  for (let i = 0; i < centres.length; i++) centres[i] = gaussian(random);
  const data = new Float32Array(count * dimensions);
  for (let row = 0; row < count; row++) {
    const centre = Math.floor(random() * clusters) * dimensions;
    const vector = data.subarray(row * dimensions, (row + 1) * dimensions);
    for (let j = 0; j < dimensions; j++) vector[j] = (centres[centre + j] as number) + 0.6 * gaussian(random);
    normalizeInPlace(vector);
  }
  return data;
}

export function row(data: Float32Array, index: number, dimensions: number): Float32Array {
  return data.subarray(index * dimensions, (index + 1) * dimensions);
}
