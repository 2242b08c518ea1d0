// From the attacker's side: someone obtained send permission on a session's state and control groups behind the
// service's back (a relay hole, a leaked access key, a service bug) and forges the service's session state frames and
// an agent's control frames into the customer's page. The real SDK in Chromium against the real local stack: the
// impostor is a Web PubSub connection minted with the stack's access key (Microsoft's server SDK), as the victim's
// real agent or as another agent of the tenant, granted sendToGroup on `s.{sid}.state` and `s.{sid}.ctl` through the
// relay's REST API. The page must not move, nothing may be typed or clicked, and everything the SDK tells the
// customer and the site (banner, CoBrowse.state(), CoBrowse events) must stay view-only: control needs the customer's
// own approval in this tab, and the service's word over HTTPS. Also: a controlling agent cannot take the customer
// off the site (Enter on a link, history back, a link around a slot).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebPubSubClient, WebPubSubJsonReliableProtocol } from '@azure/web-pubsub-client';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { snapshotIdOf } from './support/browser.mjs';
import { FIXTURE_PREFIX, clickUi, readUi, startWorld, waitFor } from './sdk-harness.mjs';

let world;
before(async () => { world = await startWorld(); }, { timeout: 150_000 });
after(async () => { await world?.close(); });

let interactions = 0;

/** A customer sharing sdk-page.html (accepted offer, view-only) with agent alice connected through the console's link. */
async function sharedSession({ prepare } = {}) {
  const customer = await world.openCustomer();
  await prepare?.(customer.page);
  // Nothing may leave the test machine: a page that escapes to another origin lands here, visibly.
  await customer.context.route('https://example.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>elsewhere</title>away' }));
  const token = await world.agentToken('alice');
  const made = await world.api(`/interactions/forged-${Date.now()}-${++interactions}/offers`, { token, body: { channel: 'webChat' } });
  await customer.page.evaluate((id) => CoBrowse.acceptOffer(id), made.offerId);
  const agent = await world.connectAgent(made.sessionId, token);
  await waitFor("the agent's snapshot", () => agent.snapshots.length > 0);
  return { ...customer, token, sessionId: made.sessionId, agent };
}

/** The customer approves alice's request in the SDK's own dialog, with the real mouse. */
async function approveControl({ page, cdp, sessionId, token }) {
  await world.api(`/sessions/${sessionId}/control-requests`, { token });
  await clickUi(page, cdp, await waitFor('the control dialog', async () => (await readUi(cdp)).find('approve')));
  await waitFor('control on the page', () => page.evaluate(() => CoBrowse.state().state === 'control'));
}

/** The page's reads of the session (GET /sessions/{id}) take 3 s: what the page does before the service answers. */
async function slowSessionReads({ context, sessionId }) {
  await context.route(`**/api/v1/sessions/${sessionId}`, async (route) => {
    if (route.request().method() === 'GET') await new Promise((resolve) => setTimeout(resolve, 3000));
    await route.fallback();
  });
}

const serviceState = ({ sessionId, token }) => world.api(`/sessions/${sessionId}`, { method: 'GET', token });

/**
 * A connection the service never authorised to send: a token signed with the stack's access key for `a:{tenant}:{as}`
 * (the victim's real agent, or another agent), then sendToGroup on the state and control groups granted through the
 * relay's REST API, as an attacker holding a leaked key (or a relay hole) would.
 */
async function impostor(session, as) {
  const negotiated = await world.api(`/sessions/${session.sessionId}/realtime/negotiate`, { token: session.token });
  const tenantId = negotiated.userId.split(':')[1];
  const service = new WebPubSubServiceClient(world.stack.connectionString, 'cobrowse', { allowInsecureConnection: true });
  const userId = `a:${tenantId}:${as}`;
  const { url } = await service.getClientAccessToken({ userId, roles: [`webpubsub.sendToGroup.${negotiated.groups.guide}`] });
  const client = new WebPubSubClient(url, { protocol: WebPubSubJsonReliableProtocol(), autoRejoinGroups: false, messageRetryOptions: { maxRetries: 0 } });
  const connected = new Promise((resolve) => client.on('connected', (event) => resolve(event.connectionId)));
  await client.start();
  const connectionId = await connected;
  const { state, ctl } = negotiated.groups;
  for (const group of [state, ctl]) {
    await service.group(group).addConnection(connectionId);
    await service.grantPermission(connectionId, 'sendToGroup', { targetName: group });
  }
  const send = (group, frame) => client.sendToGroup(group, frame, 'json', { noEcho: true });
  return {
    userId,
    /** A session state frame as the service would publish it. */
    state: (fields) => send(state, {
      v: 1, t: 'session', sessionId: session.sessionId, change: 'controlApproved', by: { kind: 'customer', id: '' }, at: new Date().toISOString(), ...fields,
    }),
    control: (frame) => send(ctl, { v: 1, ...frame }),
    stop: () => client.stop(),
  };
}

const idOf = (agent, elementId) => {
  const id = snapshotIdOf(agent.snapshots.at(-1), elementId);
  assert.ok(id, `#${elementId} is in the snapshot`);
  return id;
};

/** Type, Enter (submits the order form), a click and a same-origin navigation: each one a visible effect if applied. */
async function driveThePage(attacker, agent, { navigate = true } = {}) {
  await attacker.control({ t: 'text', id: idOf(agent, 'name'), text: 'pwned' });
  await attacker.control({ t: 'key', id: idOf(agent, 'qty'), key: 'Enter' });
  await attacker.control({ t: 'click', id: idOf(agent, 'plain'), x: 3, y: 3 });
  if (navigate) await attacker.control({ t: 'navigate', url: 'sdk-next.html' });
  return navigate ? 4 : 3;
}

/** Waits until the SDK refused `count` more frames, or the page left or changed: whichever comes first. */
async function settled(session, refusalsBefore, count) {
  const { page, agent } = session;
  await waitFor('the SDK answering the forged frames', async () => agent.refusals.length >= refusalsBefore + count
    || !/sdk-page\.html/.test(page.url())
    || await page.evaluate(() => document.getElementById('name')?.value !== '' || document.getElementById('clicks')?.textContent !== '0').catch(() => true), 15_000);
  await page.waitForTimeout(300); // a navigation that was applied commits
}

/** Everything the customer and the site can observe, asserted view-only and untouched. */
async function assertUntouched({ page, cdp }, what) {
  assert.match(page.url(), /sdk-page\.html/, `${what}: the page did not move`);
  assert.equal(await page.evaluate(() => document.getElementById('name').value), '', `${what}: nothing typed`);
  assert.equal(await page.textContent('#clicks'), '0', `${what}: nothing clicked`);
  assert.deepEqual(await page.evaluate(() => window.__log.filter((entry) => /name|qty|plain|order/.test(entry))), [], `${what}: the site saw no input`);
  assert.equal(await page.evaluate(() => CoBrowse.state().state), 'viewOnly', `${what}: CoBrowse.state() says view-only`);
  assert.deepEqual(await page.evaluate(() => window.__events.filter((event) => event.name === 'control-changed')), [], `${what}: no control-changed event`);
  const ui = await readUi(cdp);
  assert.equal(ui.find('banner').text.includes('You are sharing this page with alice'), true, `${what}: the banner says sharing (${ui.find('banner').text})`);
  assert.equal(ui.find('banner').classes.includes('control'), false, `${what}: the banner is not in control mode`);
}

describe('an impostor with send permission granted behind the service\'s back', () => {
  test('cannot take control of a view-only page: forged control states (+1, +50) and control frames as the real agent move nothing', async () => {
    const session = await sharedSession();
    const attacker = await impostor(session, 'alice');
    try {
      const real = await serviceState(session);
      assert.equal(real.state, 'viewOnly');
      await attacker.state({ state: 'control', version: real.version + 1, controlAgentId: 'alice' });
      await attacker.state({ state: 'control', version: real.version + 50, controlAgentId: 'alice' });
      const sent = await driveThePage(attacker, session.agent);
      await settled(session, 0, sent);
      await assertUntouched(session, 'right after the forged frames');

      // Once the page has asked the service (and whatever it concluded), the same frames again.
      await session.page.waitForTimeout(1500);
      await driveThePage(attacker, session.agent);
      await settled(session, sent, sent);
      await assertUntouched(session, 'after the resync');
      assert.deepEqual(session.agent.refusals.map((r) => r.reason), Array(2 * sent).fill('not-in-control'));
      assert.equal((await serviceState(session)).state, 'viewOnly', 'the real session stayed view-only');
    } finally {
      attacker.stop();
    }
  });

  test('a flood of forged state frames neither grants control nor makes the page hammer the API', async () => {
    const session = await sharedSession();
    const { page, sessionId } = session;
    const attacker = await impostor(session, 'alice');
    const reads = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname.endsWith(`/sessions/${sessionId}`)) reads.push(Date.now());
    });
    try {
      const real = await serviceState(session);
      const started = Date.now();
      let forged = 0;
      // Four seconds of frames: control at the next version and far ahead, a request, an end far ahead, interleaved;
      // each one on its own would ask the service.
      const kinds = [
        (n) => ({ state: 'control', version: real.version + 1, controlAgentId: 'alice' }),
        (n) => ({ state: 'control', version: real.version + n, controlAgentId: 'alice' }),
        (n) => ({ state: 'controlRequested', version: real.version + n, controlAgentId: 'alice', change: 'controlRequested' }),
        (n) => ({ state: 'ended', version: real.version + n, endReason: 'agentEnded', change: 'ended' }),
      ];
      while (Date.now() - started < 4000) {
        await Promise.all(Array.from({ length: 50 }, () => attacker.state(kinds[forged % kinds.length](2 + forged++))));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const sent = await driveThePage(attacker, session.agent);
      await settled(session, 0, sent);
      const floodMs = Date.now() - started;
      await page.waitForTimeout(1500);
      const windowMs = Date.now() - started;
      console.log(`# ${forged} forged state frames in ${floodMs} ms → ${reads.length} GET /sessions/{id} from the page in ${windowMs} ms`);
      await assertUntouched(session, 'after the flood');
      // At most one read in flight and one waiting, spaced by a second: about one per second of flood, never one per frame.
      assert.ok(reads.length <= Math.ceil(windowMs / 1000) + 1, `${reads.length} reads in ${windowMs} ms`);
    } finally {
      attacker.stop();
    }
  });

  test('cannot drive a page the real agent controls, even after announcing another agent as the controller', async () => {
    const session = await sharedSession();
    const { page, agent } = session;
    await approveControl(session);
    const attacker = await impostor(session, 'mallory');
    try {
      const real = await serviceState(session);
      assert.equal(real.state, 'control');
      const sent = await driveThePage(attacker, agent, { navigate: false });
      await attacker.state({ state: 'control', version: real.version + 1, controlAgentId: 'mallory' });
      await attacker.state({ state: 'control', version: real.version + 2, controlAgentId: 'mallory' });
      await driveThePage(attacker, agent, { navigate: false });
      await settled(session, 0, 2 * sent);
      assert.equal(await page.evaluate(() => document.getElementById('name').value), '', 'mallory typed nothing');
      assert.equal(await page.textContent('#clicks'), '0', 'mallory clicked nothing');
      assert.deepEqual(agent.refusals.map((r) => r.reason), Array(2 * sent).fill('not-in-control'));

      // The real controller still drives the page, and the customer still sees who.
      await page.waitForTimeout(1200);
      await agent.link.sendControl({ v: 1, t: 'text', id: idOf(agent, 'name'), text: 'alice' });
      await waitFor("alice's typing", () => page.evaluate(() => document.getElementById('name').value === 'alice'));
      assert.equal(await page.evaluate(() => CoBrowse.state().state), 'control');
      assert.match((await readUi(session.cdp)).find('banner').text, /alice is controlling this page/);
    } finally {
      attacker.stop();
    }
  });

  test('cannot bring control back after the customer revokes it', async () => {
    const session = await sharedSession();
    const { page, cdp, agent } = session;
    await approveControl(session);
    await agent.link.sendControl({ v: 1, t: 'click', id: idOf(agent, 'plain'), x: 3, y: 3 });
    await waitFor("alice's click", async () => (await page.textContent('#clicks')) === '1');
    await clickUi(page, cdp, (await readUi(cdp)).find('revoke'));
    const real = await waitFor('the revoke at the service', async () => { const s = await serviceState(session); return s.state === 'viewOnly' && s; });
    // The service took alice's send permission away; the attacker grants it again, behind its back.
    const attacker = await impostor(session, 'alice');
    try {
      await page.evaluate(() => { document.getElementById('clicks').textContent = '0'; window.__events.length = 0; window.__log.length = 0; });
      await attacker.state({ state: 'control', version: real.version + 1, controlAgentId: 'alice', change: 'controlApproved' });
      const before = agent.refusals.length;
      const sent = await driveThePage(attacker, agent);
      await settled(session, before, sent);
      await assertUntouched(session, 'after the revoke');
    } finally {
      attacker.stop();
    }
  });

  test('cannot bring control back after the agent revoked it, on this page or on the next one the customer opens', async () => {
    const session = await sharedSession();
    const { page, cdp, agent, sessionId, token } = session;
    await approveControl(session);
    // The agent gives control back: the page hears it from the state group and stops at once.
    await world.api(`/sessions/${sessionId}/control/revoke`, { token });
    await waitFor('the page leaving control', () => page.evaluate(() => CoBrowse.state().state === 'viewOnly'));
    const attacker = await impostor(session, 'alice');
    try {
      await page.evaluate(() => { window.__events.length = 0; });
      const real = await serviceState(session);
      await attacker.state({ state: 'control', version: real.version + 1, controlAgentId: 'alice' });
      const sent = await driveThePage(attacker, agent, { navigate: false });
      await settled(session, 0, sent);
      await assertUntouched(session, 'after the agent revoked');

      // The customer goes on to the next page: the resumed session is view-only, and stays so under forged frames.
      await page.click('#next');
      await page.waitForURL(/sdk-next\.html/);
      await waitFor('the resumed session', () => page.evaluate(() => window.__events.some((e) => e.name === 'started' && e.detail.resumed)));
      await waitFor('the snapshot of the next page', () => agent.snapshots.at(-1).url.endsWith('sdk-next.html'));
      await attacker.state({ state: 'control', version: real.version + 1, controlAgentId: 'alice' });
      await attacker.state({ state: 'control', version: real.version - 1, controlAgentId: 'alice' });
      const before = agent.refusals.length;
      await attacker.control({ t: 'click', id: idOf(agent, 'back'), x: 3, y: 3 });
      await attacker.control({ t: 'navigate', url: 'sdk-page.html' });
      await waitFor('the refusals', () => agent.refusals.length >= before + 2 || !/sdk-next/.test(page.url()), 15_000);
      assert.match(page.url(), /sdk-next\.html/, 'the next page did not move');
      assert.equal(await page.evaluate(() => CoBrowse.state().state), 'viewOnly');
      assert.deepEqual(await page.evaluate(() => window.__events.filter((e) => e.name === 'control-changed')), []);
      assert.match((await readUi(cdp)).find('banner').text, /You are sharing this page with alice/);
    } finally {
      attacker.stop();
    }
  });

  test('cannot end the customer\'s sharing with a forged end', async () => {
    const session = await sharedSession();
    const { page, cdp } = session;
    const attacker = await impostor(session, 'alice');
    try {
      const real = await serviceState(session);
      await attacker.state({ state: 'ended', version: real.version + 1, endReason: 'agentEnded', change: 'ended', by: { kind: 'agent', id: 'alice' } });
      await attacker.state({ state: 'ended', version: real.version + 50, endReason: 'agentEnded', change: 'ended', by: { kind: 'agent', id: 'alice' } });
      await page.waitForTimeout(2000);
      assert.deepEqual(await page.evaluate(() => window.__events.filter((event) => event.name === 'ended')), [], 'no ended event');
      assert.equal(await page.evaluate(() => CoBrowse.state().state), 'viewOnly');
      assert.match((await readUi(cdp)).find('banner')?.text ?? '(no banner)', /You are sharing this page with alice/);
      assert.equal((await serviceState(session)).state, 'viewOnly');
    } finally {
      attacker.stop();
    }
  });

  test('a forged control request cannot make the customer approve anything: the service says there is none, in words', async () => {
    const session = await sharedSession();
    const { page, cdp } = session;
    await slowSessionReads(session);
    const attacker = await impostor(session, 'alice');
    try {
      const real = await serviceState(session);
      await attacker.state({ state: 'controlRequested', version: real.version + 1, controlAgentId: 'alice', change: 'controlRequested', by: { kind: 'agent', id: 'alice' } });
      // The dialog may show (the page does not know better until the service answers); the customer approves.
      await clickUi(page, cdp, await waitFor('the forged dialog', async () => (await readUi(cdp)).find('approve')));
      await waitFor('the dialog closing', async () => !(await readUi(cdp)).find('approve'), 12_000);
      await waitFor('the service\'s answer on the banner, in words', async () => /There is no navigation request to answer/.test((await readUi(cdp)).find('banner').text), 12_000);
      assert.equal((await serviceState(session)).state, 'viewOnly');
      assert.equal(await page.evaluate(() => CoBrowse.state().state), 'viewOnly');
      assert.deepEqual(await page.evaluate(() => window.__events.filter((event) => event.name === 'control-changed')), []);
    } finally {
      attacker.stop();
    }
  });

  test('a forged request in the name of another agent does not hand control to the agent who really asked', async () => {
    const session = await sharedSession();
    const { page, cdp, agent, sessionId, token } = session;
    await slowSessionReads(session);
    const attacker = await impostor(session, 'alice');
    try {
      // alice really asks; the attacker says the request was withdrawn and that mallory asks instead.
      await world.api(`/sessions/${sessionId}/control-requests`, { token });
      await waitFor("alice's dialog", async () => (await readUi(cdp)).find('approve'));
      const real = await serviceState(session);
      assert.equal(real.state, 'controlRequested');
      await attacker.state({ state: 'viewOnly', version: real.version + 1, change: 'controlDenied' });
      await attacker.state({ state: 'controlRequested', version: real.version + 2, controlAgentId: 'mallory', change: 'controlRequested', by: { kind: 'agent', id: 'mallory' } });
      const title = await waitFor("mallory's dialog", async () => {
        const ui = await readUi(cdp);
        return /mallory/.test(ui.elements.find((element) => element.attributes.id === 'cb-control-title')?.text) && ui;
      });
      // The customer approves what the dialog shows: mallory. alice's real request is what the service answers.
      await clickUi(page, cdp, title.find('approve'));
      await page.waitForTimeout(2500);
      assert.notEqual((await serviceState(session)).state, 'control', 'the customer approved mallory: alice must not be left in control');
      assert.equal(await page.evaluate(() => CoBrowse.state().state), 'viewOnly');
      assert.deepEqual(await page.evaluate(() => window.__events.filter((e) => e.name === 'control-changed' && e.detail.inControl)), []);
      assert.deepEqual(agent.refusals, []);
    } finally {
      attacker.stop();
    }
  });
});

describe('a resumed page', () => {
  test('re-enters control only when the service still says so for the agent the customer approved', async () => {
    const session = await sharedSession();
    const { page, cdp, agent, sessionId, token } = session;
    await approveControl(session);
    // The customer opens the next page while in control: control continues there, the service agreeing.
    await page.click('#next');
    await page.waitForURL(/sdk-next\.html/);
    await waitFor('control restored on the next page', () => page.evaluate(() => window.CoBrowse?.state().state === 'control'));
    await waitFor('the snapshot of the next page', () => agent.snapshots.at(-1).url.endsWith('sdk-next.html'));
    await agent.link.sendControl({ v: 1, t: 'click', id: idOf(agent, 'back'), x: 3, y: 3 });
    await page.waitForURL(/sdk-page\.html/);
    await waitFor('control on the first page again', () => page.evaluate(() => window.CoBrowse?.state().state === 'control'));

    // The agent revokes while the next page loads: that page must not resume control from what it remembered.
    await waitFor('the snapshot of the first page', () => agent.snapshots.at(-1).url.endsWith('sdk-page.html'));
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(`**${FIXTURE_PREFIX}sdk-next.html`, async (route) => { await held; await route.continue(); });
    const clicked = page.click('#next', { noWaitAfter: true });
    await world.api(`/sessions/${sessionId}/control/revoke`, { token });
    release();
    await clicked;
    await page.waitForURL(/sdk-next\.html/);
    await waitFor('the resumed session', () => page.evaluate(() => window.__events?.some((e) => e.name === 'started')));
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => CoBrowse.state().state), 'viewOnly');
    assert.deepEqual(await page.evaluate(() => window.__events.filter((e) => e.name === 'control-changed')), []);
    assert.match((await readUi(cdp)).find('banner').text, /You are sharing this page with alice/);
  });
});

describe('a controlling agent cannot take the customer off the site', () => {
  test('Enter on a link to another origin is refused like a click on it', async () => {
    const session = await sharedSession();
    const { page, agent } = session;
    await approveControl(session);
    await agent.link.sendControl({ v: 1, t: 'key', id: idOf(agent, 'away'), key: 'Enter' });
    await waitFor('the refusal, or the page leaving', () => agent.refusals.length > 0 || !/sdk-page/.test(page.url()));
    await page.waitForTimeout(300);
    assert.match(page.url(), /sdk-page\.html/);
    assert.deepEqual(agent.refusals.map((r) => `${r.action}:${r.reason}`), ['key:cross-origin']);
  });

  test('a click inside a link of a shadow root (around a slot) to another origin is refused', async () => {
    const session = await sharedSession({
      prepare: (page) => page.evaluate(() => {
        // A site's web component that wraps its content in a link: the click's path goes through the shadow link.
        const host = document.createElement('x-link');
        host.attachShadow({ mode: 'open' }).innerHTML = '<a href="https://example.com/"><slot></slot></a>';
        host.innerHTML = '<span id="slotted">Visit our partner</span>';
        document.querySelector('section').append(host);
      }),
    });
    const { page, agent } = session;
    await approveControl(session);
    await agent.link.sendControl({ v: 1, t: 'click', id: idOf(agent, 'slotted'), x: 2, y: 2 });
    await waitFor('the refusal, or the page leaving', () => agent.refusals.length > 0 || !/sdk-page/.test(page.url()));
    await page.waitForTimeout(300);
    assert.match(page.url(), /sdk-page\.html/);
    assert.deepEqual(agent.refusals.map((r) => `${r.action}:${r.reason}`), ['click:cross-origin']);
  });

  test('a click on the label of a submit button whose form posts to another origin is refused', async () => {
    const session = await sharedSession({
      prepare: (page) => page.evaluate(() => {
        document.querySelector('section').insertAdjacentHTML('beforeend',
          '<form action="https://example.com/collect" method="post"><button id="send" type="submit">Send</button></form><label id="send-label" for="send">Send it</label>');
      }),
    });
    const { page, agent } = session;
    await approveControl(session);
    await agent.link.sendControl({ v: 1, t: 'click', id: idOf(agent, 'send-label'), x: 2, y: 2 });
    await waitFor('the refusal, or the page leaving', () => agent.refusals.length > 0 || !/sdk-page/.test(page.url()));
    await page.waitForTimeout(500);
    assert.match(page.url(), /sdk-page\.html/);
    assert.deepEqual(agent.refusals.map((r) => `${r.action}:${r.reason}`), ['click:cross-origin']);
  });

  test('history back cannot leave for the site the customer came from', async () => {
    const session = await sharedSession();
    const { page, agent } = session;
    // The customer came from another origin (here: the API's own host) before this page.
    await page.goto(`${world.stack.url}/api/health`);
    await page.goto(`${world.site.url}${FIXTURE_PREFIX}sdk-page.html`);
    await waitFor('the resumed session', () => page.evaluate(() => window.__events?.some((e) => e.name === 'started')));
    await approveControl(session);
    await agent.link.sendControl({ v: 1, t: 'history', action: 'back' });
    await waitFor('the refusal, or the page leaving', () => agent.refusals.length > 0 || !/sdk-page/.test(page.url()));
    await page.waitForTimeout(500);
    assert.match(page.url(), /sdk-page\.html/, 'still on the site');
    assert.deepEqual(agent.refusals.map((r) => `${r.action}:${r.reason}`), ['history:cross-origin']);
  });
});
