// Prints the bundles' minified and gzip sizes and fails when the customer snippet outgrows its budget
// (DESIGN.md section 8: cobrowse.js ≤ 40 KB gzip, transport included). Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const BUDGET_GZIP_BYTES = { 'cobrowse.js': 40 * 1024 };
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

let overBudget = false;
for (const name of ['cobrowse.js', 'console.js']) {
  const code = readFileSync(join(dist, name));
  const gzip = gzipSync(code, { level: 9 }).byteLength;
  const budget = BUDGET_GZIP_BYTES[name];
  const verdict = budget === undefined ? '' : gzip <= budget ? ` (budget ${kb(budget)}: ok)` : ` (budget ${kb(budget)}: OVER by ${kb(gzip - budget)})`;
  console.log(`${name}: ${kb(code.byteLength)} minified, ${kb(gzip)} gzip${verdict}`);
  overBudget ||= budget !== undefined && gzip > budget;
}
process.exitCode = overBudget ? 1 : 0;
