// CPU profile of our capture through Chromium's CDP Profiler. The shipped bundle is minified, so the profile runs
// an unminified build of the same source (bundled here into memory) to keep function names readable.
import { VARIANTS, bundleVariant } from './experiments.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const here = join(web, 'bench', 'capture');

/** Self time per function (ms), from a CDP profile: samples × interval attributed to the sampled node. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const perSample = totalMs / Math.max(1, profile.samples.length);
  const byFunction = new Map();
  for (const [id, count] of counts) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    const where = callFrame.url ? `${callFrame.url.split('/').pop() || 'bundle'}:${callFrame.lineNumber + 1}` : '';
    const key = `${name} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + count * perSample);
  }
  return { totalMs, top: [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([fn, ms]) => ({ fn, ms })) };
}

/**
 * For each page: one snapshot under the sampling profiler (100 µs), with a phase split measured by hand
 * (serialization to objects, then JSON.stringify of the frame); then the first mutation batches under the profiler.
 */
export async function profileOurCapture(browser, baseUrl, pages, { mutationSeed, mutationBatches }) {
  const bundle = (await bundleVariant(VARIANTS[0], { readable: true })).code;
  // A variant flagged `profileMutations` gets its mutation phase profiled too: what is left after that fix.
  const fixed = VARIANTS.find((variant) => variant.profileMutations);
  const fixedBundle = fixed && (await bundleVariant(fixed, { readable: true }));
  const results = [];
  for (const page of pages) {
    const afterFix = !fixedBundle || fixedBundle.missing.length ? null : await profileMutationsOnly(browser, baseUrl, page, fixedBundle.code, { mutationSeed, mutationBatches });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      await context.addInitScript({ path: join(here, 'instrument.js') });
      await context.addInitScript({ path: join(here, 'customer-page.js') });
      const tab = await context.newPage();
      await tab.goto(`${baseUrl}/${page.name}.html`, { waitUntil: 'load' });
      if (page.probe.prefill.length) await tab.evaluate((entries) => window.__customer.prefill(entries), page.probe.prefill);
      await tab.addScriptTag({ content: `${bundle}\n//# sourceURL=cobrowse-readable.js` });
      const cdp = await context.newCDPSession(tab);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      const phases = await tab.evaluate(() => {
        let objectMs = 0;
        let stringifyMs = 0;
        let bytes = 0;
        const start = performance.now();
        window.CoBrowse.startCapture({
          send(frame) {
            if (frame.t !== 'snapshot') return void JSON.stringify(frame);
            objectMs = performance.now() - start;
            const s = performance.now();
            bytes = JSON.stringify(frame).length;
            stringifyMs = performance.now() - s;
          },
        });
        return { objectMs, stringifyMs, totalMs: performance.now() - start, chars: bytes };
      });
      const { profile } = await cdp.send('Profiler.stop');
      // Then the first batches of the mutation script, profiled the same way.
      await cdp.send('Profiler.start');
      const mutations = await tab.evaluate((options) => window.__customer.runMutations(options), { seed: mutationSeed, batches: mutationBatches, newItems: page.newItems });
      const { profile: mutationProfile } = await cdp.send('Profiler.stop');
      results.push({
        page: page.name, phases, ...selfTimes(profile),
        mutations: { batches: mutationBatches, engineMs: mutations.ms, byKind: mutations.byKind, ...selfTimes(mutationProfile) },
        mutationsAfterFix: afterFix && { variant: fixed.name, ...afterFix },
      });
    } finally {
      await context.close();
    }
  }
  return results;
}

/** The mutation script alone under the profiler, on a page whose capture (a variant bundle) started unprofiled. */
async function profileMutationsOnly(browser, baseUrl, page, bundle, { mutationSeed, mutationBatches }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript({ path: join(here, 'instrument.js') });
    await context.addInitScript({ path: join(here, 'customer-page.js') });
    const tab = await context.newPage();
    await tab.goto(`${baseUrl}/${page.name}.html`, { waitUntil: 'load' });
    if (page.probe.prefill.length) await tab.evaluate((entries) => window.__customer.prefill(entries), page.probe.prefill);
    await tab.addScriptTag({ content: `${bundle}\n//# sourceURL=cobrowse-readable.js` });
    await tab.evaluate(() => window.__customer.startOurs({ returnSnapshot: false }));
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    const mutations = await tab.evaluate((options) => window.__customer.runMutations(options), { seed: mutationSeed, batches: mutationBatches, newItems: page.newItems });
    const { profile } = await cdp.send('Profiler.stop');
    return { batches: mutationBatches, engineMs: mutations.ms, byKind: mutations.byKind, ...selfTimes(profile) };
  } finally {
    await context.close();
  }
}
