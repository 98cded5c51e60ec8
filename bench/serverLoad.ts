// The load-generating process of bench/server-search.ts: runs autocannon against one endpoint
// (POST /search with the request bodies in the plan, cycling through them, or a GET) and prints
// the result as JSON.
// usage: node --import tsx bench/serverLoad.ts <baseUrl> <apiKey> <plan.json> <connections> <seconds>
//   plan.json: { "method": "POST" | "GET", "path": "/api/v1/...", "bodies"?: object[] }
import * as fs from 'node:fs';
import autocannon from 'autocannon';

const [url, apiKey, planFile, connections, seconds] = process.argv.slice(2);
const plan = JSON.parse(fs.readFileSync(planFile!, 'utf8')) as { method: 'GET' | 'POST'; path: string; bodies?: object[] };
const bodies = (plan.bodies ?? []).map((b) => JSON.stringify(b));
let next = 0;

autocannon(
  {
    url: url!,
    connections: Number(connections),
    duration: Number(seconds),
    requests: [
      {
        method: plan.method,
        path: plan.path,
        headers: { ...(bodies.length ? { 'content-type': 'application/json' } : {}), authorization: `Bearer ${apiKey}` },
        ...(bodies.length ? { setupRequest: (request: object) => ({ ...request, body: bodies[next++ % bodies.length] }) } : {}),
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
