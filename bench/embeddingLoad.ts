// The control of bench/vectors.ts's event-loop figures: the same embedding run as the daemon's,
// in a process of its own, so the benchmark's process can measure how late an idle event loop
// is on this machine while that much work runs beside it.
// usage: node --import tsx bench/embeddingLoad.ts <index.db> <embedding config as JSON> <provider id> <dimensions>
import { EmbeddingThread } from '../daemon/engine/embed/embeddingThread';

const [dbPath, configJson, providerId, dimensions] = process.argv.slice(2) as [string, string, string, string];

async function main(): Promise<void> {
  const thread = EmbeddingThread.open(dbPath);
  try {
    await thread.openVectors({ providerId, dimensions: Number(dimensions), indexPath: `${dbPath}.hnsw` });
    const progress = await thread.run({ config: JSON.parse(configJson), env: {} });
    process.stdout.write(JSON.stringify(progress) + '\n');
  } finally {
    await thread.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
