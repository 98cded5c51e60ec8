// Runs a FakeEmbeddingServer in its own process, so a benchmark measuring the event loop of the
// process that embeds is not charged for the server's work. Options come as JSON in argv[2];
// the URL goes back over IPC. Ends when the parent disconnects.
import { FakeEmbeddingServer, type FakeEmbeddingServerOptions } from './fakeEmbeddingServer';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as FakeEmbeddingServerOptions;
  const server = await FakeEmbeddingServer.start(options);
  process.send?.({ url: server.url });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
}

void main();
