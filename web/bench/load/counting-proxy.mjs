// A small HTTP reverse proxy that counts every request passing through it by a class the caller names
// (e.g. "table Sessions upsert" or "upstream azure.webpubsub.user.activity"). Put in front of Azurite's ports it
// counts storage transactions; in front of the upstream handler it counts upstream events. Product code is untouched:
// the stack is simply told that Azurite (or its event handler) listens on the proxy's port.
import http from 'node:http';
import { freePort } from '../../tools/local-stack-process.mjs';

/**
 * @param {{ name: string, targetPort: () => number | undefined, classify: (req: http.IncomingMessage) => string }} options
 */
export async function startCountingProxy({ name, targetPort, classify }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  /** @type {Map<string, number>} */
  const counts = new Map();
  /** Response times per class (ms), to see what a blocking caller (the relay, for upstream events) waits. */
  const times = new Map();
  let total = 0;
  let failures = 0;

  const server = http.createServer((req, res) => {
    const port = targetPort();
    if (port === undefined) {
      res.writeHead(503).end();
      return;
    }
    const kind = classify(req);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    total += 1;
    const started = performance.now();
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
      answer.on('end', () => {
        const list = times.get(kind) ?? [];
        list.push(performance.now() - started);
        times.set(kind, list);
      });
    });
    upstream.on('error', () => {
      failures += 1;
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    name,
    port,
    /** A copy of the counts so far, for the difference between two moments. */
    snapshot: () => ({ total, failures, counts: Object.fromEntries(counts) }),
    /** Response time percentiles (ms) per class over the whole run. */
    responseTimes: () => Object.fromEntries([...times].map(([kind, list]) => {
      const sorted = Float64Array.from(list).sort();
      const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
      return [kind, { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] }];
    })),
    stop: () => new Promise((resolve) => {
      agent.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** counts(after) − counts(before), per class. */
export function difference(after, before) {
  const counts = {};
  for (const [kind, n] of Object.entries(after.counts)) {
    const d = n - (before.counts[kind] ?? 0);
    if (d > 0) counts[kind] = d;
  }
  return { total: after.total - before.total, failures: after.failures - before.failures, counts };
}
