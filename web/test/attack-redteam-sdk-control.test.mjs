// Red team, from the attacker's side: a controlling agent (or an impostor speaking as that agent) tries to take the
// customer off the site, and to drive a page the customer took control back from. The real SDK in Chromium against
// the real local stack, the agent driven through the console's own agent link.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebPubSubClient, WebPubSubJsonReliableProtocol } from '@azure/web-pubsub-client';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, snapshotIdOf } from './support/browser.mjs';
import { FIXTURE_PREFIX, clickUi, readUi, startWorld, waitFor } from './sdk-harness.mjs';

let world;
/** Chromium as customers have it: with the back/forward cache (Playwright turns it off by default). */
let bfcacheBrowser;
before(async () => {
  [world, bfcacheBrowser] = await Promise.all([
    startWorld(),
    // The fixture pages are re-served without no-store (below); a fulfilled page counts as public, and Local Network
    // Access checks would keep it from the stack on loopback.
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'],
      ignoreDefaultArgs: ['--disable-back-forward-cache'],
    }),
  ]);
}, { timeout: 150_000 });
after(async () => { await bfcacheBrowser?.close(); await world?.close(); });

let addresses = 0;

/** A customer tab on the test site in the back/forward-caching browser (its own client address, as in the harness). */
async function openCachingCustomer() {
  const context = await bfcacheBrowser.newContext({ viewport: { width: 1000, height: 700 }, locale: 'en-US' });
  const address = `10.9.0.${++addresses}`;
  await context.route(`${world.site.url}/api/v1/**`, (route) => route.continue({ headers: { ...route.request().headers(), 'x-forwarded-for': address } }));
  // Shop pages are usually cacheable: the fixture server's no-store would keep them out of the back/forward cache.
  await context.route(`${world.site.url}${FIXTURE_PREFIX}**`, async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cache-control'];
    await route.fulfill({ response, headers });
  });
  const page = await context.newPage();
  await page.goto(`${world.site.url}${FIXTURE_PREFIX}sdk-page.html`);
  return { context, page, cdp: await context.newCDPSession(page) };
}

let interactions = 0;

/** A customer sharing sdk-page.html (accepted offer) with agent alice connected; `prepare` edits the page first. */
async function sharedSession({ prepare, open = () => world.openCustomer() } = {}) {
  const customer = await open();
  await prepare?.(customer.page);
  // Nothing may leave the test machine: a page that escapes to another origin lands here, visibly.
  await customer.context.route('https://example.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>elsewhere</title>away' }));
  const token = await world.agentToken('alice');
  const made = await world.api(`/interactions/redteam-${Date.now()}-${++interactions}/offers`, { token, body: { channel: 'webChat' } });
  await customer.page.evaluate((id) => CoBrowse.acceptOffer(id), made.offerId);
  const agent = await world.connectAgent(made.sessionId, token);
  await waitFor("the agent's snapshot", () => agent.snapshots.length > 0);
  return { ...customer, token, sessionId: made.sessionId, agent };
}

async function approveControl({ page, cdp, sessionId, token }) {
  await world.api(`/sessions/${sessionId}/control-requests`, { token });
  await clickUi(page, cdp, await waitFor('the control dialog', async () => (await readUi(cdp)).find('approve')));
  await waitFor('control on the page', () => page.evaluate(() => CoBrowse.state().state === 'control'));
}

/**
 * A connection the service never authorised to send, speaking as `a:{tenant}:{as}`: minted with the stack's access key,
 * then sendToGroup on the control group granted through the relay's REST API (a leaked key, a relay hole).
 */
async function impostor(session, as) {
  const negotiated = await world.api(`/sessions/${session.sessionId}/realtime/negotiate`, { token: session.token });
  const tenantId = negotiated.userId.split(':')[1];
  const service = new WebPubSubServiceClient(world.stack.connectionString, 'cobrowse', { allowInsecureConnection: true });
  const { url } = await service.getClientAccessToken({ userId: `a:${tenantId}:${as}`, roles: [`webpubsub.sendToGroup.${negotiated.groups.guide}`] });
  const client = new WebPubSubClient(url, { protocol: WebPubSubJsonReliableProtocol(), autoRejoinGroups: false, messageRetryOptions: { maxRetries: 0 } });
  const connected = new Promise((resolve) => client.on('connected', (event) => resolve(event.connectionId)));
  await client.start();
  const connectionId = await connected;
  const { ctl } = negotiated.groups;
  await service.group(ctl).addConnection(connectionId);
  await service.grantPermission(connectionId, 'sendToGroup', { targetName: ctl });
  return {
    control: (frame) => client.sendToGroup(ctl, { v: 1, ...frame }, 'json', { noEcho: true }),
    stop: () => client.stop(),
  };
}

/**
 * From now on the page's reads of the session (GET /sessions/{id}) wait (a slow mobile network) until the returned
 * release() is called, or 3 s by default.
 */
async function slowSessionReads({ context, sessionId }, ms = 3000) {
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await context.route(`**/api/v1/sessions/${sessionId}`, async (route) => {
    if (route.request().method() === 'GET') await Promise.race([released, new Promise((resolve) => setTimeout(resolve, ms))]);
    await route.fallback();
  });
  return release;
}

const idOf = (agent, elementId) => {
  const id = snapshotIdOf(agent.snapshots.at(-1), elementId);
  assert.ok(id, `#${elementId} is in the snapshot`);
  return id;
};

/** The page has a <base> on another origin (a CDN, a white-label host): its relative links and actions lead there. */
const withForeignBase = (page) => page.evaluate(() => {
  const base = document.createElement('base');
  base.href = 'https://example.com/';
  document.head.prepend(base);
  document.querySelector('section').insertAdjacentHTML('beforeend',
    '<a id="relative" href="promo">Promo</a>'
    + '<form id="relative-form" action="collect" method="post"><button id="relative-send" type="submit">Send</button></form>');
});

describe('a controlling agent cannot take the customer off the site', () => {
  test('a click on a relative link that the page\'s <base> resolves to another origin is refused', async () => {
    const session = await sharedSession({ prepare: withForeignBase });
    const { page, agent } = session;
    assert.equal(await page.evaluate(() => document.getElementById('relative').href), 'https://example.com/promo', 'the browser follows the base');
    await approveControl(session);
    await agent.link.sendControl({ v: 1, t: 'click', id: idOf(agent, 'relative'), x: 2, y: 2 });
    await waitFor('the refusal, or the page leaving', () => agent.refusals.length > 0 || !/sdk-page/.test(page.url()));
    await page.waitForTimeout(500);
    assert.match(page.url(), /sdk-page\.html/, 'the customer is still on the site');
    assert.deepEqual(agent.refusals.map((r) => `${r.action}:${r.reason}`), ['click:cross-origin']);
  });

  test('Enter on a relative link that the page\'s <base> resolves to another origin is refused', async () => {
    const session = await sharedSession({ prepare: withForeignBase });
    const { page, agent } = session;
    await approveControl(session);
    await agent.link.sendControl({ v: 1, t: 'key', id: idOf(agent, 'relative'), key: 'Enter' });
    await waitFor('the refusal, or the page leaving', () => agent.refusals.length > 0 || !/sdk-page/.test(page.url()));
    await page.waitForTimeout(500);
    assert.match(page.url(), /sdk-page\.html/, 'the customer is still on the site');
    assert.deepEqual(agent.refusals.map((r) => `${r.action}:${r.reason}`), ['key:cross-origin']);
  });

  test('a click on a submit button whose relative form action the <base> sends to another origin is refused', async () => {
    const session = await sharedSession({ prepare: withForeignBase });
    const { page, agent } = session;
    await approveControl(session);
    await agent.link.sendControl({ v: 1, t: 'click', id: idOf(agent, 'relative-send'), x: 2, y: 2 });
    await waitFor('the refusal, or the page leaving', () => agent.refusals.length > 0 || !/sdk-page/.test(page.url()));
    await page.waitForTimeout(500);
    assert.match(page.url(), /sdk-page\.html/, 'the customer is still on the site');
    assert.deepEqual(agent.refusals.map((r) => `${r.action}:${r.reason}`), ['click:cross-origin']);
  });
});

describe('a page restored from the back/forward cache', () => {
  test('does not run control frames on the approval the customer revoked on the next page', { timeout: 120_000 }, async () => {
    const session = await sharedSession({ open: openCachingCustomer });
    const { page, agent, sessionId } = session;
    await page.evaluate(() => { window.__shows = []; addEventListener('pageshow', (event) => window.__shows.push(event.persisted)); });
    await approveControl(session);
    const plain = idOf(agent, 'plain');
    // The customer goes on to the next page in control, and takes control back there.
    await page.click('#next');
    await page.waitForURL(/sdk-next\.html/);
    await waitFor('control restored on the next page', () => page.evaluate(() => window.CoBrowse?.state().state === 'control'));
    await clickUi(page, session.cdp, await waitFor('the revoke button', async () => (await readUi(session.cdp)).find('revoke')));
    await waitFor('the revoke at the service', async () => (await world.api(`/sessions/${sessionId}`, { method: 'GET', token: session.token })).state === 'viewOnly');
    // The customer reads the next page for half a minute: the first page's connection is gone by now (a dropped
    // connection waits 30 s for recovery), so nothing replays the revoke to it when it comes back.
    await page.waitForTimeout(32_000);
    const releaseReads = await slowSessionReads(session, 15_000);
    // An impostor speaking as alice (the service took alice's send permission away with the revoke) keeps clicking the
    // first page's button while the customer goes back to it. The SDK's rules 5 and 7: a resumed page re-enters
    // control only with the service's agreement, and from the revoke click on no control frame is applied.
    const attacker = await impostor(session, 'alice');
    let sending = true;
    const flood = (async () => {
      while (sending) {
        await attacker.control({ t: 'click', id: plain, x: 3, y: 3 }).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    try {
      await page.goBack({ waitUntil: 'commit' });
      // Until the service's answer comes (here: up to 12 s, or as soon as a click was applied).
      const deadline = Date.now() + 12_000;
      while (Date.now() < deadline && await page.textContent('#clicks').catch(() => '0') === '0') await page.waitForTimeout(200);
    } finally {
      releaseReads();
      sending = false;
      await flood;
      attacker.stop();
    }
    const shows = await page.evaluate(() => window.__shows ?? null);
    assert.deepEqual(shows, [true], 'the first page came back from the back/forward cache');
    assert.equal(await page.textContent('#clicks'), '0', 'no click applied after the customer revoked control');
    await page.waitForTimeout(1000); // the service's answer is in
    assert.equal(await page.evaluate(() => CoBrowse.state().state), 'viewOnly');
  });

  test('does not replay, after the customer revoked control, what the agent sent while the customer was on the next page', async () => {
    const session = await sharedSession({ open: openCachingCustomer });
    const { page, agent, sessionId } = session;
    await page.evaluate(() => { window.__shows = []; addEventListener('pageshow', (event) => window.__shows.push(event.persisted)); });
    await approveControl(session);
    const name = idOf(agent, 'name');
    await page.click('#next');
    await page.waitForURL(/sdk-next\.html/);
    await waitFor('control restored on the next page', () => page.evaluate(() => window.CoBrowse?.state().state === 'control'));
    // The real agent, still in control, types from a console that still showed the first page (a stale id here).
    await agent.link.sendControl({ v: 1, t: 'text', id: name, text: 'typed-for-the-first-page' });
    await page.waitForTimeout(500);
    // The customer takes control back on this page, then goes back to the first page.
    await clickUi(page, session.cdp, await waitFor('the revoke button', async () => (await readUi(session.cdp)).find('revoke')));
    await waitFor('the revoke at the service', async () => (await world.api(`/sessions/${sessionId}`, { method: 'GET', token: session.token })).state === 'viewOnly');
    await slowSessionReads(session);
    // The first page's connection may come back with frames relayed while it was away (the reliable replay buffer).
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForTimeout(4000);
    assert.deepEqual(await page.evaluate(() => window.__shows ?? null), [true], 'the first page came back from the back/forward cache');
    assert.equal(await page.evaluate(() => document.getElementById('name').value), '', 'nothing typed after the customer revoked control');
    assert.equal(await page.evaluate(() => CoBrowse.state().state), 'viewOnly');
  });
});

describe('a session whose realtime connection cannot be made', () => {
  test('fails to start with the SDK\'s own error, not a script error of its own making', async () => {
    const customer = await world.openCustomer();
    // The customer's network lets HTTPS through but not the WebSocket (a corporate proxy, a captive portal).
    await customer.context.routeWebSocket(/\/client\//, (ws) => ws.close({ code: 1011, reason: 'blocked' }));
    const token = await world.agentToken('alice');
    const made = await world.api(`/interactions/redteam-ws-${Date.now()}/offers`, { token, body: { channel: 'webChat' } });
    const outcome = await customer.page.evaluate((id) => CoBrowse.acceptOffer(id).then(() => 'started', (error) => `${error?.name}: ${error?.message}`), made.offerId);
    assert.doesNotMatch(outcome, /ReferenceError|before initialization/, `acceptOffer rejected with: ${outcome}`);
  });
});
