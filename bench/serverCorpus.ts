// A synthetic but code-like corpus for the server benchmark: TypeScript files of functions whose
// names and bodies mix a realistic identifier vocabulary, and clustered 384-dimension vectors
// (real embeddings cluster by topic; uniform random vectors would flatter neither index).

const VERBS = ['parse', 'load', 'save', 'fetch', 'build', 'render', 'validate', 'resolve', 'compute', 'update', 'create', 'delete', 'find', 'merge', 'format', 'encode', 'decode', 'schedule', 'retry', 'flush'];
const NOUNS = ['config', 'user', 'session', 'token', 'request', 'response', 'cache', 'index', 'query', 'record', 'payload', 'policy', 'account', 'invoice', 'report', 'buffer', 'stream', 'header', 'route', 'schema', 'template', 'metric', 'event', 'queue', 'profile'];
const QUALIFIERS = ['', 'Async', 'Batch', 'Safe', 'Cached', 'Remote', 'Local', 'Pending', 'Default', 'Nested'];

/** Deterministic PRNG (mulberry32), so every run benchmarks the same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: T[]) => items[Math.floor(random() * items.length)];
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

function functionSource(random: () => number, id: string): { name: string; source: string } {
  const verb = pick(random, VERBS);
  const noun = pick(random, NOUNS);
  const other = pick(random, NOUNS);
  const name = `${verb}${cap(noun)}${pick(random, QUALIFIERS)}${id}`;
  const lines = [
    `/** ${cap(verb)} the ${noun} for the given ${other}, falling back to defaults. */`,
    `export function ${name}(${other}: ${cap(other)}Input, options: ${cap(noun)}Options = {}): ${cap(noun)}Result {`,
    `  const ${noun}Key = \`\${${other}.id}:\${options.scope ?? 'default'}\`;`,
    `  if (!${other} || options.skip) return { ok: false, reason: '${verb} skipped for ${noun}' };`,
  ];
  const steps = 3 + Math.floor(random() * 6);
  for (let i = 0; i < steps; i++) {
    const helper = `${pick(random, VERBS)}${cap(pick(random, NOUNS))}`;
    lines.push(`  const step${i} = ${helper}(${noun}Key, options.${pick(random, NOUNS)}Limit ?? ${Math.floor(random() * 100)});`);
    if (random() < 0.3) lines.push(`  if (step${i} === undefined) throw new Error('${helper} failed for ' + ${noun}Key);`);
  }
  lines.push(`  return { ok: true, value: [${Array.from({ length: steps }, (_, i) => `step${i}`).join(', ')}] };`, '}');
  return { name, source: lines.join('\n') };
}

export interface CorpusFile {
  path: string;
  content: string;
}

/** `files` TypeScript files of `functionsPerFile` functions each (one chunk per function). */
export function generateFiles(files: number, functionsPerFile: number, seed = 7): CorpusFile[] {
  const random = prng(seed);
  const out: CorpusFile[] = [];
  for (let f = 0; f < files; f++) {
    const area = pick(random, NOUNS);
    const fns = Array.from({ length: functionsPerFile }, (_, i) => functionSource(random, `${f}_${i}`).source);
    out.push({ path: `services/${area}/${pick(random, VERBS)}${cap(area)}${f}.ts`, content: `${fns.join('\n\n')}\n` });
  }
  return out;
}

/** Vectors around `clusters` random centres, normalised, deterministic per chunk hash. */
export class ClusteredVectors {
  private readonly centres: Float64Array[];

  constructor(readonly dimension: number, clusters: number, seed = 11) {
    const random = prng(seed);
    this.centres = Array.from({ length: clusters }, () => Float64Array.from({ length: dimension }, () => random() - 0.5));
  }

  forHash(hash: string): number[] {
    const random = prng(parseInt(hash.slice(0, 8), 16));
    const centre = this.centres[Math.floor(random() * this.centres.length)];
    const v = Array.from(centre, (c) => c + (random() - 0.5) * 0.35);
    const norm = Math.hypot(...v);
    return v.map((x) => Math.round((x / norm) * 1e6) / 1e6);
  }
}

/** Search requests a developer might type: identifier words, a name, a phrase. */
export function queries(count: number, seed = 3): string[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => {
    const shape = random();
    const verb = pick(random, VERBS);
    const noun = pick(random, NOUNS);
    if (shape < 0.4) return `${verb} ${noun}`;
    if (shape < 0.7) return `${verb}${cap(noun)}`;
    return `how to ${verb} the ${noun} ${pick(random, NOUNS)}`;
  });
}
