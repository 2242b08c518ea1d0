// Load benchmark (not a test): N concurrent co-browse sessions on the real local stack, held, then ended by every
// end reason; counts frames lost/duplicated, latency, CPU/memory, storage transactions, HTTP calls and upstream
// events, and projects the Azure cost. See README.md next to this file.
//
//   dotnet build -c Release functions/CoBrowse.LocalStack && node web/bench/load/run.mjs --sessions 200 --hold-minutes 10
import { writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { execSync } from 'node:child_process';
import os from 'node:os';
import { startLocalStack } from '../../tools/local-stack-process.mjs';
import { startAzurite } from '../../tools/azurite-process.mjs';
import { startCountingProxy, difference } from './counting-proxy.mjs';
import { classifyBlob, classifyQueue, classifyTable, classifyUpstream } from './storage-classes.mjs';
import { findPidByEnvironment, startSampler, loadAverage } from './process-sampler.mjs';
import { createApi } from './api.mjs';
import { LinkRegistry } from './links.mjs';
import { random, TRAFFIC } from './traffic.mjs';
import { SimulatedSession, TICK_MS } from './session.mjs';
import { startPendingSessions } from './pending.mjs';
import { projectCost } from './cost.mjs';
import { writeReport } from './report.mjs';
import { readOptions } from './options.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const options = readOptions();
const adminKey = process.env.CoBrowse__Admin__ApiKey ?? 'local-admin-key-for-development-only-0000';
const origin = 'https://shop.load.test';
const runId = Date.now().toString(36);
const rand = random(options.seed);
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CHANNELS = ['voice', 'webMessaging', 'webChat'];
const REASONS = ['customerEnded', 'agentEnded', 'interactionEnded', 'interactionTransferred', 'inactivity'];
const PENDING_LIFETIME_SECONDS = 60;

/** Runs `work` over `items` with at most `limit` at once. */
async function pool(items, limit, work) {
  let next = 0;
  const results = new Array(items.length);
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  }));
  return results;
}

// ---- infrastructure: Azurite behind counting proxies, the Release stack pointed at them ----
const proxies = {};
let stack;
let azurite;
let stackPort;
const cleanups = [];
try {
  if (options.url) {
    stack = { url: options.url.replace(/\/$/, '') };
  } else {
    log('starting Azurite and the counting proxies');
    azurite = await startAzurite();
    cleanups.push(() => azurite.stop());
    proxies.table = await startCountingProxy({ name: 'table', targetPort: () => azurite.tablePort, classify: classifyTable });
    proxies.queue = await startCountingProxy({ name: 'queue', targetPort: () => azurite.queuePort, classify: classifyQueue });
    proxies.blob = await startCountingProxy({ name: 'blob', targetPort: () => azurite.blobPort, classify: classifyBlob });
    proxies.upstream = await startCountingProxy({ name: 'upstream', targetPort: () => stackPort, classify: classifyUpstream });
    for (const proxy of Object.values(proxies)) cleanups.push(() => proxy.stop());
    log('starting the Release local stack');
    stack = await startLocalStack({
      configuration: 'Release',
      env: {
        LocalStack__Azurite__BlobPort: String(proxies.blob.port),
        LocalStack__Azurite__QueuePort: String(proxies.queue.port),
        LocalStack__Azurite__TablePort: String(proxies.table.port),
        LocalStack__Azurite__AutoStart: 'false',
        LocalStack__Relay__UpstreamUrlTemplate: `http://127.0.0.1:${proxies.upstream.port}/api/v1/realtime/upstream?code=local-function-key`,
        CoBrowse__Admin__ApiKey: adminKey,
        // As behind Azure's front end: the client address is the X-Forwarded-For entry one trusted hop appended, so each
        // simulated customer has its own address (per-address limits apply per customer, as in production).
        CoBrowse__Http__TrustedProxyHops: '1',
        CoBrowse__Sessions__SecurityKeyLifetimeSeconds: String(PENDING_LIFETIME_SECONDS),
        CoBrowse__Sessions__OfferLifetimeSeconds: String(PENDING_LIFETIME_SECONDS),
      },
    });
    stackPort = stack.port;
    cleanups.unshift(() => stack.stop());
  }
  const pids = {
    stack: options.url ? options.stackPid : findPidByEnvironment(`Urls=${stack.url}`),
    azurite: azurite?.pid,
    harness: process.pid,
  };
  const sampler = startSampler(pids);
  cleanups.unshift(async () => sampler.stop());
  const api = createApi(stack.url);
  const storage = () => Object.fromEntries(Object.entries(proxies).map(([name, proxy]) => [name, proxy.snapshot()]));

  // ---- tenant: short messaging/chat inactivity timeouts for the inactivity end reason ----
  const tenant = await api.call('POST', '/admin/tenants', {
    headers: { 'x-cobrowse-admin-key': adminKey },
    body: { tenantId: `load-${runId}`, name: 'Load benchmark', allowedOrigins: [origin] },
    route: '/admin/tenants',
  });
  await api.call('PATCH', `/admin/tenants/${tenant.tenantId}`, {
    headers: { 'x-cobrowse-admin-key': adminKey },
    body: { timeouts: { webMessagingSeconds: options.timeoutSeconds, webChatSeconds: options.timeoutSeconds } },
    route: '/admin/tenants/{id}',
  });

  // ---- idle baseline: what the durable engine's polling costs with nothing to do ----
  const marks = { idleStart: Date.now(), idle: storage() };
  log('measuring the idle baseline (20 s)');
  await sleep(20_000);
  marks.rampStart = Date.now();
  marks.ramp = storage();
  const apiAtRamp = api.snapshot();

  // ---- plans ----
  const links = new LinkRegistry(); // its minute clock starts with the ramp
  // The machine's 1-minute load average at the end of each minute: how much others competed for the 2 cores.
  const loadPerMinute = [];
  const loadTimer = setInterval(() => loadPerMinute.push(loadAverage().split(' ')[0]), 60_000);
  cleanups.unshift(async () => clearInterval(loadTimer));
  const sessions = Array.from({ length: options.sessions }, (_, index) => {
    const channel = CHANNELS[index % 3];
    // 3 and 5 are coprime: every 15 consecutive sessions hold each channel × reason pair once.
    let endReason = REASONS[index % REASONS.length];
    if (channel === 'voice' && endReason === 'inactivity') endReason = 'silentVoice'; // voice never times out: prove it
    const r = rand();
    return new SimulatedSession({
      index, channel, endReason, runId, origin, api, tenant, links,
      agentCount: (index + Math.floor(index / 3)) % 3 === 2 ? 2 : 1,
      control: r < 0.3 ? 'approve' : r < 0.45 ? 'deny' : 'none',
      rand: random(options.seed * 100_003 + index),
      activityOverHttp: options.activity === 'http',
    });
  });
  const pending = await startPendingSessions({ api, tenant, origin, runId, count: Math.max(1, Math.round(options.sessions / 20)) });

  // ---- one scheduler for every session's traffic; its lag shows how busy the harness itself was ----
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  let tick = 0;
  let tickLagMax = 0;
  let lastTickAt = performance.now();
  const started = new Set();
  const scheduler = setInterval(() => {
    const now = performance.now();
    tickLagMax = Math.max(tickLagMax, now - lastTickAt - TICK_MS);
    lastTickAt = now;
    tick += 1;
    for (const session of started) session.tick(tick);
  }, TICK_MS);
  cleanups.unshift(async () => clearInterval(scheduler));

  log(`ramping to ${options.sessions} sessions, ${options.rampConcurrency} at a time`);
  const startFailures = [];
  const rampCpu = process.cpuUsage();
  await pool(sessions, options.rampConcurrency, async (session) => {
    try {
      await session.start();
      started.add(session);
    } catch (e) {
      startFailures.push({ index: session.index, channel: session.channel, error: e.message });
      await session.stop().catch(() => undefined);
    }
    if ((session.index + 1) % 20 === 0) log(`  ${started.size} started`);
  });
  marks.holdStart = Date.now();
  marks.hold = storage();
  log(`${started.size} sessions running (${startFailures.length} failed to start); holding ${options.holdMinutes} min`);

  // ---- hold: traffic flows; a share of sessions asks for control (approved, denied; a second agent refused) ----
  const holdMs = options.holdMinutes * 60_000;
  const controlSeconds = Math.min(15, Math.max(3, (holdMs / 1000) * 0.15));
  const controlRuns = [...started].filter((s) => s.control !== 'none').map(async (session) => {
    await sleep(Math.max(2000, holdMs * (0.1 + 0.5 * session.rand())));
    await session.runControl(controlSeconds);
  });
  const holdEnd = marks.holdStart + holdMs;
  while (Date.now() < holdEnd) {
    await sleep(Math.min(60_000, holdEnd - Date.now()));
    log(`  holding: ${Math.round((Date.now() - marks.holdStart) / 1000)} s, load ${loadAverage()}`);
  }
  clearInterval(loadTimer);
  await Promise.all(controlRuns);
  marks.endStart = Date.now();
  marks.end = storage();
  const apiAtEnd = api.snapshot();

  // ---- end: stop traffic, let it drain, then end every session by its reason ----
  log('stopping traffic and draining');
  const silentFrom = Date.now();
  for (const session of started) session.sending = false;
  await Promise.all([...started].map((s) => s.drain()));
  await sleep(5000);
  const frames = links.summary();
  const active = [...started];
  const byReason = (reason) => active.filter((s) => s.endReason === reason);
  for (const s of [...byReason('inactivity'), ...byReason('silentVoice')]) s.silent = true;

  log('ending sessions');
  const endFailures = [];
  await pool(active.filter((s) => s.endReason !== 'inactivity' && s.endReason !== 'silentVoice'), options.rampConcurrency, async (s) => {
    try { await s.end(); } catch (e) { endFailures.push({ sessionId: s.sessionId, reason: s.endReason, error: e.message }); }
  });

  log(`waiting for ${byReason('inactivity').length} silent messaging/chat sessions to end by inactivity (${options.timeoutSeconds} s)`);
  const inactivityDeadline = silentFrom + (options.timeoutSeconds + 120) * 1000;
  const inactivityEndedAfter = [];
  let waiting = byReason('inactivity');
  while (waiting.length > 0 && Date.now() < inactivityDeadline) {
    await sleep(5000);
    const still = [];
    await pool(waiting, options.rampConcurrency, async (s) => {
      const view = await s.read();
      // Measured from the session's own last activity (event or control change): never before the timeout.
      if (view.state === 'ended') inactivityEndedAfter.push((Date.parse(view.endedAt) - (s.lastActivityAt ?? silentFrom)) / 1000);
      else still.push(s);
    });
    waiting = still;
  }
  const earlyInactivityEnds = inactivityEndedAfter.filter((x) => x < options.timeoutSeconds - 1).length;
  // Voice has no inactivity timeout: after the same silence (and more), every silent voice session must still be live.
  const voiceWaitUntil = silentFrom + (options.timeoutSeconds + 30) * 1000;
  if (Date.now() < voiceWaitUntil) await sleep(voiceWaitUntil - Date.now());
  const silentVoice = byReason('silentVoice');
  const voiceSilentSeconds = (Date.now() - silentFrom) / 1000;
  const voiceStates = await pool(silentVoice, options.rampConcurrency, async (s) => (await s.read()).state);
  const voiceStayedActive = voiceStates.filter((state) => state !== 'ended').length;
  await pool(silentVoice, options.rampConcurrency, async (s) => {
    try { await s.end(); } catch (e) { endFailures.push({ sessionId: s.sessionId, reason: s.endReason, error: e.message }); }
  });
  await sleep(5000);

  marks.verifyStart = Date.now();
  marks.beforeVerify = storage(); // the checks' own reads are not a session's cost
  log('verifying every session');
  const verdicts = await pool(active, options.rampConcurrency, async (s) => {
    try { return await s.verify(); } catch (e) { return { sessionId: s.sessionId, endReason: s.endReason, ok: false, problems: [e.message] }; }
  });
  const pendingVerdicts = await pending.verify(PENDING_LIFETIME_SECONDS, options.url !== undefined);
  marks.done = Date.now();
  marks.final = storage();
  const apiAtDone = api.snapshot();

  log('stopping clients');
  await pool(active, 20, (s) => s.stop().catch(() => undefined));
  loopDelay.disable();

  // ---- numbers ----
  const resources = sampler.summary(marks.rampStart, marks.endStart);
  const holdResources = sampler.summary(marks.holdStart, marks.endStart);
  const participants = active.flatMap((s) => [s.customer, ...s.agents]);
  const stateFramesReceived = participants.reduce((n, p) => n + p.states.length, 0);
  const result = {
    date: new Date().toISOString(),
    commit: (() => { try { return execSync('git rev-parse --short HEAD', { cwd: here }).toString().trim(); } catch { return 'unknown'; } })(),
    stackBuild: options.url ? null : (() => {
      try { return statSync(join(here, '..', '..', '..', 'functions', 'CoBrowse.LocalStack', 'bin', 'Release', 'net10.0', 'CoBrowse.LocalStack.dll')).mtime.toISOString(); } catch { return null; }
    })(),
    machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}; load average at the end ${loadAverage()}`,
    options,
    traffic: TRAFFIC,
    durations: {
      idleSeconds: (marks.rampStart - marks.idleStart) / 1000,
      rampSeconds: (marks.holdStart - marks.rampStart) / 1000,
      holdSeconds: (marks.endStart - marks.holdStart) / 1000,
      endSeconds: (marks.done - marks.endStart) / 1000,
    },
    sessions: {
      planned: options.sessions,
      started: started.size,
      startFailures,
      endFailures,
      connections: participants.length,
      secondAgents: active.filter((s) => s.agents.length === 2).length,
      byChannel: Object.fromEntries(CHANNELS.map((c) => [c, active.filter((s) => s.channel === c).length])),
      verdicts: summarizeVerdicts(verdicts),
      failedVerdicts: verdicts.filter((v) => !v.ok),
      inactivity: { timeoutSeconds: options.timeoutSeconds, endedAfterSeconds: stats(inactivityEndedAfter), early: earlyInactivityEnds, notEnded: waiting.length },
      silentVoice: { sessions: silentVoice.length, stayedActive: voiceStayedActive, silentSeconds: voiceSilentSeconds },
      pending: pendingVerdicts,
      control: {
        approved: sum(active, (s) => s.counts.controlApproved),
        denied: sum(active, (s) => s.counts.controlDenied),
        secondAgentRefused409: sum(active, (s) => s.counts.secondAgentRefused),
        secondAgentUnexpectedlyAccepted: sum(active, (s) => s.counts.secondAgentUnexpected),
        errors: active.flatMap((s) => s.counts.controlErrors),
      },
      activityEvents: sum(active, (s) => s.counts.activityEvents),
      unexpectedDisconnectsDuringHold: participants.reduce((n, p) => n + Math.max(0, p.disconnects - p.closeReasons.filter((r) => r.startsWith('session-ended:')).length), 0),
      reconnects: participants.reduce((n, p) => n + Math.max(0, p.connects - 1), 0),
      stateFramesReceived,
      otherErrors: active.flatMap((s) => s.errors),
    },
    frames,
    loadPerMinute,
    harness: {
      eventLoopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
      schedulerTickLagMaxMs: tickLagMax,
      cpuSecondsSinceRamp: (process.cpuUsage(rampCpu).user + process.cpuUsage(rampCpu).system) / 1e6,
    },
    resources: {
      rampAndHold: resources,
      hold: holdResources,
      perMinute: frames.perMinute.map((m) => ({ minute: m.minute, ...sampler.summary(Date.parse(m.startsAt), Date.parse(m.startsAt) + 60_000) })),
      pids,
    },
    storage: options.url ? null : {
      idle: perSecond(merge(Object.keys(proxies).filter((k) => k !== 'upstream').map((name) => difference(marks.ramp[name], marks.idle[name]))), (marks.rampStart - marks.idleStart) / 1000),
      run: Object.fromEntries(Object.keys(proxies).map((name) => [name, difference(marks.beforeVerify[name], marks.ramp[name])])),
      seconds: (marks.verifyStart - marks.rampStart) / 1000,
      upstreamResponseMs: proxies.upstream.responseTimes(),
      verification: Object.fromEntries(Object.keys(proxies).map((name) => [name, difference(marks.final[name], marks.beforeVerify[name]).total])),
    },
    http: { run: diffCounts(apiAtDone, apiAtRamp), hold: diffCounts(apiAtEnd, apiAtRamp) },
  };
  result.cost = costOf(result, active);
  const out = options.out ?? join(here, '..', 'results', 'load');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.json`, JSON.stringify(result, null, 2));
  writeFileSync(`${out}.md`, writeReport(result));
  log(`wrote ${out}.md and ${out}.json`);

  const lost = Object.values(frames.byDirection).reduce((n, d) => n + d.lost, 0);
  const duplicated = Object.values(frames.byDirection).reduce((n, d) => n + d.duplicates, 0);
  const bad = verdicts.filter((v) => !v.ok).length + startFailures.length + endFailures.length + (silentVoice.length - voiceStayedActive)
    + pendingVerdicts.filter((v) => v.ok === false).length + earlyInactivityEnds;
  log(`frames lost ${lost}, duplicated ${duplicated}; sessions with problems ${bad}`);
  process.exitCode = lost > 0 || duplicated > 0 || bad > 0 ? 1 : 0;
} finally {
  for (const cleanup of cleanups) await cleanup().catch((e) => console.error(e));
}

function sum(list, f) { return list.reduce((n, x) => n + f(x), 0); }

function stats(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
}

function summarizeVerdicts(verdicts) {
  const rows = {};
  for (const v of verdicts) {
    const row = rows[v.endReason] ??= { sessions: 0, ok: 0, clients: 0, told: 0, toldByState: 0, toldByClose: 0 };
    row.sessions += 1;
    if (v.ok) row.ok += 1;
    row.clients += v.participants ?? 0;
    row.told += v.told ?? 0;
    row.toldByState += v.toldByState ?? 0;
    row.toldByClose += v.toldByClose ?? 0;
  }
  return rows;
}

function merge(diffs) {
  return { total: diffs.reduce((n, d) => n + d.total, 0), counts: Object.assign({}, ...diffs.map((d) => d.counts)) };
}

function perSecond(diff, seconds) {
  return { seconds, total: diff.total, perSecond: diff.total / seconds, counts: diff.counts };
}

function diffCounts(after, before) {
  const counts = {};
  for (const [k, n] of Object.entries(after.counts)) if (n - (before.counts[k] ?? 0) > 0) counts[k] = n - (before.counts[k] ?? 0);
  return { total: after.total - before.total, seconds: after.seconds - before.seconds, checks: after.checks - before.checks, counts };
}

function costOf(result, active) {
  const s = result.storage;
  const count = (diff, test) => Object.entries(diff?.counts ?? {}).filter(([k]) => test(k)).reduce((n, [, v]) => n + v, 0);
  const upstream = s ? s.run.upstream.total : active.reduce((n, x) => n + x.counts.activityEvents, 0);
  const units = Object.values(result.frames.byDirection).reduce((n, d) => n + d.units, 0) + result.sessions.stateFramesReceived;
  const sessionMinutes = (result.durations.rampSeconds / 2 + result.durations.holdSeconds + result.durations.endSeconds / 2) / 60;
  return projectCost({
    sessions: active.length,
    sessionMinutes,
    connectionsPerSession: result.sessions.connections / Math.max(1, active.length),
    messageUnits: units,
    upstreamEvents: upstream,
    httpRequests: result.http.run.total,
    httpSeconds: result.http.run.seconds,
    durableMessages: s ? count(s.run.queue, (k) => k.endsWith('put message')) : 0,
    table: s ? s.run.table.total : 0,
    queue: s ? s.run.queue.total : 0,
    blobWrites: s ? count(s.run.blob, (k) => !/ (get|head|list)/.test(k)) : 0,
    blobReads: s ? count(s.run.blob, (k) => / (get|head|list)/.test(k)) : 0,
  });
}
