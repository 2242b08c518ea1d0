// Shared harness of the customer SDK tests (sdk-*.test.mjs): one real local stack, one Chromium, a test tenant, a
// "site" server that serves the fixture pages and passes everything else (/api, /static) through to the stack, so the
// SDK's script and API calls are the site's own origin, as with the local demo (the tenant's origin check is the
// real one); agents driven from Node through the console's own agent link; and a view into the SDK's closed shadow
// root through the DevTools protocol (page scripts cannot reach it, by design).
import { readFile, rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchChromium } from './support/browser.mjs';
import { startLocalStack } from '../tools/local-stack-process.mjs';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');

// The Web PubSub client's keep-alive loops sleep up to 40 s with timers that stopping the client does not cancel, and a
// closing WebSocket waits 30 s for its peer: long background timers must not keep a finished test process alive.
const setTimeoutOfNode = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutUnrefWhenLong(callback, ms, ...rest) {
  const timer = setTimeoutOfNode(callback, ms, ...rest);
  if (ms >= 15_000) timer.unref?.();
  return timer;
};
const pagesDir = join(web, 'test', 'fixtures', 'pages');
export const ADMIN_KEY = 'local-admin-key-for-development-only-0000';
export const FIXTURE_PREFIX = '/sdk-fixture/';

/** The console's agent link (src/console/link.ts), bundled for Node: the real agent side, without a browser page. */
async function loadAgentLink() {
  const outfile = join(web, 'node_modules', '.cache', `sdk-agent-link-${process.pid}.mjs`);
  await build({
    stdin: { contents: "export { connectAgent } from './src/console/link.ts';", resolveDir: web, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'node', outfile, external: ['@azure/web-pubsub-client'], logLevel: 'silent',
  });
  try {
    return await import(outfile);
  } finally {
    await rm(outfile, { force: true });
  }
}

export async function startWorld({ tenant: tenantSettings = {} } = {}) {
  // One trusted proxy hop: each customer context gets its own client address (X-Forwarded-For set by a route below),
  // as real customers have, so the per-address key limit is exercised on purpose only.
  const [stack, browser, agentLink] = await Promise.all([
    startLocalStack({ env: { CoBrowse__Http__TrustedProxyHops: '1' } }),
    launchChromium(),
    loadAgentLink(),
  ]);
  const api = async (path, { method = 'POST', token, body, headers = {} } = {}) => {
    const response = await fetch(`${stack.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    if (!response.ok) {
      const error = new Error(`${method} ${path}: ${response.status} ${text}`);
      error.status = response.status;
      throw error;
    }
    return text ? JSON.parse(text) : undefined;
  };
  let siteKey = '';
  const site = await startSite(stack.url, () => siteKey);
  const tenant = await api('/admin/tenants', {
    headers: { 'x-cobrowse-admin-key': ADMIN_KEY },
    body: { tenantId: `sdk-${process.pid}-${Date.now()}`, name: 'SDK tests', allowedOrigins: [site.url], ...tenantSettings },
  });
  siteKey = tenant.siteKey;
  const agentToken = async (agentId = 'alice') => (await api('/agent-tokens', { token: tenant.apiKey, body: { agentId } })).token;
  const contexts = new Set();
  const agents = new Set();
  let addressCount = 0;

  /** A customer tab at the stack's origin; `language` sets the fixture's data-lang. */
  const openCustomer = async (path = 'sdk-page.html', { language = 'en', viewport = { width: 1000, height: 700 } } = {}) => {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    contexts.add(context);
    addressCount += 1;
    const address = `10.1.${Math.floor(addressCount / 250)}.${addressCount % 250 + 1}`;
    await context.route(`${site.url}/api/v1/**`, (route) =>
      route.continue({ headers: { ...route.request().headers(), 'x-forwarded-for': address } }));
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('customer page error:', error.message));
    await page.goto(`${site.url}${FIXTURE_PREFIX}${path}${language === 'en' ? '' : `?lang=${language}`}`);
    return { context, page, cdp: await context.newCDPSession(page), address };
  };

  /** The agent's side of a session in Node: the console's link, every frame and state it receives, and sendControl. */
  const connectAgent = async (sessionId, token) => {
    const agent = { frames: [], snapshots: [], refusals: [], states: [], statuses: [] };
    agent.link = await agentLink.connectAgent({
      negotiate: () => api(`/sessions/${sessionId}/realtime/negotiate`, { token }),
      readState: () => api(`/sessions/${sessionId}`, { method: 'GET', token }),
      onFrame: (frame) => {
        agent.frames.push(frame);
        if (frame.t === 'snapshot') agent.snapshots.push(frame);
        if (frame.t === 'control-refused') agent.refusals.push(frame);
      },
      onState: (state) => agent.states.push(state),
      onStatus: (status) => agent.statuses.push(status),
    });
    agents.add(agent.link);
    return agent;
  };

  return {
    stack, site, browser, tenant, api, agentToken, openCustomer, connectAgent,
    async close() {
      await Promise.all([...agents].map((link) => link.close().catch(() => undefined)));
      await Promise.all([...contexts].map((context) => context.close().catch(() => undefined)));
      await browser.close().catch(() => undefined);
      await site.close();
      await stack.stop();
    },
  };
}

/** The site: fixture pages (with the tenant's site key and the page's language filled in), the rest from the stack. */
async function startSite(stackUrl, siteKey) {
  const upstream = new URL(stackUrl);
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, 'http://site');
    if (url.pathname.startsWith(FIXTURE_PREFIX)) {
      const name = url.pathname.slice(FIXTURE_PREFIX.length);
      if (!/^sdk-[\w-]+\.html$/.test(name)) return void response.writeHead(404).end();
      const html = (await readFile(join(pagesDir, name), 'utf8'))
        .replaceAll('__SITE_KEY__', siteKey())
        .replaceAll('__LANG__', url.searchParams.get('lang') ?? 'en');
      return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    }
    // Headers as they came (Host and Origin included: the API judges the site's origin, not the proxy's).
    const forward = httpRequest({ hostname: upstream.hostname, port: upstream.port, path: request.url, method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forward.on('error', () => response.destroy());
    request.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** Resolves once `check()` returns a truthy value (which it returns); fails with `what` after the timeout. */
export async function waitFor(what, check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The SDK's UI as the customer sees it, read through the DevTools protocol (which pierces closed shadow roots): every
 * element under the `cobrowse-ui` host with its attributes, its text and its backend node id (to click it).
 */
export async function readUi(cdp) {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const hosts = [];
  const findHosts = (node) => {
    if (node.localName === 'cobrowse-ui') hosts.push(node);
    for (const child of node.children ?? []) findHosts(child);
  };
  findHosts(root);
  const elements = [];
  const textOf = (node) => node.nodeType === 3 ? node.nodeValue : (node.children ?? []).map(textOf).join('');
  const walk = (node) => {
    if (node.nodeType === 1) {
      const attributes = {};
      for (let i = 0; i < (node.attributes ?? []).length; i += 2) attributes[node.attributes[i]] = node.attributes[i + 1];
      elements.push({ tag: node.localName, attributes, classes: (attributes.class ?? '').split(/\s+/), text: textOf(node), backendNodeId: node.backendNodeId });
    }
    for (const child of node.children ?? []) walk(child);
    for (const shadow of node.shadowRoots ?? []) {
      if (node.localName === 'cobrowse-ui') elements.push({ tag: '#shadow-root', mode: shadow.shadowRootType, attributes: {}, classes: [], text: '' });
      walk(shadow);
    }
  };
  for (const host of hosts) walk(host);
  return { hosts: hosts.length, elements, find: (cls) => elements.find((element) => element.classes.includes(cls)) };
}

/** Clicks a UI element (found by readUi) with the real mouse, at its center. */
export async function clickUi(page, cdp, element) {
  const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: element.backendNodeId });
  const [x1, y1, , , x3, y3] = model.border;
  await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
}

/** Event listeners the page holds on window and document (DOMDebugger through the DevTools protocol). */
export async function listenerCounts(cdp) {
  const count = async (expression) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
    return listeners.map((l) => `${l.type}${l.useCapture ? ':capture' : ''}`).sort();
  };
  return { window: await count('window'), document: await count('document') };
}
