// Relay benchmark (not a test): one customer fans frames out to two agents through the local stack's
// Web PubSub-compatible relay, using Microsoft's own client and server packages.
// Reports messages per second, delivery latency p50/p99 for 1 KB and 64 KB frames, and what a typical
// minute of a session costs in Web PubSub message units (outbound traffic, 2 KB units).
//
//   dotnet build -c Release functions/CoBrowse.LocalStack && node web/bench/relay-bench.mjs
import { WebPubSubClient } from '@azure/web-pubsub-client';
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { startLocalStack } from '../tools/local-stack-process.mjs';

const adminKey = 'local-admin-key-for-development-only-0000'; // the local stack's development admin key
let groups;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (x, digits = 2) => Number(x.toFixed(digits));

async function call(url, path, { token, body, headers = {} } = {}) {
  const response = await fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** A real voice session through the API; every client URL comes from the negotiate function (exact roles, upstream connect). */
async function startSession(url) {
  const tenant = await call(url, '/admin/tenants', { headers: { 'x-cobrowse-admin-key': adminKey }, body: { tenantId: `bench-${Date.now()}`, allowedOrigins: [url] } });
  const agentToken = async (agentId) => (await call(url, '/agent-tokens', { token: tenant.apiKey, body: { agentId } })).token;
  const agents = [await agentToken('agent-1'), await agentToken('agent-2')];
  const key = await call(url, '/interactions/bench-call/security-keys', { token: agents[0] });
  const joined = await call(url, '/security-keys/redeem', { headers: { origin: url }, body: { siteKey: tenant.siteKey, key: key.key } });
  const negotiate = (token) => call(url, `/sessions/${key.sessionId}/realtime/negotiate`, { token });
  return { sessionId: key.sessionId, customer: await negotiate(joined.customerToken), agents: [await negotiate(agents[0]), await negotiate(agents[1])] };
}

async function connect({ url }) {
  const client = new WebPubSubClient(url);
  await client.start();
  return client;
}

/**
 * Sends `count` frames of `bytes` at `ratePerSecond`, or (0) as fast as the slowest agent keeps up: at most `window`
 * frames ahead of it, so the measure is sustained throughput, not how fast a queue fills. Collects delivery latencies.
 */
async function run(customer, agents, { bytes, count, ratePerSecond, window = 64 }) {
  const pad = 'x'.repeat(Math.max(0, bytes - 60));
  const latencies = [];
  const seen = agents.map(() => new Set());
  let delivered = 0;
  let done;
  const allDelivered = new Promise((resolve) => { done = resolve; });
  const handlers = agents.map((agent, i) => {
    const handler = (e) => {
      const frame = e.message.data;
      if (frame.run !== bytes) return;
      if (seen[i].has(frame.seq)) throw new Error(`duplicate frame ${frame.seq} at agent ${i}`);
      seen[i].add(frame.seq);
      latencies.push(performance.now() - frame.t);
      delivered += 1;
      if (delivered === count * agents.length) done();
    };
    agent.on('group-message', handler);
    return handler;
  });

  const started = performance.now();
  const inFlight = new Set();
  for (let seq = 0; seq < count; seq += 1) {
    if (ratePerSecond > 0) {
      const due = started + (seq * 1000) / ratePerSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const sent = customer.sendToGroup(groups.view, { run: bytes, seq, t: performance.now(), pad }, 'json', { noEcho: true });
    inFlight.add(sent);
    sent.finally(() => inFlight.delete(sent));
    if (inFlight.size >= window) await Promise.race(inFlight);
    while (seq + 1 - Math.min(...seen.map((set) => set.size)) > window) {
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  await Promise.all(inFlight);
  const timeout = setTimeout(() => done(), 30_000);
  await allDelivered;
  clearTimeout(timeout);
  const elapsed = (performance.now() - started) / 1000;
  agents.forEach((agent, i) => agent.off('group-message', handlers[i]));

  latencies.sort((a, b) => a - b);
  const lost = count * agents.length - delivered;
  return {
    bytes,
    sent: count,
    delivered,
    lost,
    ratePerSecond: ratePerSecond || 'max',
    deliveredPerSecond: round(delivered / elapsed, 0),
    sentPerSecond: round(count / elapsed, 0),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1]),
  };
}

/**
 * A typical minute of a session, as frames (our estimate of the customer SDK's traffic, see the results file):
 * outbound units = ceil(size / 2 KB) per delivery to each receiver, plus upstream events.
 */
function typicalMinute(agentCount) {
  const customerToAgents = [
    { what: 'full snapshot on a page load (2 per minute), 120 KB compressed in 60 KB chunks', frames: 2 * 2, bytes: 60 * 1024 },
    { what: 'mutation batches, one per animation frame with changes (avg 8/s)', frames: 8 * 60, bytes: 700 },
    { what: 'customer pointer (throttled to 15/s while moving, moving half the time)', frames: 15 * 30, bytes: 90 },
    { what: 'scroll and input values (2/s)', frames: 2 * 60, bytes: 120 },
  ];
  const agentsToCustomer = [
    { what: 'agent pointer (15/s while moving, a third of the time), per agent', frames: 15 * 20, bytes: 90 },
    { what: 'highlights and annotations (10 per minute), per agent', frames: 10, bytes: 400 },
  ];
  const upstream = [{ what: 'activity user events to the function (every 20 s, customer and agents)', frames: 3 * (1 + agentCount), bytes: 60 }];
  const units = (rows, receivers) => rows.reduce((sum, r) => sum + r.frames * Math.ceil(r.bytes / 2048) * receivers, 0);
  return {
    agents: agentCount,
    units: units(customerToAgents, agentCount) + units(agentsToCustomer, 1) * agentCount + units(upstream, 1),
    rows: { customerToAgents, agentsToCustomer, upstream },
  };
}

const stack = await startLocalStack({ configuration: process.env.BENCH_CONFIGURATION ?? 'Release' });
try {
  const session = await startSession(stack.url);
  groups = session.customer.groups;
  const customer = await connect(session.customer);
  const agents = [await connect(session.agents[0]), await connect(session.agents[1])];

  await run(customer, agents, { bytes: 1024, count: 200, ratePerSecond: 0 }); // warm-up (JIT, buffers)
  let reconnects = 0;
  agents.forEach((agent) => agent.on('disconnected', () => { reconnects += 1; }));
  // The reliable protocol caps a connection's unacked messages at 1000 / 16 MB, and client 1.1.0 acks once a second,
  // so a receiver cannot sustain more than ~1000 small or ~250 64 KB messages per second (the service closes it,
  // unrecoverably). The high rows sit just under those ceilings; real sessions send ~30 frames/s.
  const results = [
    await run(customer, agents, { bytes: 1024, count: 1200, ratePerSecond: 60 }),
    await run(customer, agents, { bytes: 1024, count: 4000, ratePerSecond: 800 }),
    await run(customer, agents, { bytes: 64 * 1024, count: 600, ratePerSecond: 30 }),
    await run(customer, agents, { bytes: 64 * 1024, count: 800, ratePerSecond: 200 }),
  ];
  for (const client of [customer, ...agents]) client.stop();

  const minute = [typicalMinute(1), typicalMinute(2)];
  const report = { date: new Date().toISOString(), machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, Node ${process.version}`, results, reconnects, typicalMinute: minute };
  console.log(JSON.stringify(report, null, 2));

  const table = results.map((r) => `| ${r.bytes / 1024} KB | ${r.ratePerSecond} | ${r.sent} | ${r.delivered} | ${r.lost} | ${r.deliveredPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.maxMs} |`).join('\n');
  const minuteRows = minute[0].rows.customerToAgents.concat(minute[0].rows.agentsToCustomer, minute[0].rows.upstream)
    .map((r) => `| ${r.what} | ${r.frames} | ${r.bytes} B | ${Math.ceil(r.bytes / 2048)} |`).join('\n');
  const markdown = `# Relay benchmark

Run: \`dotnet build -c Release functions/CoBrowse.LocalStack && node web/bench/relay-bench.mjs\` (${report.date}; ${report.machine}).
One customer sends JSON frames to \`${groups.view}\` (noEcho, acked) at a fixed rate; two agents receive them. The reliable
protocol caps a receiver's unacked messages at 1000 / 16 MB and \`@azure/web-pubsub-client\` 1.1.0 acks once a second, so one
connection cannot sustain more than ~1000 small or ~250 64 KB messages a second on the real service either (it closes the
connection, unrecoverably; the relay does the same). The fast rows sit just under those ceilings; a session sends ~30 frames/s.
Agent reconnects during the run: ${reconnects}.
Clients are Microsoft's \`@azure/web-pubsub-client\` 1.1.0 (reliable JSON subprotocol) with URLs from our negotiate function
for a real voice session (exact group-scoped roles, upstream \`connect\` checked by our function), all over loopback. Latency = send call → \`group-message\` event at an agent (same process clock).

| frame | rate (msg/s) | sent | delivered (2 agents) | lost | delivered/s | p50 ms | p99 ms | max ms |
|---|---|---|---|---|---|---|---|---|
${table}

## Web PubSub message units for a typical minute of a session

Billing counts outbound traffic only, in 2 KB units: every delivery to every receiver, plus upstream events.
Our estimate of the frames of one minute (the customer SDK's real traffic is measured in the SDK issue):

| frames | per minute | size | units per delivery |
|---|---|---|---|
${minuteRows}

Total: **${minute[0].units} units per minute with one agent**, **${minute[1].units} with two agents**
(≈ ${round(minute[0].units / 1e6 * 1000, 2)} million units per 1,000 session-minutes with one agent).
`;
  writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'results', 'relay.md'), markdown);
  console.log('wrote web/bench/results/relay.md');
} finally {
  await stack.stop();
}
