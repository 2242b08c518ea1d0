// The masking fuzz page, shared by web/test/fuzz-masking.test.mjs (10,000 sequences in CI) and
// web/bench/fuzz/run.mjs (longer runs): the capture and the transport's sender in one Chromium page, driven by
// masking-program.js.
import { join } from 'node:path';
import { fuzzBundle } from './fuzz-bundle.mjs';

export const MASKING_PRIVACY = { maskSelectors: ['.tenant-mask', '.vault .number'], redactSelectors: ['.tenant-redact'] };

export async function openMaskingFuzz(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const pageErrors = [];
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${server.url}/console.html`);
  await page.addScriptTag({ content: await fuzzBundle() });
  await page.addScriptTag({ path: join(import.meta.dirname, 'prng.js') });
  await page.addScriptTag({ path: join(import.meta.dirname, 'masking-program.js') });

  return {
    pageErrors,
    setup: () => page.evaluate((privacy) => window.setupMaskingFuzz(privacy), MASKING_PRIVACY),
    selfTest: () => page.evaluate(() => window.leakDetectorSelfTest()),
    /**
     * Runs `count` sequences in batches of `perEvaluation` from `baseSeed`; stops at the first batch with a leak unless
     * `untilEnd` (to count the leaking sequences of a whole run).
     */
    async run(count, baseSeed, perEvaluation = 500, { untilEnd = false } = {}) {
      const total = { sequences: 0, operations: 0, byOperation: {}, messages: 0, compressedChunks: 0, wireChars: 0, placeholders: 0, secrets: 0, leakingSequences: 0, leaks: [], seeds: [] };
      for (let done = 0; done < count; done += perEvaluation) {
        const seed = baseSeed + done / perEvaluation;
        total.seeds.push(seed);
        const stats = await page.evaluate(([s, n]) => window.runMaskingSequences(s, n), [seed, Math.min(perEvaluation, count - done)]);
        for (const key of ['sequences', 'operations', 'messages', 'compressedChunks', 'wireChars', 'placeholders', 'secrets', 'leakingSequences']) total[key] += stats[key];
        for (const [name, n] of Object.entries(stats.byOperation)) total.byOperation[name] = (total.byOperation[name] ?? 0) + n;
        total.leaks.push(...stats.leaks);
        if (total.leaks.length && !untilEnd) break; // the first batch with a leak says enough (replay it by its sequence seed)
      }
      return total;
    },
    close: () => context.close(),
  };
}
