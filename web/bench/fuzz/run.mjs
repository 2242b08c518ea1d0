// Long fuzz runs (not a test): the same harness as web/test/fuzz-mirror.test.mjs and fuzz-masking.test.mjs with larger
// counts and any seed. Prints one summary line per part and, with --out, writes them as Markdown.
//
//   node bench/fuzz/run.mjs [--seed 9000] [--runs 500] [--random-batches 5000] [--masking 100000] [--out bench/fuzz/results.md]
//
// --runs: mutated-stream runs per fixture page; --random-batches: random envelopes per seed (two seeds);
// --masking: generated DOM change sequences. Environment variables FUZZ_SEED, FUZZ_RUNS, FUZZ_RANDOM_BATCHES and
// FUZZ_MASKING set the same. Needs no build: the harness bundles the sources itself. Exit code 1 on any finding.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { launchChromium, startFixtureServer } from '../../test/support/browser.mjs';
import { FUZZ_PAGES, openMirrorFuzz } from '../../test/support/fuzz-mirror.mjs';
import { openMaskingFuzz } from '../../test/support/masking-fuzz.mjs';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: process.env.FUZZ_SEED ?? '9000' },
    runs: { type: 'string', default: process.env.FUZZ_RUNS ?? '500' },
    'random-batches': { type: 'string', default: process.env.FUZZ_RANDOM_BATCHES ?? '5000' },
    masking: { type: 'string', default: process.env.FUZZ_MASKING ?? '100000' },
    out: { type: 'string' },
  },
});
const seed = Number(values.seed);
const runs = Number(values.runs);
const randomBatches = Number(values['random-batches']);
const maskingSequences = Number(values.masking);

const lines = [];
const report = (line) => { console.log(line); lines.push(line); };
let failed = false;

const [server, browser] = await Promise.all([startFixtureServer(), launchChromium()]);
try {
  const mirror = await openMirrorFuzz(browser, server);
  try {
    let started = Date.now();
    let frames = 0;
    let slowest = 0;
    const randomSeeds = [seed + 1, seed + 2];
    for (const s of randomSeeds) {
      const result = await mirror.random(s, randomBatches);
      frames += result.frames;
      slowest = Math.max(slowest, result.slowestMs);
    }
    const safety = await mirror.verdict();
    const unsafe = safety.pwned !== null || safety.scripts || safety.handlers || safety.javascriptUrls || safety.srcdocs || safety.errors.length;
    failed ||= Boolean(unsafe);
    report(`- decoder: ${frames} random frames in ${randomSeeds.length * randomBatches} batches, seeds ${randomSeeds.join(', ')}, ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s, slowest batch ${Math.round(slowest)} ms; script ran: ${safety.pwned ?? 'no'}, ` +
      `scripts ${safety.scripts}, handlers ${safety.handlers}, javascript: URLs ${safety.javascriptUrls}, srcdoc ${safety.srcdocs}, page errors ${safety.errors.length}`);

    started = Date.now();
    const total = { runs: 0, frames: 0, diverged: 0, detected: 0, silentByDesign: 0, failures: [], recoveryFailures: [], byOperator: {} };
    const seeds = [];
    for (const [index, page] of FUZZ_PAGES.entries()) {
      const pageSeed = seed + 100 * (index + 1);
      seeds.push(pageSeed);
      const loaded = await mirror.load(page, await mirror.record(page, pageSeed, 16));
      if (loaded.requests.length || loaded.stillWanted || !loaded.resyncMatches) {
        failed = true;
        report(`- ${page}: the valid stream itself did not apply cleanly: ${JSON.stringify(loaded)}`);
      }
      const stats = await mirror.mutate(page, pageSeed, runs);
      for (const key of ['runs', 'frames', 'diverged', 'detected', 'silentByDesign']) total[key] += stats[key];
      total.failures.push(...stats.failures.map((f) => ({ page, seed: pageSeed, ...f })));
      total.recoveryFailures.push(...stats.recoveryFailures.map((f) => ({ page, seed: pageSeed, ...f })));
      for (const [name, counts] of Object.entries(stats.byOperator)) {
        const sum = (total.byOperator[name] ??= { runs: 0, diverged: 0, detected: 0 });
        for (const key of Object.keys(sum)) sum[key] += counts[key];
      }
    }
    failed ||= total.failures.length > 0 || total.recoveryFailures.length > 0 || mirror.pageErrors.length > 0;
    report(`- mutated streams: ${total.runs} runs (${total.frames} frames) over ${FUZZ_PAGES.length} pages, seeds ${seeds.join(', ')}, ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s; diverged ${total.diverged}, snapshot request outstanding ${total.detected}, ` +
      `silent divergence ${total.failures.length} (must be 0), from well-formed edits ${total.silentByDesign}, failed resync repairs ${total.recoveryFailures.length}`);
    report(`- per operator (runs / diverged / detected): ${Object.entries(total.byOperator).sort().map(([name, c]) => `${name} ${c.runs}/${c.diverged}/${c.detected}`).join(', ')}`);
    if (total.failures.length || total.recoveryFailures.length) report(`- failures: ${JSON.stringify([...total.failures, ...total.recoveryFailures].slice(0, 10))}`);
  } finally {
    await mirror.close();
  }

  if (maskingSequences > 0) {
    const masking = await openMaskingFuzz(browser, server);
    try {
      await masking.setup();
      const started = Date.now();
      const total = await masking.run(maskingSequences, seed);
      failed ||= total.leaks.length > 0 || masking.pageErrors.length > 0;
      report(`- masking: ${total.sequences} sequences, ${total.operations} operations, ${total.secrets} secrets, ${total.messages} wire messages ` +
        `(${total.compressedChunks} gzip chunks decompressed), ${(total.wireChars / 1e6).toFixed(1)} M characters checked, ${total.placeholders} placeholders; ` +
        `seeds ${total.seeds[0]}..${total.seeds.at(-1)} × 500; ${((Date.now() - started) / 1000).toFixed(0)} s; leaks ${total.leaks.length}`);
      if (total.leaks.length) report(`- leaks: ${JSON.stringify(total.leaks.slice(0, 3))}`);
    } finally {
      await masking.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

if (values.out) {
  writeFileSync(values.out, `# Fuzz run ${new Date().toISOString()}\n\n\`node bench/fuzz/run.mjs --seed ${seed} --runs ${runs} --random-batches ${randomBatches} --masking ${maskingSequences}\`\n\n${lines.join('\n')}\n`);
}
process.exitCode = failed ? 1 : 0;
