// Bundles the customer snippet and the agent console with esbuild: one minified IIFE each, no runtime deps.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');

const bundles = [
  { entry: 'src/sdk/index.ts', out: 'dist/cobrowse.js', globalName: 'CoBrowse' },
  { entry: 'src/console/index.ts', out: 'dist/console.js', globalName: 'CoBrowseConsole' },
  // The agent console application (session list, keys, offers, join, control) served at /console.
  { entry: 'src/agent-app/index.ts', out: 'dist/agent-app.js', globalName: 'CoBrowseAgentApp' },
  // The demo site's reference messenger / chat widget (not part of the product).
  { entry: 'demo/messenger/index.ts', out: 'dist/messenger.js', globalName: 'DemoMessenger' },
];

// The app and demo entries are optional while they are being written; the two product bundles are not.
const missing = bundles.filter(({ entry }) => !existsSync(join(web, entry)));
for (const { entry } of missing) {
  if (entry.startsWith('src/sdk/') || entry.startsWith('src/console/')) throw new Error(`build: ${entry} is missing`);
  console.warn(`build: skipping ${entry} (not written yet)`);
}

await Promise.all(
  bundles.filter((b) => !missing.includes(b)).map(({ entry, out, globalName }) =>
    build({
      entryPoints: [join(web, entry)],
      outfile: join(web, out),
      bundle: true,
      format: 'iife',
      globalName,
      minify: true,
      sourcemap: false,
      // ES2022 (Safari 15.4+, Chrome 94+, Firefox 93+): class fields and logical assignment ship as written, not down-levelled.
      target: ['es2022'],
      legalComments: 'none',
      logLevel: 'warning',
    }),
  ),
);
