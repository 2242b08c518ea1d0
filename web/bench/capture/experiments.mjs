// What-if measurements for the profiling section, without touching web/src: (1) variants of OUR capture, bundled in
// memory from the current source with small textual patches (each one a proposal), and (2) the experimental compact
// encoder of compact-encoder.js. Each variant runs on fresh page loads like the main benchmark.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const here = join(web, 'bench', 'capture');

/** Each patch replaces one exact snippet of a source file; a variant whose snippet is gone is reported as such. */
export const VARIANTS = [
  { name: 'baseline', description: 'the current source, bundled like dist/cobrowse.js', patches: [] },
  {
    name: 'ids-one-map',
    description: 'NodeIds keeps "mirrored in generation N" in an array indexed by id instead of a second WeakMap: one WeakMap write per serialized node instead of two (idOf is called for every serialized node anyway)',
    patches: [
      { file: 'src/capture/node-ids.ts', find: '  private nextId = 1;', replace: '  private nextId = 1;\n  private readonly benchGeneration: (number | undefined)[] = [];' },
      { file: 'src/capture/node-ids.ts', find: '    this.mirrored.set(node, this.generation);', replace: '    this.benchGeneration[this.idOf(node)] = this.generation;' },
      { file: 'src/capture/node-ids.ts', find: '    this.mirrored.delete(node);', replace: '    const benchId = this.ids.get(node);\n    if (benchId !== undefined) this.benchGeneration[benchId] = undefined;' },
      { file: 'src/capture/node-ids.ts', find: '    return this.mirrored.has(node);', replace: '    const benchId = this.ids.get(node);\n    return benchId !== undefined && this.benchGeneration[benchId] !== undefined;' },
      { file: 'src/capture/node-ids.ts', find: '    return this.mirrored.get(node) === this.generation;', replace: '    const benchId = this.ids.get(node);\n    return benchId !== undefined && this.benchGeneration[benchId] === this.generation;' },
    ],
  },
  {
    name: 'adds-in-order',
    description: 'serializeAdds orders only the added children (compareDocumentPosition) instead of walking every child of their parent from lastChild back (10,000 children of the shop grid per flush with an add)',
    patches: [{
      file: 'src/capture/mutations.ts',
      find: '      for (let child = parent.lastChild; child; child = child.previousSibling) {\n        if (!children.has(child)) continue;',
      replace: '      const benchOrdered = [...children].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1));\n      for (const child of benchOrdered) {',
    }],
  },
  {
    name: 'selection-skip-controls',
    profileMutations: true,
    description: 'SelectionCapture ignores selectionchange events whose target is an <input> or <textarea>: Chromium fires them there (bubbling to the document) whenever a script sets a value, and reading the document selection in the next flush then forces a synchronous layout, for a document selection that did not change',
    patches: [{
      file: 'src/capture/selection.ts',
      find: '    const onChange = (): void => this.report(document);',
      replace: "    const onChange = (event: Event): void => {\n      const target = event.target as Element | null;\n      if (target?.localName === 'input' || target?.localName === 'textarea') return;\n      this.report(document);\n    };",
    }],
  },
];
VARIANTS.push({
  name: 'selection+adds',
  description: 'selection-skip-controls and adds-in-order together',
  patches: ['selection-skip-controls', 'adds-in-order'].flatMap((name) => VARIANTS.find((variant) => variant.name === name).patches),
});

export async function bundleVariant(variant, { readable = false } = {}) {
  const missing = [];
  const patchPlugin = {
    name: 'bench-patches',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /\.ts$/ }, async (args) => {
        let contents = await readFile(args.path, 'utf8');
        for (const patch of variant.patches) {
          if (!args.path.endsWith(patch.file)) continue;
          if (!contents.includes(patch.find)) missing.push(patch.file);
          contents = contents.replace(patch.find, patch.replace);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
  const output = await build({
    entryPoints: [join(web, 'src', 'sdk', 'index.ts')], bundle: true, format: 'iife', globalName: 'CoBrowse',
    minify: !readable, keepNames: readable, target: ['es2020'], write: false, logLevel: 'silent', plugins: [patchPlugin],
  });
  return { code: output.outputFiles[0].text, missing };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const gzip = (text) => gzipSync(Buffer.from(text, 'utf8'), { level: 6 }).length;

async function freshPage(browser, baseUrl, page) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ path: join(here, 'instrument.js') });
  await context.addInitScript({ path: join(here, 'customer-page.js') });
  const tab = await context.newPage();
  await tab.goto(`${baseUrl}/${page.name}.html`, { waitUntil: 'load' });
  if (page.probe.prefill.length) await tab.evaluate((entries) => window.__customer.prefill(entries), page.probe.prefill);
  return { context, tab };
}

export async function runExperiments(browser, baseUrl, pages, { runs, batches, seed, log }) {
  // BENCH_VARIANTS=a,b limits the run to the baseline and the named variants.
  const only = process.env.BENCH_VARIANTS?.split(',');
  const bundles = [];
  for (const variant of VARIANTS.filter((v) => !only || v.name === 'baseline' || only.includes(v.name))) bundles.push({ ...variant, ...(await bundleVariant(variant)) });
  const results = [];
  for (const page of pages) {
    const rows = [];
    for (const variant of bundles) {
      if (variant.missing.length) {
        rows.push({ name: variant.name, description: variant.description, missing: variant.missing });
        continue;
      }
      const snapshotMs = [];
      let mutationMs = null;
      let mutationByKind = null;
      for (let run = 0; run < runs; run++) {
        const { context, tab } = await freshPage(browser, baseUrl, page);
        try {
          await tab.addScriptTag({ content: variant.code });
          const snapshot = await tab.evaluate(() => window.__customer.startOurs({ returnSnapshot: false }));
          snapshotMs.push(snapshot.ms);
          if (run === 0 && batches > 0) {
            const mutations = await tab.evaluate((options) => window.__customer.runMutations(options), { seed, batches, newItems: page.newItems });
            mutationMs = mutations.ms;
            mutationByKind = mutations.byKind;
          }
        } finally {
          await context.close();
        }
      }
      rows.push({ name: variant.name, description: variant.description, snapshotMs: median(snapshotMs), mutationMs, mutationByKind });
      log(`experiment ${page.name} ${variant.name}: snapshot ${median(snapshotMs).toFixed(1)} ms, ${batches} batches ${mutationMs?.toFixed(1)} ms`);
    }

    const compact = {};
    for (const relativeUrls of [false, true]) {
      const times = [];
      let sample = null;
      for (let run = 0; run < runs; run++) {
        const { context, tab } = await freshPage(browser, baseUrl, page);
        try {
          await tab.addScriptTag({ path: join(here, 'compact-encoder.js') });
          const measured = await tab.evaluate((options) => window.__customer.compactSnapshot(options), { relativeUrls });
          times.push(measured.ms);
          sample ??= measured;
        } finally {
          await context.close();
        }
      }
      compact[relativeUrls ? 'relative' : 'absolute'] = {
        snapshotMs: median(times), raw: Buffer.byteLength(sample.text, 'utf8'), gzip: gzip(sample.text), nodes: sample.nodes,
      };
      log(`experiment ${page.name} compact ${relativeUrls ? 'relative' : 'absolute'}: ${median(times).toFixed(1)} ms, ${Buffer.byteLength(sample.text, 'utf8')} B`);
    }
    results.push({ page: page.name, batches, rows, compact });
  }
  return results;
}
