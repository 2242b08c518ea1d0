// Masking at scale: 10,000 generated DOM change sequences in one Chromium page (support/masking-program.js) with the
// real capture and the transport's sender running; every byte the sender would put on the wire — JSON batches, and
// gzip chunks decompressed — is searched for each sequence's secrets, for any 4 characters of them, and for their
// base64. capture-mirror.test.mjs keeps its smaller fuzz that also compares the mirror; this one is about volume and
// breadth of operations. FUZZ_SEED shifts the seeds; MASKING_SEQUENCES changes the count (default 10,000).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium, startFixtureServer } from './support/browser.mjs';
import { fuzzBundle } from './support/fuzz-bundle.mjs';

const SEQUENCES = Number(process.env.MASKING_SEQUENCES ?? 10_000);
const PER_EVALUATION = 500;
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 8000);
const PRIVACY = { maskSelectors: ['.tenant-mask', '.vault .number'], redactSelectors: ['.tenant-redact'] };

let server;
let browser;
let page;
const pageErrors = [];
before(async () => {
  [server, browser] = await Promise.all([startFixtureServer(), launchChromium()]);
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${server.url}/console.html`);
  await page.addScriptTag({ content: await fuzzBundle() });
  await page.addScriptTag({ path: join(import.meta.dirname, 'support', 'masking-program.js') });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test(`${SEQUENCES} generated DOM change sequences put no secret, no 4 characters of one and no base64 of one on the wire`, { timeout: 240_000 }, async () => {
  const setup = await page.evaluate((privacy) => window.setupMaskingFuzz(privacy), PRIVACY);
  assert.equal(setup.leak, null, 'the page itself has no capitals on the wire');

  const selfTest = await page.evaluate(() => window.leakDetectorSelfTest());
  assert.deepEqual(selfTest, { plainLeak: 'capitals', base64Leak: selfTest.base64Leak ?? 'missed', harmless: null });
  assert.notEqual(selfTest.base64Leak, null, 'a base64 secret is found');

  const total = { sequences: 0, operations: 0, byOperation: {}, messages: 0, compressedChunks: 0, wireChars: 0, placeholders: 0, secrets: 0, leaks: [] };
  const seeds = [];
  const started = Date.now();
  for (let done = 0; done < SEQUENCES; done += PER_EVALUATION) {
    const seed = BASE_SEED + done / PER_EVALUATION;
    seeds.push(seed);
    const stats = await page.evaluate(([s, n]) => window.runMaskingSequences(s, n), [seed, Math.min(PER_EVALUATION, SEQUENCES - done)]);
    for (const key of ['sequences', 'operations', 'messages', 'compressedChunks', 'wireChars', 'placeholders', 'secrets']) total[key] += stats[key];
    for (const [name, count] of Object.entries(stats.byOperation)) total.byOperation[name] = (total.byOperation[name] ?? 0) + count;
    total.leaks.push(...stats.leaks);
    if (total.leaks.length) break; // the first batch with a leak says enough (replay it by its sequence seed)
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`# fuzz: masking ${total.sequences} sequences, ${total.operations} operations, ${total.secrets} secrets, ` +
    `${total.messages} wire messages (${total.compressedChunks} gzip chunks decompressed), ${(total.wireChars / 1e6).toFixed(1)} M characters checked ` +
    `(${total.placeholders} mask placeholders among them) ` +
    `in ${seconds} s; seeds ${seeds[0]}..${seeds.at(-1)} × ${PER_EVALUATION} sequences (sequence seed = seed × 100003 + n)`);
  console.log(`# fuzz: masking operations ${JSON.stringify(total.byOperation)}`);

  assert.deepEqual(total.leaks, [], 'secrets on the wire');
  assert.equal(total.sequences, SEQUENCES);
  assert.ok(total.placeholders > total.secrets, 'the secrets did travel, masked (a pass is not the capture sending nothing)');
  assert.ok(total.compressedChunks > 0, 'some batches were big enough to be compressed, and were checked decompressed');
  assert.ok(Object.keys(total.byOperation).length >= 25, 'every kind of operation ran');
  assert.deepEqual(pageErrors, []);
});
