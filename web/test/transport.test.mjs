// Customer ⇄ agent through the real local stack (HTTP API, negotiate, Web PubSub-compatible relay): the share() SDK
// entry point on a customer page, connectAgent() feeding a mirror on an agent page, each in its own browser context.
// Covers fidelity over the wire, chunked compressed snapshots, late joiners, dropped connections, the relay's group
// permissions and corrupted chunks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { randomBytes } from 'node:crypto';
import { build } from 'esbuild';
import { WebPubSubClient } from '@azure/web-pubsub-client';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { launchChromium, mirrorOutline, outline, sourceOutline, startFixtureServer } from './support/browser.mjs';
import { startLocalStack } from '../tools/local-stack-process.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const ADMIN_KEY = 'local-admin-key-for-development-only-0000'; // the local stack's development admin key
const ONE_MB = 1024 * 1024;

let stack;
let server;
let browser;
let tenant;
let service;
const contexts = new Set();

before(async () => {
  // One trusted proxy hop lets each test's customer come from its own address (X-Forwarded-For), as real customers
  // do, instead of all sharing one address's key redemption limit.
  const env = { CoBrowse__Http__TrustedProxyHops: '1' };
  [stack, server, browser] = await Promise.all([startLocalStack({ env }), startFixtureServer(), launchChromium()]);
  tenant = await api('/admin/tenants', { headers: { 'x-cobrowse-admin-key': ADMIN_KEY }, body: { tenantId: `transport-${Date.now()}`, allowedOrigins: [stack.url] } });
}, { timeout: 150_000 });

after(async () => {
  await Promise.all([...contexts].map((context) => context.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
  await stack?.stop();
});

async function api(path, { token, body, headers = {} } = {}) {
  const response = await fetch(`${stack.url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

let sessionCount = 0;
/** A real session: agent tokens, a security key redeemed by the customer, and a negotiate call per side. */
async function newSession() {
  sessionCount += 1;
  const agentToken = async (agentId) => (await api('/agent-tokens', { token: tenant.apiKey, body: { agentId } })).token;
  const agents = [await agentToken('agent-1'), await agentToken('agent-2')];
  const key = await api(`/interactions/call-${Date.now()}-${sessionCount}/security-keys`, { token: agents[0] });
  const joined = await api('/security-keys/redeem', { headers: { origin: stack.url, 'x-forwarded-for': `10.0.0.${sessionCount}` }, body: { siteKey: tenant.siteKey, key: key.key } });
  const negotiate = (token) => () => api(`/sessions/${key.sessionId}/realtime/negotiate`, { token });
  const groups = (await negotiate(agents[0])()).groups;
  return { id: key.sessionId, tokens: { customer: joined.customerToken, agents }, groups, customer: negotiate(joined.customerToken), agents: agents.map(negotiate) };
}

async function newPage(negotiate) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  contexts.add(context);
  const page = await context.newPage();
  await page.exposeFunction('__negotiate', negotiate);
  return { context, page };
}

/** A customer page sharing itself; `prepare` runs in the page before the SDK starts. */
async function openCustomer(session, { path = 'shop.html', prepare, prepareArg, beforeShare } = {}) {
  const { context, page } = await newPage(session.customer);
  await beforeShare?.(page);
  await page.goto(`${server.url}/${path}`);
  if (prepare) await page.evaluate(prepare, prepareArg);
  await page.addScriptTag({ path: join(dist, 'cobrowse.js') });
  await page.evaluate(async () => {
    window.__statuses = [];
    window.__guides = [];
    window.__controls = [];
    window.__share = await window.CoBrowse.share({
      negotiate: () => window.__negotiate(),
      onStatus: (s) => window.__statuses.push(s),
      onGuide: (frame) => window.__guides.push(frame),
      onControl: (frame) => window.__controls.push(frame),
    });
  });
  return { context, page };
}

/** An agent console page: connectAgent() feeding a mirror iframe. */
async function openAgent(negotiate) {
  const { context, page } = await newPage(negotiate);
  await page.goto(`${server.url}/console.html`);
  await page.addScriptTag({ path: join(dist, 'console.js') });
  await page.evaluate(async () => {
    window.__statuses = [];
    window.__snapshots = 0;
    window.__customerFrames = [];
    const mirror = window.CoBrowseConsole.createMirror(document.getElementById('mirror'));
    window.__link = await window.CoBrowseConsole.connectAgent({
      negotiate: () => window.__negotiate(),
      onFrame: (frame) => {
        if (frame.t === 'snapshot') window.__snapshots += 1;
        if (frame.t === 'annotations-cleared') window.__customerFrames.push(frame);
        mirror.apply(frame);
      },
      onStatus: (s) => window.__statuses.push(s),
    });
  });
  return { context, page };
}

/** An agent console built by join(): the console view (its own mirror iframe) wired to connectAgent(). */
async function openJoinedAgent(negotiate) {
  const { context, page } = await newPage(negotiate);
  await page.goto(`${server.url}/console.html`);
  await page.addScriptTag({ path: join(dist, 'console.js') });
  await page.evaluate(async () => {
    window.__statuses = [];
    const container = document.createElement('div');
    document.body.append(container);
    window.__joined = await window.CoBrowseConsole.join({ negotiate: () => window.__negotiate(), container, onStatus: (s) => window.__statuses.push(s) });
    window.__link = window.__joined.link;
  });
  const readMirror = () => page.evaluate(
    ([fn]) => new Function(`return (${fn})`)()(window.__joined.view.mirror.document, { applyMasking: false }),
    [outline.toString()],
  );
  return { context, page, readMirror };
}

/** Waits until the agent's mirror equals the customer's masked page; fails with the difference. */
async function mirrorMatches(customer, agent, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [mirror, source] = await Promise.all([
      agent.readMirror?.() ?? mirrorOutline({ agent: agent.page }),
      sourceOutline({ customer: customer.page }),
    ]);
    if (mirror.length > 1 && isDeepStrictEqual(mirror, source)) return mirror;
    if (Date.now() > deadline) assert.deepEqual(mirror, source, 'the mirror did not catch up with the page');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitFor(page, predicate, arg, timeoutMs = 15_000) {
  await page.waitForFunction(predicate, arg, { timeout: timeoutMs, polling: 50 });
}

async function close(...parties) {
  await Promise.all(parties.map(async ({ context, page }) => {
    await page.evaluate(() => window.__share?.stop() ?? window.__joined?.leave() ?? window.__link?.close()).catch(() => undefined);
    await context.close();
    contexts.delete(context);
  }));
}

/** Fills the page with product cards (a page whose snapshot is far larger than one message). */
function manyCards(count) {
  const main = document.querySelector('main');
  const template = document.getElementById('p1');
  for (let i = 0; i < count; i += 1) {
    const card = template.cloneNode(true);
    card.id = `card-${i}`;
    card.querySelector('h2').textContent = `Product ${i} with a longer name`;
    card.querySelector('.price').textContent = `€ ${(i % 97) + 0.99}`;
    // A reference per card that gzip cannot fold away: the compact snapshot of repeated cards is otherwise one chunk.
    card.dataset.ref = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
    main.append(card);
  }
}

function serviceFor(negotiated) {
  service ??= new WebPubSubServiceClient(stack.connectionString, negotiated.hub, { allowInsecureConnection: true });
  return service;
}

describe('transport over the local stack', () => {
  test('a shared page reaches the agent masked and in step, and guidance reaches the customer', async () => {
    const session = await newSession();
    const agent = await openAgent(session.agents[0]);
    const customer = await openCustomer(session);
    try {
      const mirror = await mirrorMatches(customer, agent);
      assert.ok(mirror.some((line) => line.includes('"•••••••••"')), 'the masked loyalty number arrives masked');
      await waitFor(agent.page, () => window.__statuses.at(-1) === 'live');

      await customer.page.evaluate(() => {
        document.getElementById('count').textContent = '3';
        document.getElementById('p2').remove();
        document.querySelector('main').insertAdjacentHTML('beforeend', '<article class="card" id="p9"><h2>Cap</h2></article>');
      });
      await mirrorMatches(customer, agent);

      const before = await agent.page.evaluate(() => window.__snapshots);
      await agent.page.evaluate(() => {
        window.__link.sendGuide({ v: 1, t: 'pointer', x: 10, y: 20 });
        window.__link.resync();
      });
      await waitFor(agent.page, (n) => window.__snapshots > n, before);
      await waitFor(customer.page, () => window.__guides.length > 0);
      assert.deepEqual(await customer.page.evaluate(() => window.__guides), [{ v: 1, t: 'pointer', x: 10, y: 20 }],
        'the guide frame reached the customer, and the resync request was not handed on as guidance');
      await mirrorMatches(customer, agent);

      // The customer's own answers travel in the page's stream, in order with its frames.
      await customer.page.evaluate(() => window.__share.send({ v: 1, t: 'annotations-cleared' }));
      await waitFor(agent.page, () => window.__customerFrames.length > 0);
      assert.deepEqual(await agent.page.evaluate(() => window.__customerFrames), [{ v: 1, t: 'annotations-cleared' }]);
    } finally {
      await close(customer, agent);
    }
  });

  test('a big page arrives as compressed chunks, every message under 1 MB, and the mirror is complete', async () => {
    const session = await newSession();
    const agent = await openAgent(session.agents[0]);
    const sent = [];
    const customer = await openCustomer(session, {
      prepare: manyCards,
      prepareArg: 3000,
      beforeShare: (page) => page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => sent.push(payload))),
    });
    try {
      const mirror = await mirrorMatches(customer, agent, 30_000);
      assert.ok(mirror.filter((line) => /^\s*article#card-\d+\.card$/.test(line)).length === 3000, 'all 3,000 cards arrived');
      const sizes = sent.map((payload) => (typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length));
      assert.ok(Math.max(...sizes) < ONE_MB, `largest WebSocket message ${Math.max(...sizes)} bytes`);
      const chunks = sent.map((payload) => JSON.parse(payload)).filter((m) => m.type === 'sendToGroup' && m.dataType === 'binary');
      assert.ok(chunks.length >= 2, `the snapshot was split (${chunks.length} chunk(s))`);
      const bytes = chunks.map((m) => Buffer.from(m.data, 'base64'));
      assert.ok(bytes.every((b) => b.length <= 64 * 1024 + 14), 'each chunk carries at most 64 KB');
      assert.deepEqual([...bytes[0].subarray(14, 16)], [0x1f, 0x8b], 'the chunk payload is gzip');
      const snapshotChars = (await customer.page.evaluate(() => document.documentElement.outerHTML.length));
      // The first compressed batch (the snapshot): its chunks are numbered 0..count-1 in the chunk header.
      const count = bytes[0].readUInt16LE(12);
      const wireBytes = bytes.slice(0, count).reduce((sum, b) => sum + b.length, 0);
      assert.ok(wireBytes < snapshotChars / 4, `compressed ${wireBytes} bytes for a ${snapshotChars}-character page`);
    } finally {
      await close(customer, agent);
    }
  });

  test('a second agent joining later (with join(): the console view) gets its own snapshot; both stay in step', async () => {
    const session = await newSession();
    const first = await openAgent(session.agents[0]);
    const customer = await openCustomer(session);
    try {
      await mirrorMatches(customer, first);
      await customer.page.evaluate(() => { document.getElementById('count').textContent = '7'; });
      const second = await openJoinedAgent(session.agents[1]);
      try {
        await mirrorMatches(customer, second);
        await customer.page.evaluate(() => { document.querySelector('h2').textContent = 'Big mug'; });
        await Promise.all([mirrorMatches(customer, first), mirrorMatches(customer, second)]);
        // The view's guidance goes out through the same link.
        await second.page.evaluate(() => window.__joined.view.clearAnnotations());
        await waitFor(customer.page, () => window.__guides.some((frame) => frame.t === 'annotations-clear'));
      } finally {
        await close(second);
      }
    } finally {
      await close(customer, first);
    }
  });

  test('when the relay drops the agent, it reconnects and resynchronizes, including changes made meanwhile', async () => {
    const session = await newSession();
    // Access URLs that say they have expired: every new connection must negotiate again.
    let negotiations = 0;
    const agent = await openAgent(async () => {
      negotiations += 1;
      return { ...(await session.agents[0]()), expiresAt: new Date().toISOString() };
    });
    const customer = await openCustomer(session);
    try {
      await mirrorMatches(customer, agent);
      const negotiatedBefore = negotiations;
      const negotiated = await session.agents[0]();
      // Closed by the service, the connection cannot be recovered: the client makes a new one.
      await serviceFor(negotiated).group(session.groups.view).closeAllConnections({ reason: 'test' });
      await waitFor(agent.page, () => window.__statuses.includes('disconnected'));
      await customer.page.evaluate(() => {
        document.getElementById('count').textContent = '42';
        document.getElementById('p1').querySelector('h2').textContent = 'Changed while the agent was away';
      });
      await mirrorMatches(customer, agent);
      await waitFor(agent.page, () => window.__statuses.at(-1) === 'live');
      assert.deepEqual(await agent.page.evaluate(() => window.__statuses.slice(-3)), ['disconnected', 'syncing', 'live']);
      assert.ok(negotiations > negotiatedBefore, 'the expired access URL was negotiated again for the new connection');
    } finally {
      await close(customer, agent);
    }
  });

  test('when the relay drops the customer, it reconnects and re-snapshots, including changes made meanwhile', async () => {
    const session = await newSession();
    const agent = await openAgent(session.agents[0]);
    const customer = await openCustomer(session);
    try {
      await mirrorMatches(customer, agent);
      const snapshots = await agent.page.evaluate(() => window.__snapshots);
      const negotiated = await session.customer();
      await serviceFor(negotiated).group(session.groups.guide).closeAllConnections({ reason: 'test' });
      await waitFor(customer.page, () => window.__statuses.includes('disconnected'));
      await customer.page.evaluate(() => {
        document.getElementById('p3').remove();
        document.getElementById('count').textContent = '5';
      });
      await mirrorMatches(customer, agent);
      assert.ok(await agent.page.evaluate(() => window.__snapshots) > snapshots, 'a new snapshot was sent');
      assert.equal(await customer.page.evaluate(() => window.__statuses.at(-1)), 'sharing');
    } finally {
      await close(customer, agent);
    }
  });

  test('an agent cannot send to the view group; the forged frame never reaches a mirror', async () => {
    const session = await newSession();
    const agent = await openAgent(session.agents[0]);
    const customer = await openCustomer(session);
    const forger = new WebPubSubClient({ getClientAccessUrl: async () => (await session.agents[1]()).url }, {
      messageRetryOptions: { maxRetries: 0 },
      // No keep-alive timers: they would outlive stop() and hold this test process open for half a minute.
      keepAliveIntervalInMs: 0,
      keepAliveTimeoutInMs: 0,
    });
    try {
      await mirrorMatches(customer, agent);
      await forger.start();
      const forged = {
        v: 1, t: 'batch', link: 7, seq: 0,
        frames: [{ v: 1, t: 'snapshot', url: 'http://forged.invalid/', viewport: { width: 10, height: 10, devicePixelRatio: 1 }, scroll: [],
          id: 1, root: ['#', ['html', ['body', 'FORGED']]] }],
      };
      await assert.rejects(forger.sendToGroup(session.groups.view, forged, 'json'), 'the relay refuses the send');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const mirror = await mirrorMatches(customer, agent);
      assert.ok(!mirror.some((line) => line.includes('FORGED')));
    } finally {
      forger.stop();
      await close(customer, agent);
    }
  });

  test('control frames pass only while the customer has granted control', async () => {
    const session = await newSession();
    const agent = await openAgent(session.agents[0]);
    const customer = await openCustomer(session);
    try {
      await mirrorMatches(customer, agent);
      const sendClick = () => agent.page.evaluate(() => window.__link.sendControl({ v: 1, t: 'click', id: 5 }).then(() => 'sent', () => 'refused'));
      assert.equal(await sendClick(), 'refused', 'read-only: the relay refuses the ctl group');

      await api(`/sessions/${session.id}/control-requests`, { token: session.tokens.agents[0] });
      await api(`/sessions/${session.id}/control-requests/approve`, { token: session.tokens.customer });
      const deadline = Date.now() + 10_000;
      while ((await sendClick()) !== 'sent') {
        assert.ok(Date.now() < deadline, 'the grant reached the relay');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await waitFor(customer.page, () => window.__controls.length > 0);
      assert.deepEqual(await customer.page.evaluate(() => window.__controls[0]), { v: 1, t: 'click', id: 5 });
      assert.deepEqual(await customer.page.evaluate(() => window.__guides), [], 'control frames are not guidance');
    } finally {
      await close(customer, agent);
    }
  });

  test('a garbled chunk makes the agent ask for a new snapshot instead of breaking the mirror', async () => {
    const session = await newSession();
    const agent = await openAgent(session.agents[0]);
    const requests = [];
    let garbled = 0;
    const customer = await openCustomer(session, {
      prepare: manyCards,
      prepareArg: 400,
      // Sits between the customer page and the relay: flips bytes inside the first chunk's compressed payload.
      beforeShare: (page) => page.routeWebSocket(/./, (ws) => {
        const relay = ws.connectToServer();
        ws.onMessage((message) => {
          const parsed = JSON.parse(message);
          if (garbled === 0 && parsed.type === 'sendToGroup' && parsed.dataType === 'binary') {
            garbled += 1;
            const bytes = Buffer.from(parsed.data, 'base64');
            for (let i = 40; i < bytes.length - 8; i += 97) bytes[i] ^= 0x5a;
            parsed.data = bytes.toString('base64');
            return relay.send(JSON.stringify(parsed));
          }
          relay.send(message);
        });
        relay.onMessage((message) => {
          const parsed = JSON.parse(message);
          if (parsed.type === 'message' && parsed.data?.t === 'resync') requests.push(parsed.data.reason);
          ws.send(message);
        });
      }),
    });
    try {
      await mirrorMatches(customer, agent, 20_000);
      assert.equal(garbled, 1, 'a chunk was garbled on its way');
      assert.ok(requests.includes('corrupt'), `the agent asked again because of the chunk (requests: ${requests.join(', ')})`);
      await customer.page.evaluate(() => { document.getElementById('card-3').remove(); });
      await mirrorMatches(customer, agent);
    } finally {
      await close(customer, agent);
    }
  });
});

/** The transport's sender and receiver modules, bundled for Node (no browser, no network). */
async function loadTransport() {
  const source = `export { FrameSender } from './src/transport/sender.ts'; export { FrameReceiver } from './src/transport/receiver.ts';`;
  const out = await build({ stdin: { contents: source, resolveDir: join(dist, '..'), loader: 'ts' }, bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent' });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

describe('sender and receiver without a network', () => {
  let transport;
  before(async () => { transport = await loadTransport(); });

  const snapshot = (text) => ({ v: 1, t: 'snapshot', url: 'http://x/', viewport: { width: 1, height: 1, devicePixelRatio: 1 }, scroll: [],
    id: 1, root: ['#', text] });
  const input = (value) => ({ v: 1, t: 'input', id: 2, state: { value } });

  /** A sender wired to a receiver through a list of messages the test may drop, reorder or garble. */
  function pair() {
    const wire = [];
    const delivered = [];
    const needed = [];
    const sender = new transport.FrameSender(42, (message) => wire.push(message), (error) => { throw error; });
    const receiver = new transport.FrameReceiver({
      deliver: (frames) => { for (const frame of frames) { if (frame.t === 'input' && frame.state.value === 'boom') throw new Error('apply failed'); delivered.push(frame); } },
      needSnapshot: (reason) => needed.push(reason),
      synced: () => undefined,
    });
    const carry = (messages = wire.splice(0)) => { for (const message of messages) receiver.receive(message.data); };
    const settle = () => receiver.idle();
    return { wire, delivered, needed, sender, receiver, carry, settle };
  }

  test('small batches travel as JSON in order; a big one as ≤ 60 KB gzip chunks, still in order', async () => {
    const { wire, delivered, sender, carry, settle } = pair();
    sender.push(input('before'));
    await sender.drain();
    const big = snapshot(randomBytes(150_000).toString('base64')); // hardly compressible: several chunks
    sender.push(big);
    await Promise.resolve();
    sender.push(input('after')); // must not overtake the compressed snapshot
    await sender.drain();
    assert.deepEqual(wire.map((m) => m.kind), ['json', ...wire.slice(1, -1).map(() => 'binary'), 'json']);
    assert.ok(wire.length >= 4, 'the snapshot took several chunks');
    assert.ok(wire.filter((m) => m.kind === 'binary').every((m) => m.data.byteLength <= 60 * 1024 + 14));
    assert.deepEqual(wire.map((m) => (m.kind === 'json' ? m.data.seq : new DataView(m.data).getUint32(6, true))), wire.map((_, i) => i));
    carry();
    await settle();
    // The first input came before any snapshot: a receiver cannot apply it and waits for the snapshot.
    assert.deepEqual(delivered, [big, input('after')]);
  });

  test('a gap, a duplicate, a chunk out of place and a failed apply each lead to a snapshot request, never a wrong mirror', async () => {
    const { wire, delivered, needed, sender, carry, settle } = pair();
    sender.push(snapshot('one'));
    await sender.drain();
    carry();
    sender.push(input('a'));
    await sender.drain();
    const [a] = wire.splice(0);
    carry([a, a]); // a duplicate is dropped silently
    assert.deepEqual(delivered.map((f) => f.t), ['snapshot', 'input']);
    assert.deepEqual(needed, []);

    sender.push(input('lost'));
    await sender.drain();
    wire.splice(0); // never arrives
    sender.push(input('b'));
    await sender.drain();
    carry();
    await settle();
    assert.deepEqual(needed, ['gap']);
    assert.equal(delivered.length, 2, 'nothing after the gap is applied');

    sender.push(snapshot(randomBytes(100_000).toString('base64')));
    await sender.drain();
    const chunks = wire.splice(0);
    assert.ok(chunks.length >= 2);
    carry(chunks.slice(1)); // the first chunk is missing
    await settle();
    assert.deepEqual(needed, ['gap', 'gap']);
    assert.equal(delivered.length, 2);

    sender.push(snapshot(randomBytes(100_000).toString('base64')));
    await sender.drain();
    const numbered = wire.splice(0);
    new DataView(numbered[1].data).setUint16(10, 5, true); // in sequence, but its header is garbled (index past count)
    carry(numbered);
    await settle();
    assert.deepEqual(needed, ['gap', 'gap', 'corrupt']);
    assert.equal(delivered.length, 2);

    sender.push(snapshot('three'));
    sender.push(input('boom'));
    await sender.drain();
    carry();
    await settle();
    assert.equal(delivered.at(-1).root[1], 'three', 'a later snapshot brings the mirror back');
    assert.equal(needed.at(-1), 'apply-failed');
  });

  test('a garbled compressed chunk is refused by its checksum', async () => {
    const { wire, delivered, needed, sender, carry, settle } = pair();
    const big = snapshot(randomBytes(30_000).toString('base64'));
    sender.push(big);
    await sender.drain();
    const [first, ...rest] = wire.splice(0);
    const bytes = new Uint8Array(first.data);
    bytes[bytes.length - 20] ^= 0xff;
    carry([first, ...rest]);
    await settle();
    assert.deepEqual(needed, ['corrupt']);
    assert.deepEqual(delivered, []);
  });
});
