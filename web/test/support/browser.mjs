// Shared harness for browser tests: a tiny static server for the fixture pages and bundles, a headless Chromium,
// and a "wire" that carries frames from a customer page to a console page exactly as JSON strings.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pagesDir = join(web, 'test', 'fixtures', 'pages');
const distDir = join(web, 'dist');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function startFixtureServer() {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    const file = path.startsWith('/dist/') ? join(distDir, path.slice(6)) : join(pagesDir, path);
    if (!file.startsWith(pagesDir) && !file.startsWith(distDir)) return void response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A customer page capturing into an in-page outbox, and a console page mirroring what is carried over. */
export async function openSession(browser, baseUrl, pagePath, privacy = {}) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const customer = await context.newPage();
  await customer.goto(`${baseUrl}/${pagePath}`);
  await customer.addScriptTag({ path: join(distDir, 'cobrowse.js') });
  await customer.evaluate((options) => {
    window.__outbox = [];
    window.__capture = window.CoBrowse.startCapture({ ...options, send: (frame) => window.__outbox.push(JSON.stringify(frame)) });
  }, privacy);

  const agent = await context.newPage();
  await agent.goto(`${baseUrl}/console.html`);
  await agent.addScriptTag({ path: join(distDir, 'console.js') });
  await agent.evaluate(() => { window.__mirror = window.CoBrowseConsole.createMirror(document.getElementById('mirror')); });

  const wire = [];
  /** Flushes the capture and carries every pending frame to the mirror; returns the frames carried. */
  const pump = async () => {
    const frames = await customer.evaluate(() => { window.__capture.flush(); return window.__outbox.splice(0); });
    wire.push(...frames);
    await agent.evaluate((batch) => { for (const frame of batch) window.__mirror.apply(JSON.parse(frame)); }, frames);
    return frames;
  };
  return { context, customer, agent, wire, pump, close: () => context.close() };
}

/**
 * A readable outline of a document: structure, text, form state and resolved URLs. On the source side it applies
 * the masking rules as written in the product spec (independently of the capture code), so comparing it with the
 * mirror's outline checks both fidelity and masking. Privacy follows the node (docs/security/masking.md): a page that
 * takes a node out of a redacted subtree marks it `__everRedacted`, and it stays redacted (a text node is not sent).
 */
export function outline(root, { applyMasking, maskSelectors = [], redactSelectors = [] }) {
  const mask = ['[data-cobrowse-mask]', ...maskSelectors].join(',');
  const redact = ['[data-cobrowse-redact]', ...redactSelectors].join(',');
  const bullets = (s) => s.replace(/\S/g, '•');
  const sensitive = (el) => el.matches(mask) || (el.localName === 'input' && el.type === 'password') ||
    (el.getAttribute('autocomplete') ?? '').split(/\s+/).some((t) => /^(cc-|(current|new)-password$|one-time-code$)/i.test(t));
  const lines = [];
  const walk = (node, masked, depth) => {
    const pad = '  '.repeat(depth);
    if (node.nodeType === Node.TEXT_NODE) {
      if (applyMasking && node.__everRedacted) return;
      // Style sheet text differs by design (URLs made absolute); the URL test covers it.
      if (node.parentNode?.localName === 'style') return void lines.push(`${pad}<css>`);
      lines.push(`${pad}"${applyMasking && masked ? bullets(node.data) : node.data}"`);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.localName;
    if (['script', 'noscript', 'template'].includes(tag)) return;
    if (applyMasking ? node.matches(redact) || node.__everRedacted : node.hasAttribute('data-cobrowse-redacted')) {
      lines.push(`${pad}${tag} [redacted]`);
      return;
    }
    masked = masked || (applyMasking && sensitive(node));
    let line = pad + tag + (node.id ? `#${node.id}` : '') + (node.classList.length ? `.${[...node.classList].join('.')}` : '');
    if (tag === 'input' && ['checkbox', 'radio'].includes(node.type)) line += node.checked ? ' [checked]' : '';
    else if ((tag === 'input' && node.type !== 'hidden' && node.type !== 'file') || tag === 'textarea' || tag === 'select') {
      line += ` value="${applyMasking && masked ? '•'.repeat(node.value.length) : node.value}"`;
    }
    if (tag === 'option' && node.selected) line += ' [selected]';
    if (!masked && (tag === 'img' || tag === 'a') && (node.getAttribute('src') || node.getAttribute('href'))) line += ` url=${node.src ?? node.href}`;
    lines.push(line);
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child, masked, depth + 1);
    if (node.shadowRoot) {
      lines.push(`${pad}  #shadow-root`);
      for (let child = node.shadowRoot.firstChild; child; child = child.nextSibling) walk(child, masked, depth + 2);
    }
  };
  walk(root.documentElement, false, 0);
  return lines;
}

export async function sourceOutline(session, privacy = {}) {
  return session.customer.evaluate(
    ([fn, options]) => new Function(`return (${fn})`)()(document, { applyMasking: true, ...options }),
    [outline.toString(), privacy],
  );
}

export async function mirrorOutline(session) {
  // Read through the console page: the sandboxed mirror runs no scripts of its own, not even the test's.
  return session.agent.evaluate(
    ([fn]) => new Function(`return (${fn})`)()(document.getElementById('mirror').contentDocument, { applyMasking: false }),
    [outline.toString()],
  );
}

/**
 * Reads the node encoding of web/src/protocol/frames.ts (NODE ENCODING) independently of the mirror, into plain
 * objects: { id, kind: 'text'|'element'|'document'|'shadow'|'doctype', tag, attributes, details, text, children }.
 * `details` holds the space-prefixed keys (form state, redaction, namespace, CSSOM rules, media, adopted sheets).
 */
export function decodeNodes(node, id) {
  const cursor = { next: id };
  const read = (item) => {
    if (typeof item === 'string') return { id: cursor.next++, kind: 'text', text: item };
    const [head] = item;
    const nodeId = cursor.next++;
    if (head === '!') return { id: nodeId, kind: 'doctype', name: item[1], publicId: item[2], systemId: item[3] };
    const hasDetails = typeof item[1] === 'object' && item[1] !== null && !Array.isArray(item[1]);
    const all = hasDetails ? item[1] : {};
    const attributes = Object.fromEntries(Object.entries(all).filter(([key]) => !key.startsWith(' ')));
    const details = Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith(' ')));
    const children = [];
    for (const child of item.slice(hasDetails ? 2 : 1)) {
      if (typeof child === 'number') cursor.next = child;
      else children.push(read(child));
    }
    const kind = head === '#' ? 'document' : head === '#s' ? 'shadow' : 'element';
    return { id: nodeId, kind, ...(kind === 'element' && { tag: head }), attributes, details, children };
  };
  return read(node);
}

/** The decoded tree of a snapshot frame. */
export const decodeSnapshot = (frame) => decodeNodes(frame.root, frame.id);

/** Every decoded node of a tree, in pre-order (shadow roots and frame documents included). */
export function allNodes(root) {
  const nodes = [];
  const visit = (node) => { nodes.push(node); for (const child of node.children ?? []) visit(child); };
  visit(root);
  return nodes;
}

/** The id of the element whose id attribute is `attributeId` in a snapshot frame. */
export const snapshotIdOf = (frame, attributeId) => allNodes(decodeSnapshot(frame)).find((node) => node.attributes?.id === attributeId)?.id;
