// Masking at scale: 10,000 generated DOM change sequences in one Chromium page (support/masking-program.js) with the
// real capture and the transport's sender running; every byte the sender would put on the wire — JSON batches, and
// gzip chunks decompressed — is searched for each sequence's secrets, for any 4 characters of them, and for their
// base64. Privacy follows the element: sequences also show passwords as text, drop autocomplete tokens, remove
// data-cobrowse-mask from fields and containers, move fields out of masked forms, and write secrets into inline styles
// (custom properties, content, url()). capture-mirror.test.mjs keeps its smaller fuzz that also compares the mirror;
// this one is about volume and breadth of operations. FUZZ_SEED shifts the seeds; MASKING_SEQUENCES changes the count (default 10,000).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startFixtureServer } from './support/browser.mjs';
import { openMaskingFuzz } from './support/masking-fuzz.mjs';

const SEQUENCES = Number(process.env.MASKING_SEQUENCES ?? 10_000);
const PER_EVALUATION = 500;
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 8000);

let server;
let browser;
let fuzz;
before(async () => {
  [server, browser] = await Promise.all([startFixtureServer(), launchChromium()]);
  fuzz = await openMaskingFuzz(browser, server);
});
after(async () => {
  await fuzz?.close();
  await browser?.close();
  await server?.close();
});

test(`${SEQUENCES} generated DOM change sequences put no secret, no 4 characters of one and no base64 of one on the wire`, { timeout: 240_000 }, async () => {
  const setup = await fuzz.setup();
  assert.equal(setup.leak, null, 'the page itself has no capitals on the wire');

  const selfTest = await fuzz.selfTest();
  assert.equal(selfTest.plainLeak, 'capitals', 'five capitals of a secret in plain text are found');
  assert.notEqual(selfTest.base64Leak, null, 'a secret in base64 is found');
  assert.equal(selfTest.harmless, null, 'text that is not a secret is not reported');

  const started = Date.now();
  const total = await fuzz.run(SEQUENCES, BASE_SEED, PER_EVALUATION);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`# fuzz: masking ${total.sequences} sequences (${total.leakingSequences} leaking), ${total.operations} operations, ${total.secrets} secrets, ` +
    `${total.messages} wire messages (${total.compressedChunks} gzip chunks decompressed), ${(total.wireChars / 1e6).toFixed(1)} M characters checked ` +
    `(${total.placeholders} mask placeholders among them) in ${seconds} s; seeds ${total.seeds[0]}..${total.seeds.at(-1)} × ${PER_EVALUATION} sequences ` +
    '(sequence seed = seed × 100003 + n)');
  console.log(`# fuzz: masking operations ${JSON.stringify(total.byOperation)}`);

  assert.deepEqual(total.leaks, [], 'secrets on the wire');
  assert.equal(total.sequences, SEQUENCES);
  assert.ok(total.placeholders > total.secrets, 'the secrets did travel, masked (a pass is not the capture sending nothing)');
  assert.ok(total.compressedChunks > 0, 'some batches were big enough to be compressed, and were checked decompressed');
  assert.ok(Object.keys(total.byOperation).length >= 39, 'every kind of operation ran');
  assert.deepEqual(fuzz.pageErrors, []);
});
