// Fuzzing the agent's receiving path (FrameReceiver → console view → mirror) in a real Chromium: random frames, and
// mutated copies of real wire streams recorded from fixture pages whose DOM keeps changing. Nothing may throw out of
// the page, hang it or run script in the mirror, and a mutated stream may never leave the mirror silently different
// from the valid stream's mirror: either it ends equal, or the receiver asked for a snapshot (and the SDK's answer to
// that request brings it back). Seeds are fixed; FUZZ_SEED shifts them all. Longer runs: web/bench/fuzz/mirror-fuzz.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startFixtureServer } from './support/browser.mjs';
import { FUZZ_PAGES, openMirrorFuzz } from './support/fuzz-mirror.mjs';

const BASE_SEED = Number(process.env.FUZZ_SEED ?? 8000);
const RUNS_PER_PAGE = 50;
const RANDOM_BATCHES = 400;

let server;
let browser;
let fuzz;
before(async () => {
  [server, browser] = await Promise.all([startFixtureServer(), launchChromium()]);
  fuzz = await openMirrorFuzz(browser, server);
});
after(async () => {
  await fuzz?.close();
  await browser?.close();
  await server?.close();
});

function assertSafe(verdict, what) {
  assert.deepEqual(
    { pwned: verdict.pwned, scripts: verdict.scripts, handlers: verdict.handlers, javascriptUrls: verdict.javascriptUrls, srcdocs: verdict.srcdocs, errors: verdict.errors },
    { pwned: null, scripts: 0, handlers: 0, javascriptUrls: 0, srcdocs: 0, errors: [] },
    `${what}: nothing may run or stay executable in the mirror, and no error may escape`,
  );
  assert.equal(verdict.sandbox, 'allow-same-origin');
}

describe('mirror fuzz', () => {
  test('apply() tells a frame that does not fit from changes to nodes the mirror leaves out on purpose', async () => {
    const answers = await fuzz.agent.evaluate(() => {
      const view = window.__fuzzView;
      const page = { v: 1, t: 'snapshot', url: 'http://x/', viewport: { width: 800, height: 600, devicePixelRatio: 1 }, scroll: [], id: 1,
        // ids: # 1, html 2, head 3, body 4, object 5 (refused) with its text 6, p 7 with its text 8
        root: ['#', ['html', ['head'], ['body', ['object', 'fallback'], ['p', 'hello']]]] };
      const mutations = (change) => ({ v: 1, t: 'mutations', removes: [], adds: [], attributes: [], texts: [], ...change });
      return {
        snapshot: view.apply(page),
        textInRefused: view.apply(mutations({ texts: [{ id: 6, text: 'new fallback' }] })),
        addUnderRefused: view.apply(mutations({ adds: [{ parentId: 5, nextId: null, id: 20, node: ['span', 'inside'] }] })),
        changeUnderRefused: view.apply(mutations({ texts: [{ id: 21, text: 'still inside' }] })),
        knownText: view.apply(mutations({ texts: [{ id: 8, text: 'hello again' }] })),
        unknownText: view.apply(mutations({ texts: [{ id: 99, text: 'nobody' }] })),
        removeUnknown: view.apply(mutations({ removes: [98] })),
        textToElement: view.apply(mutations({ texts: [{ id: 7, text: 'p is no text' }] })),
        idStillInUse: view.apply(mutations({ adds: [{ parentId: 4, nextId: null, id: 7, node: ['div'] }] })),
        wrongShape: view.apply({ v: 1, t: 'input', id: 7 }),
        unknownType: view.apply({ v: 1, t: 'from-a-newer-capture' }),
        shown: view.mirror.document.body.textContent,
      };
    });
    assert.deepEqual(answers, {
      snapshot: true, textInRefused: true, addUnderRefused: true, changeUnderRefused: true, knownText: true,
      unknownText: false, removeUnknown: false, textToElement: false, idStillInUse: false, wrongShape: false, unknownType: true,
      shown: 'hello again',
    });
  });

  test('random frames, random envelopes and random chunks: no escape, no script, the page stays responsive', { timeout: 60_000 }, async () => {
    const seeds = [BASE_SEED + 1, BASE_SEED + 2];
    let frames = 0;
    for (const seed of seeds) {
      const result = await fuzz.random(seed, RANDOM_BATCHES);
      frames += result.frames;
      assert.ok(result.slowestMs < 15_000, `seed ${seed}: one batch took ${result.slowestMs} ms (the page hung)`);
      assert.ok(result.requests > 0, `seed ${seed}: garbage made the receiver ask for snapshots`);
      assertSafe(await fuzz.verdict(), `random seed ${seed}`);
    }
    assert.deepEqual(fuzz.pageErrors, []);
    console.log(`# fuzz: decoder ${frames} random frames in ${seeds.length * RANDOM_BATCHES} batches, seeds ${seeds.join(',')}`);
  });

  test('mutated real streams: every divergence is detected and the resync answer repairs it', { timeout: 120_000 }, async () => {
    const summary = { runs: 0, frames: 0, diverged: 0, detected: 0, silentByDesign: 0, byOperator: {}, slowestMs: 0 };
    const seeds = [];
    for (const [index, page] of FUZZ_PAGES.entries()) {
      const seed = BASE_SEED + 100 * (index + 1);
      seeds.push(seed);
      const recorded = await fuzz.record(page, seed);
      const loaded = await fuzz.load(page, recorded);
      assert.deepEqual(loaded.requests, [], `${page}: the valid stream applies without asking for a snapshot`);
      assert.equal(loaded.stillWanted, false, `${page}: the stream's snapshot answered the join request`);
      assert.ok(loaded.resyncMatches, `${page}: the resync snapshot rebuilds the same mirror as the stream`);
      assert.ok(loaded.chunks >= 2, `${page}: the stream has gzip chunks to corrupt (${loaded.chunks})`);

      const stats = await fuzz.mutate(page, seed, RUNS_PER_PAGE);
      assert.deepEqual(stats.failures, [], `${page} (seed ${seed}): mutations that left the mirror different without a snapshot request`);
      assert.deepEqual(stats.recoveryFailures, [], `${page} (seed ${seed}): the resync answer did not repair the mirror`);
      assert.ok(stats.diverged > 0 && stats.detected > 0, `${page}: the mutations did change mirrors (${stats.diverged}) and were caught (${stats.detected})`);
      assert.ok(stats.slowestMs < 15_000, `${page}: one run took ${stats.slowestMs} ms (the page hung)`);
      summary.runs += stats.runs;
      summary.frames += stats.frames;
      summary.diverged += stats.diverged;
      summary.detected += stats.detected;
      summary.silentByDesign += stats.silentByDesign;
      summary.slowestMs = Math.max(summary.slowestMs, Math.round(stats.slowestMs));
      for (const [name, counts] of Object.entries(stats.byOperator)) {
        const total = (summary.byOperator[name] ??= { runs: 0, diverged: 0, detected: 0 });
        for (const key of Object.keys(total)) total[key] += counts[key];
      }
    }
    assertSafe(await fuzz.verdict(), 'mutated streams');
    assert.deepEqual(fuzz.pageErrors, []);
    console.log(`# fuzz: mutations ${summary.runs} runs (${summary.frames} frames) over ${FUZZ_PAGES.length} pages, seeds ${seeds.join(',')}; ` +
      `diverged ${summary.diverged}, snapshot requested ${summary.detected}, silent (well-formed edits) ${summary.silentByDesign}, slowest run ${summary.slowestMs} ms`);
    console.log(`# fuzz: per operator runs/diverged/detected ${Object.entries(summary.byOperator).map(([name, c]) => `${name} ${c.runs}/${c.diverged}/${c.detected}`).join(', ')}`);
  });
});
