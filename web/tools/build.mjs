// Bundles the customer snippet and the agent console with esbuild: one minified IIFE each, no runtime deps.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');

const bundles = [
  { entry: 'src/sdk/index.ts', out: 'dist/cobrowse.js', globalName: 'CoBrowse' },
  { entry: 'src/console/index.ts', out: 'dist/console.js', globalName: 'CoBrowseConsole' },
];

await Promise.all(
  bundles.map(({ entry, out, globalName }) =>
    build({
      entryPoints: [join(web, entry)],
      outfile: join(web, out),
      bundle: true,
      format: 'iife',
      globalName,
      minify: true,
      sourcemap: false,
      target: ['es2020'],
      legalComments: 'none',
      logLevel: 'warning',
    }),
  ),
);
