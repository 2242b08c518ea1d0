// The mirror fuzz in a real Chromium, shared by web/test/fuzz-mirror.test.mjs (a short run in CI) and
// web/bench/fuzz/mirror-fuzz.mjs (long runs): records real wire streams from customer pages, then drives the agent's
// receiving path with mutated copies of them and with random frames (see fuzz-mirror-driver.js).
import { join } from 'node:path';
import { fuzzBundle } from './fuzz-bundle.mjs';

const here = import.meta.dirname;

/** Fixture pages with something of everything: SVG, shadow roots, a same-origin iframe, form fields, masking. */
export const FUZZ_PAGES = ['shop.html', 'form.html', 'fid-shadow.html', 'fid-iframe.html'];

export async function openMirrorFuzz(browser, server) {
  const bundle = await fuzzBundle();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const agentContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // The mirror would fetch the pages' images and sheets on every rebuild; the fuzz judges the DOM, not the pixels.
  await agentContext.route((url) => !url.pathname.endsWith('/console.html'), (route) => route.abort());
  const pageErrors = [];
  const agent = await agentContext.newPage();
  agent.on('pageerror', (error) => pageErrors.push(`agent: ${error.message}`));
  await agent.goto(`${server.url}/console.html`);
  await agent.addScriptTag({ content: bundle });
  await agent.addScriptTag({ path: join(here, 'prng.js') });
  await agent.addScriptTag({ path: join(here, 'fuzz-mirror-driver.js') });

  /** Captures a fixture page while a seeded program changes it; returns the recorded wire messages. */
  async function record(pagePath, seed, steps = 12) {
    const customer = await context.newPage();
    customer.on('pageerror', (error) => pageErrors.push(`customer ${pagePath}: ${error.message}`));
    try {
      await customer.goto(`${server.url}/${pagePath}`);
      await customer.waitForLoadState('load');
      await customer.addScriptTag({ content: bundle });
      await customer.addScriptTag({ path: join(here, 'prng.js') });
      await customer.addScriptTag({ path: join(here, 'fuzz-stream-recorder.js') });
      return await customer.evaluate((options) => window.recordStream(options), { seed, steps, bigAt: Math.floor(steps / 2) });
    } finally {
      await customer.close();
    }
  }

  return {
    agent,
    pageErrors,
    record,
    load: (name, recorded) => agent.evaluate(([n, r]) => window.loadStream(n, r), [name, recorded]),
    mutate: (name, seed, runs) => agent.evaluate(([n, s, r]) => window.fuzzStream(n, s, r), [name, seed, runs]),
    random: (seed, batches) => agent.evaluate(([s, b]) => window.fuzzRandom(s, b), [seed, batches]),
    verdict: () => agent.evaluate(() => window.fuzzVerdict()),
    close: () => Promise.all([context.close(), agentContext.close()]),
  };
}
