// Fidelity harness: a customer page and a console whose mirror iframe covers exactly the same 1024×768 viewport, so
// a screenshot of each can be compared pixel by pixel; plus waits that make both sides finish loading first.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { outline } from './browser.mjs';

const distDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
export const VIEWPORT = { width: 1024, height: 768 };

/**
 * The pixel budget. Both sides are the same Chromium rendering the same DOM and CSS at the same size, scale 1 and
 * integer origin, so a faithful mirror should match almost exactly. What is left is noise we do not want to fail
 * on: anti-aliased glyph edges (pixelmatch detects and skips those), colour shifts below pixelmatch's perceptual
 * threshold 0.1 (about 10 % of the YIQ colour distance between black and white; image resampling and gradient
 * dithering stay below it), and at most 0.5 % of the viewport (3,932 px) of anything else — about one line of
 * text wrapped differently, far less than a missing image (160×120 = 19,200 px) or a missing font (every glyph).
 * Measured on the fixture pages: 0 differing pixels on every page. Headless Chromium draws no scrollbars on either
 * side, so both viewports keep their full width; the mirror's own overlays (the focus outline) are kept out of the
 * pictures by the tests rather than paid for from this budget.
 */
export const PIXEL_THRESHOLD = 0.1;
export const MAX_DIFFERING_RATIO = 0.005;

/** A customer page capturing into an outbox, and the fidelity console mirroring what is carried over. */
export async function openFidelitySession(browser, baseUrl, pagePath, privacy = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const customer = await context.newPage();
  await customer.goto(`${baseUrl}/${pagePath}`);
  await customer.addScriptTag({ path: join(distDir, 'cobrowse.js') });
  await customer.evaluate((options) => {
    window.__outbox = [];
    window.__capture = window.CoBrowse.startCapture({ ...options, send: (frame) => window.__outbox.push(JSON.stringify(frame)) });
  }, privacy);

  const agent = await context.newPage();
  await agent.goto(`${baseUrl}/fid-console.html`);
  await agent.addScriptTag({ path: join(distDir, 'console.js') });
  await agent.evaluate(() => { window.__mirror = window.CoBrowseConsole.createMirror(document.getElementById('mirror')); });

  const deliver = (frames) => agent.evaluate((batch) => { for (const frame of batch) window.__mirror.apply(JSON.parse(frame)); }, frames);
  /** Flushes the capture and carries every pending frame to the mirror. */
  const pump = async () => {
    const frames = await customer.evaluate(() => { window.__capture.flush(); return window.__outbox.splice(0); });
    await deliver(frames);
    return frames;
  };
  /**
   * Like pump, but also outlines the masked source in the same task as the flush: on a page whose timers keep
   * changing it, this is the one moment the frames describe, so the mirror must equal exactly this outline.
   */
  const pumpAtMoment = async (privacyOptions = privacy) => {
    const { frames, source } = await customer.evaluate(([fn, options]) => {
      window.__capture.flush();
      const lines = new Function(`return (${fn})`)()(document, { applyMasking: true, ...options });
      return { frames: window.__outbox.splice(0), source: lines };
    }, [outline.toString(), privacyOptions]);
    await deliver(frames);
    return source;
  };
  return { context, customer, agent, pump, pumpAtMoment, close: () => context.close() };
}

/**
 * Waits until a document has its fonts and images: runs in the customer page on its own document, and in the
 * console page on the mirror's document (the mirror runs no scripts, but its same-origin parent can read it).
 */
function waitForResources(doc) {
  const roots = [doc];
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i].querySelectorAll('*')) {
      if (element.shadowRoot) roots.push(element.shadowRoot);
      if (element.localName === 'iframe' && element.contentDocument) roots.push(element.contentDocument);
    }
  }
  const images = roots.flatMap((root) => [...root.querySelectorAll('img')]);
  const documents = roots.filter((root) => root.nodeType === 9);
  void doc.body?.offsetHeight; // lay out first, so the fonts the page uses are requested
  const loaded = (img) => img.complete ? Promise.resolve() : new Promise((resolve) => {
    img.addEventListener('load', resolve, { once: true });
    img.addEventListener('error', resolve, { once: true });
  });
  return Promise.all([...images.map(loaded), ...documents.map((d) => d.fonts.ready)]).then(() => images.filter((img) => img.naturalWidth === 0).length);
}

export async function waitForBothSides(session) {
  const brokenSource = await session.customer.evaluate(`(${waitForResources})(document)`);
  const brokenMirror = await session.agent.evaluate(`(${waitForResources})(document.getElementById('mirror').contentDocument)`);
  return { brokenSource, brokenMirror };
}

const SCREENSHOT = { animations: 'disabled', caret: 'hide', type: 'png' };

/** Screenshots until two in a row agree, so a late CSS background image or font swap is not caught half-way. */
async function stableScreenshot(page) {
  let previous = await page.screenshot(SCREENSHOT);
  for (let attempt = 0; attempt < 8; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 60));
    const next = await page.screenshot(SCREENSHOT);
    if (next.equals(previous)) return next;
    previous = next;
  }
  return previous;
}

/**
 * Compares the customer's viewport with the mirror. `exclude` lists viewport rectangles (e.g. masked fields, whose
 * pixels differ on purpose) painted the same colour on both images before comparing.
 * Returns the counts and, when over budget, the folder holding customer.png, mirror.png and diff.png (excluded
 * rectangles show magenta). FIDELITY_KEEP_SCREENSHOTS=1 keeps them for every comparison, to look at by eye.
 */
export async function compareViewports(session, { exclude = [], label = 'page', saveWhenOver = true } = {}) {
  await waitForBothSides(session);
  // The console page is screenshotted whole: its viewport is exactly the mirror iframe.
  const [sourceShot, mirrorShot] = [await stableScreenshot(session.customer), await stableScreenshot(session.agent)];
  const source = PNG.sync.read(sourceShot);
  const mirror = PNG.sync.read(mirrorShot);
  const { width, height } = source;
  if (mirror.width !== width || mirror.height !== height) throw new Error(`screenshot sizes differ: ${width}×${height} vs ${mirror.width}×${mirror.height}`);
  for (const rect of exclude) {
    paint(source, rect);
    paint(mirror, rect);
  }
  const diff = new PNG({ width, height });
  const differing = pixelmatch(source.data, mirror.data, diff.data, width, height, { threshold: PIXEL_THRESHOLD });
  const ratio = differing / (width * height);
  const result = { differing, ratio, total: width * height, dir: null };
  if ((ratio > MAX_DIFFERING_RATIO && saveWhenOver) || process.env.FIDELITY_KEEP_SCREENSHOTS) {
    result.dir = await mkdtemp(join(tmpdir(), `cobrowse-fidelity-${label}-`));
    await writeFile(join(result.dir, 'customer.png'), PNG.sync.write(source));
    await writeFile(join(result.dir, 'mirror.png'), PNG.sync.write(mirror));
    await writeFile(join(result.dir, 'diff.png'), PNG.sync.write(diff));
  }
  return result;
}

export function describeDifference(result) {
  const where = result.dir ? `; screenshots and diff in ${result.dir}` : '';
  return `${result.differing} of ${result.total} pixels differ (${(result.ratio * 100).toFixed(3)} %, budget ${MAX_DIFFERING_RATIO * 100} %)${where}`;
}

function paint(png, { x, y, width, height }) {
  const left = Math.max(0, Math.floor(x));
  const top = Math.max(0, Math.floor(y));
  const right = Math.min(png.width, Math.ceil(x + width));
  const bottom = Math.min(png.height, Math.ceil(y + height));
  for (let row = top; row < bottom; row++) {
    for (let column = left; column < right; column++) {
      png.data.set([255, 0, 255, 255], (row * png.width + column) * 4);
    }
  }
}

/** Viewport rectangles of the elements matching `selector`, on the customer's page and in the mirror. */
export async function rectsOnBothSides(session, selector) {
  const read = (doc, css) => [...doc.querySelectorAll(css)].map((element) => {
    const { x, y, width, height } = element.getBoundingClientRect();
    return { x, y, width, height };
  });
  const source = await session.customer.evaluate(`(${read})(document, ${JSON.stringify(selector)})`);
  const mirror = await session.agent.evaluate(`(${read})(document.getElementById('mirror').contentDocument, ${JSON.stringify(selector)})`);
  return { source, mirror };
}

/**
 * Outlines of a same-origin iframe's document: the customer's, masked by the spec's rules, and the mirror's. The
 * iframe is found by a selector in the top document on both sides.
 */
export async function frameOutlines(session, frameSelector, privacy = {}) {
  const run = ([fn, selector, options, mirrorSide]) => {
    const top = mirrorSide ? document.getElementById('mirror').contentDocument : document;
    const doc = top.querySelector(selector)?.contentDocument;
    return doc?.documentElement ? new Function(`return (${fn})`)()(doc, options) : null;
  };
  const source = await session.customer.evaluate(run, [outline.toString(), frameSelector, { applyMasking: true, ...privacy }, false]);
  const mirror = await session.agent.evaluate(run, [outline.toString(), frameSelector, { applyMasking: false }, true]);
  return { source, mirror };
}
