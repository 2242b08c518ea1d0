// Bundles the product modules a fuzz test drives directly in a page (the sender and receiver of the transport, the
// console view and its mirror, gzip) into one IIFE exposing `window.CoBrowseFuzz`. The shipped bundles keep the
// transport internal; the test still runs exactly this source, compiled the same way (esbuild, es2020).
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const ENTRY = `
export { FrameSender } from './src/transport/sender.ts';
export { FrameReceiver } from './src/transport/receiver.ts';
export { gzipText, gunzipText } from './src/transport/compress.ts';
export { createConsole } from './src/console/view.ts';
export { deliverToView } from './src/console/join.ts';
export { startCapture } from './src/capture/index.ts';
`;

/** The IIFE source; add it to a page with page.addScriptTag({ content }). */
export async function fuzzBundle() {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: web, loader: 'ts' },
    bundle: true, write: false, format: 'iife', globalName: 'CoBrowseFuzz', target: ['es2020'], logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}
