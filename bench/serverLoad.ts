// The load-generating process of bench/server-search.ts: runs autocannon against /search with
// the request bodies in a JSON file, cycling through them, and prints the result as JSON.
// usage: node --import tsx bench/serverLoad.ts <baseUrl> <apiKey> <bodies.json> <connections> <seconds>
import * as fs from 'node:fs';
import autocannon from 'autocannon';

const [url, apiKey, bodiesFile, connections, seconds] = process.argv.slice(2);
const bodies = (JSON.parse(fs.readFileSync(bodiesFile, 'utf8')) as object[]).map((b) => JSON.stringify(b));
let next = 0;

autocannon(
  {
    url,
    connections: Number(connections),
    duration: Number(seconds),
    requests: [
      {
        method: 'POST',
        path: '/api/v1/search',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      },
    ],
  },
  (err, result) => {
    if (err) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(
      `${JSON.stringify({
        requests: result.requests.total,
        reqPerSec: result.requests.average,
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
      })}\n`,
    );
  },
);
