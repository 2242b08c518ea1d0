// Capture benchmark (not a test): our capture and mirror against rrweb's record and Replayer, side by side in one
// headless Chromium, on three generated pages. Writes bench/results/capture.md and prints a summary.
//
//   cd web && npm run build && node bench/capture-bench.mjs
//
// Knobs (environment): BENCH_RUNS (fresh page loads per engine for snapshot/rebuild medians, default 7),
// BENCH_BATCHES (mutation batches, default 1000), BENCH_PAGES (comma list of shop,form,big), BENCH_PROFILE=0 to
// skip the CPU profile of our capture, BENCH_EXPERIMENTS=0 to skip the what-if variants, BENCH_ONLY=experiments to
// run only them (printed, results file untouched), BENCH_RENDER=file to re-render the results file from raw results.
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../test/support/browser.mjs';
import { PAGES } from './capture/pages.mjs';
import { profileOurCapture } from './capture/profile.mjs';
import { analyzeBytes } from './capture/bytes.mjs';
import { renderReport } from './capture/report.mjs';
import { runExperiments } from './capture/experiments.mjs';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const here = join(web, 'bench', 'capture');
const RRWEB = join(web, 'node_modules', 'rrweb', 'dist', 'rrweb.umd.min.cjs');
const OURS = join(web, 'dist', 'cobrowse.js');
const CONSOLE = join(web, 'dist', 'console.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 1000);
const ONLY = process.env.BENCH_PAGES?.split(',');
const PROFILE = process.env.BENCH_PROFILE !== '0';
const EXPERIMENTS = process.env.BENCH_EXPERIMENTS !== '0';
const MUTATION_SEED = 20260501;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const utf8 = (text) => Buffer.byteLength(text, 'utf8');
const gzip = (text) => gzipSync(Buffer.from(text, 'utf8'), { level: 6 }).length;
const log = (...args) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

/** Serves the generated pages (by name), a console page and a tiny image for every /img/ URL. */
async function startServer(pages) {
  const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
  const consoleHtml = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Console</title></head><body style="margin:0"><div id="root"></div></body></html>';
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (path.startsWith('/img/')) return void response.writeHead(200, { 'content-type': 'image/gif' }).end(gif);
    if (path === '/console.html') return void response.writeHead(200, { 'content-type': 'text/html' }).end(consoleHtml);
    const page = pages.get(path.slice(1).replace(/\.html$/, ''));
    if (page) return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page.html);
    response.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A fresh customer page with the instrumentation in place before anything else runs. */
async function openCustomer(browser, url, page) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ path: join(here, 'instrument.js') });
  await context.addInitScript({ path: join(here, 'customer-page.js') });
  const tab = await context.newPage();
  await tab.goto(url, { waitUntil: 'load' });
  if (page.probe.prefill.length) await tab.evaluate((entries) => window.__customer.prefill(entries), page.probe.prefill);
  return { context, tab };
}

/** Chromium's cumulative main-thread counters for the page (seconds), to see the layout an engine causes. */
const MAIN_THREAD = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'LayoutCount', 'RecalcStyleCount'];
async function mainThreadMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.filter((m) => MAIN_THREAD.includes(m.name)).map((m) => [m.name, m.value]));
}

/** The mutation script on an open page, with the page's whole main-thread time around it. */
async function mutationRun(context, tab, page) {
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Performance.enable');
  const before = await mainThreadMetrics(cdp);
  const mutations = await tab.evaluate((options) => window.__customer.runMutations(options), { seed: MUTATION_SEED, batches: BATCHES, newItems: page.newItems });
  const after = await mainThreadMetrics(cdp);
  mutations.mainThread = Object.fromEntries(MAIN_THREAD.map((name) => [name, after[name] - before[name]]));
  mutations.probeText = await tab.evaluate((selector) => document.querySelector(selector)?.textContent ?? null, page.probe.selector);
  return mutations;
}

/** One engine's snapshot on a fresh page load; optionally followed by the mutation script on the same page. */
async function captureRun(browser, url, page, engine, { withMutations }) {
  const { context, tab } = await openCustomer(browser, url, page);
  try {
    if (engine === 'none') return { mutations: await mutationRun(context, tab, page) };
    await tab.addScriptTag({ path: engine === 'ours' ? OURS : RRWEB });
    const domNodes = await tab.evaluate(() => window.__customer.domNodeCount());
    const probe = await tab.evaluate((selector) => document.querySelector(selector)?.textContent ?? null, page.probe.selector);
    const snapshot = await tab.evaluate((name) => (name === 'ours' ? window.__customer.startOurs() : window.__customer.startRrweb()), engine);
    const mutations = withMutations ? await mutationRun(context, tab, page) : null;
    return { domNodes, probe, snapshot, mutations };
  } finally {
    await context.close();
  }
}

async function mirrorRun(browser, url, engine, recorded, probeSelector) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const tab = await context.newPage();
    await tab.goto(`${url}/console.html`);
    await tab.addScriptTag({ path: engine === 'ours' ? CONSOLE : RRWEB });
    await tab.addScriptTag({ path: join(here, 'console-page.js') });
    const args = { snapshot: recorded.snapshot, frames: recorded.frames, probeSelector };
    return await tab.evaluate(([name, input]) => (name === 'ours' ? window.__console.mirrorOurs(input) : window.__console.mirrorRrweb(input)), [engine, args]);
  } finally {
    await context.close();
  }
}

/** Elements and text nodes in a snapshot, counted the same way as in the live DOM. */
function snapshotNodeCount(engine, snapshotTexts) {
  let count = 0;
  // Our node encoding (protocol/frames.ts, NODE ENCODING): a string is a text node; an array is [tag, details?,
  // ...children] where "#" is a document, "#s" a shadow root and "!" a doctype; numbers are id markers.
  const walkOurs = (node) => {
    if (typeof node === 'string') return void count++;
    if (!Array.isArray(node) || node[0] === '!') return;
    if (node[0] !== '#' && node[0] !== '#s') count++;
    for (let i = 1; i < node.length; i++) if (typeof node[i] === 'string' || Array.isArray(node[i])) walkOurs(node[i]);
  };
  const walkRrweb = (node) => {
    if (node.type === 2 || node.type === 3) count++; // Element, Text
    for (const child of node.childNodes ?? []) walkRrweb(child);
  };
  for (const text of snapshotTexts) {
    const message = JSON.parse(text);
    if (engine === 'ours' && message.t === 'snapshot') walkOurs(message.root);
    if (engine === 'rrweb' && message.type === 2) walkRrweb(message.data.node);
  }
  return count;
}

async function benchPage(browser, baseUrl, page) {
  const url = `${baseUrl}/${page.name}.html`;
  const result = { name: page.name, title: page.title, engines: {} };
  for (const engine of ['ours', 'rrweb']) result.engines[engine] = { snapshotMs: [], stringifyMs: [], rebuildMs: [], applyMs: [] };

  // Snapshots: fresh page per run, engines interleaved so machine noise hits both alike. Run 0 also records the
  // mutation script, whose frames the mirror runs below replay.
  for (let run = 0; run < RUNS; run++) {
    const order = run % 2 === 0 ? ['ours', 'rrweb'] : ['rrweb', 'ours'];
    for (const engine of order) {
      const measured = await captureRun(browser, url, page, engine, { withMutations: run === 0 });
      const entry = result.engines[engine];
      entry.snapshotMs.push(measured.snapshot.ms);
      entry.stringifyMs.push(measured.snapshot.stringifyMs);
      if (run === 0) {
        const wire = measured.snapshot.snapshot.join('\n');
        Object.assign(entry, {
          snapshotTexts: measured.snapshot.snapshot,
          snapshotRaw: utf8(wire) - (measured.snapshot.snapshot.length - 1),
          snapshotGzip: gzip(wire),
          snapshotNodes: snapshotNodeCount(engine, measured.snapshot.snapshot),
          domNodes: measured.domNodes,
          probe: measured.probe,
          hookedSetters: measured.snapshot.hooked,
          rrwebTypes: measured.snapshot.types,
          mutation: measured.mutations,
        });
        const m = measured.mutations;
        log(`${page.name} ${engine}: dom ${measured.domNodes} nodes, snapshot ${entry.snapshotNodes} nodes, ${entry.snapshotRaw} B; ` +
          `mutations ${m.ms.toFixed(1)} ms in ${m.calls} callbacks, ${m.frames.length} frames, wall ${(m.wallMs / 1000).toFixed(1)} s; ${JSON.stringify(m.byKind)}`);
      }
    }
    log(`${page.name} run ${run + 1}/${RUNS}: ours ${result.engines.ours.snapshotMs.at(-1).toFixed(1)} ms, rrweb ${result.engines.rrweb.snapshotMs.at(-1).toFixed(1)} ms`);
  }

  // The same mutation script with no engine at all: the page's own main-thread time, for the secondary measure.
  result.noEngine = (await captureRun(browser, url, page, 'none', { withMutations: true })).mutations;
  log(`${page.name} no engine: main thread ${JSON.stringify(result.noEngine.mainThread)}`);

  // Mirrors: fresh console page per run; each run rebuilds and then applies every recorded mutation frame/event.
  for (let run = 0; run < RUNS; run++) {
    for (const engine of run % 2 === 0 ? ['ours', 'rrweb'] : ['rrweb', 'ours']) {
      const entry = result.engines[engine];
      const mirrored = await mirrorRun(browser, baseUrl, engine, { snapshot: entry.snapshotTexts, frames: entry.mutation.frames }, page.probe.selector);
      entry.rebuildMs.push(mirrored.rebuildMs);
      entry.applyMs.push(mirrored.applyMs);
      if (run === 0) entry.mirror = mirrored;
    }
  }

  for (const engine of ['ours', 'rrweb']) {
    const entry = result.engines[engine];
    const frames = entry.mutation.frames;
    entry.summary = {
      snapshotMs: median(entry.snapshotMs),
      stringifyMs: median(entry.stringifyMs),
      snapshotRaw: entry.snapshotRaw,
      snapshotGzip: entry.snapshotGzip,
      mutationMs: entry.mutation.ms,
      mutationCalls: entry.mutation.calls,
      mainThread: entry.mutation.mainThread,
      mutationWallMs: entry.mutation.wallMs,
      mutationByKind: entry.mutation.byKind,
      mutationStringifyMs: entry.mutation.stringifyMs,
      mutationFrames: frames.length,
      mutationRaw: frames.reduce((sum, text) => sum + utf8(text), 0),
      mutationGzip: gzip(frames.join('\n')),
      rebuildMs: median(entry.rebuildMs),
      applyMs: median(entry.applyMs),
    };
  }
  result.checks = honestyChecks(page, result);
  result.bytes = analyzeBytes(result.engines.ours.snapshotTexts[0]);
  return result;
}

/** Evidence that both engines did the same work: node counts, known text, final mirror state. */
function honestyChecks(page, result) {
  const checks = [];
  const check = (name, ok, detail) => checks.push({ name, ok, detail });
  const within = (a, b, fraction) => Math.abs(a - b) <= fraction * b;
  for (const engine of ['ours', 'rrweb']) {
    const e = result.engines[engine];
    check(`${engine}: snapshot nodes within 3% of the DOM's`, within(e.snapshotNodes, e.domNodes, 0.03), `${e.snapshotNodes} vs ${e.domNodes}`);
    const probeJson = JSON.stringify(e.probe).slice(1, -1);
    check(`${engine}: snapshot holds the text of ${page.probe.selector}`, e.snapshotTexts.some((t) => t.includes(probeJson)), JSON.stringify(e.probe));
    for (const { value } of page.probe.prefill.slice(0, 3)) {
      check(`${engine}: snapshot holds the typed value "${value}"`, e.snapshotTexts.some((t) => t.includes(value)), '');
    }
    if (page.knownRule) {
      const selector = page.knownRule.slice(0, page.knownRule.indexOf('{'));
      check(`${engine}: snapshot holds CSS rule 123 (${selector})`, e.snapshotTexts.some((t) => t.includes(JSON.stringify(selector).slice(1, -1))), '');
    }
    check(`${engine}: mirror after the mutations has the DOM's node count (±1%)`, within(e.mirror.nodes, e.mutation.domNodes, 0.01), `${e.mirror.nodes} vs ${e.mutation.domNodes}`);
    check(`${engine}: mirror's ${page.probe.selector} text equals the page's after the mutations`, e.mirror.probeText === e.mutation.probeText, `${JSON.stringify(e.mirror.probeText)} vs ${JSON.stringify(e.mutation.probeText)}`);
  }
  check('both engines saw the same DOM', result.engines.ours.domNodes === result.engines.rrweb.domNodes && result.engines.ours.mutation.domNodes === result.engines.rrweb.mutation.domNodes,
    `before ${result.engines.ours.domNodes}/${result.engines.rrweb.domNodes}, after ${result.engines.ours.mutation.domNodes}/${result.engines.rrweb.mutation.domNodes}`);
  return checks;
}

/** Which source "ours" is: HEAD plus whether the capture/mirror sources had uncommitted changes when built. */
function gitDescribe() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: web, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ` + ${dirty} uncommitted change(s) under web/src` : ''}`;
  } catch {
    return 'unknown';
  }
}

async function main() {
  // BENCH_RENDER=file re-renders the report from a previous run's raw results, without measuring anything.
  if (process.env.BENCH_RENDER) {
    const saved = JSON.parse(readFileSync(process.env.BENCH_RENDER, 'utf8'));
    const { markdown, summary } = renderReport(saved.results, saved.machine, saved.profiles, saved.experiments);
    writeFileSync(join(web, 'bench', 'results', 'capture.md'), markdown);
    console.log(summary);
    return;
  }
  const pages = new Map(PAGES.filter((p) => !ONLY || ONLY.includes(p.name)).map((p) => [p.name, { ...p, ...p.build() }]));
  const server = await startServer(pages);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    // BENCH_ONLY=experiments: just the what-if variants, printed; the results file is left as it is.
    if (process.env.BENCH_ONLY === 'experiments') {
      const experiments = await runExperiments(browser, server.url, [...pages.values()], { runs: Math.min(RUNS, 5), batches: Math.min(BATCHES, 200), seed: MUTATION_SEED, log });
      for (const e of experiments) for (const row of e.rows) console.log(`${e.page} ${row.name}: snapshot ${row.snapshotMs?.toFixed(1)} ms, ${e.batches} batches ${row.mutationMs?.toFixed(1)} ms ${row.missing ? '(patch no longer applies)' : ''}`);
      return;
    }
    const results = [];
    for (const page of pages.values()) {
      log(`page ${page.name}: ${(utf8(page.html) / 1e6).toFixed(2)} MB of HTML`);
      results.push(await benchPage(browser, server.url, page));
    }
    const profiles = PROFILE ? await profileOurCapture(browser, server.url, [...pages.values()], { mutationSeed: MUTATION_SEED, mutationBatches: Math.min(BATCHES, 200) }) : [];
    const experiments = EXPERIMENTS
      ? await runExperiments(browser, server.url, [...pages.values()], { runs: Math.min(RUNS, 5), batches: Math.min(BATCHES, 200), seed: MUTATION_SEED, log })
      : [];
    const machine = {
      cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`, node: process.version, chromium: browser.version(),
      loadavg: os.loadavg().map((x) => x.toFixed(2)).join(' '), runs: RUNS, batches: BATCHES, date: new Date().toISOString(),
      rrweb: JSON.parse(readFileSync(join(web, 'node_modules', 'rrweb', 'package.json'), 'utf8')).version,
      commit: gitDescribe(),
      oursBytes: utf8(readFileSync(OURS, 'utf8')), oursGzip: gzip(readFileSync(OURS, 'utf8')),
    };
    // Raw numbers (without the recorded frames) for BENCH_RENDER, outside the repository.
    const slim = results.map((r) => ({ ...r, engines: Object.fromEntries(Object.entries(r.engines).map(([k, e]) => [k, { ...e, snapshotTexts: undefined, mutation: { ...e.mutation, frames: undefined } }])) }));
    writeFileSync(join(os.tmpdir(), 'capture-bench-results.json'), JSON.stringify({ results: slim, machine, profiles, experiments }));
    const { markdown, summary } = renderReport(results, machine, profiles, experiments);
    mkdirSync(join(web, 'bench', 'results'), { recursive: true });
    writeFileSync(join(web, 'bench', 'results', 'capture.md'), markdown);
    console.log(summary);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
