// The agent in control of the customer's page, through the real local stack and Chromium: clicks, typing, keys,
// selects, scrolls and navigation applied with the events the site's own listeners expect; masked fields typed into
// but never shown; blocked elements and blocked form submission refused with a hint on the customer's side and a
// refusal to the agents; revoke mid-typing, after which the SDK ignores even a frame the relay lets through.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebPubSubClient, WebPubSubJsonReliableProtocol } from '@azure/web-pubsub-client';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { allNodes, decodeSnapshot, snapshotIdOf } from './support/browser.mjs';
import { clickUi, readUi, startWorld, waitFor } from './sdk-harness.mjs';

let world;
before(async () => {
  world = await startWorld({ tenant: { blockSelectors: ['.tenant-blocked'], maskSelectors: ['.private-phone'] } });
}, { timeout: 150_000 });
after(async () => { await world?.close(); });

let interactions = 0;

/** A customer sharing sdk-page.html through an accepted offer, with agent alice connected and (unless told) in control. */
async function controlledSession({ control = true } = {}) {
  const customer = await world.openCustomer();
  const token = await world.agentToken('alice');
  const made = await world.api(`/interactions/conv-${Date.now()}-${++interactions}/offers`, { token, body: { channel: 'webChat' } });
  await customer.page.evaluate((id) => CoBrowse.acceptOffer(id), made.offerId);
  const agent = await world.connectAgent(made.sessionId, token);
  await waitFor("the agent's snapshot", () => agent.snapshots.length > 0);
  const session = { ...customer, token, sessionId: made.sessionId, agent };
  if (control) await grantControl(session);
  return session;
}

async function grantControl({ page, cdp, sessionId, token }) {
  await world.api(`/sessions/${sessionId}/control-requests`, { token });
  await clickUi(page, cdp, await waitFor('the control dialog', async () => (await readUi(cdp)).find('approve')));
  await waitFor('control on the page', () => page.evaluate(() => CoBrowse.state().state === 'control'));
}

/** The node id the agent's latest snapshot gave the element with this id attribute. */
const idOf = (agent, elementId) => {
  const id = snapshotIdOf(agent.snapshots.at(-1), elementId);
  assert.ok(id, `#${elementId} is in the snapshot`);
  return id;
};

const pageLog = (page) => page.evaluate(() => window.__log.splice(0));
const valueOf = (page, selector) => page.evaluate((s) => document.querySelector(s).value, selector);

describe('control executor', () => {
  test("clicks, typing, keys, selects and scrolls reach the site's own listeners as a user's input does", async () => {
    const { page, cdp, agent } = await controlledSession();
    const send = (frame) => agent.link.sendControl({ v: 1, ...frame });
    await pageLog(page);
    // The agent's pointer stays visible, marked as the one in control.
    agent.link.sendGuide({ v: 1, t: 'pointer', x: 300, y: 200 });
    const pointer = await waitFor('the pointer', async () => (await readUi(cdp)).find('pointer'));
    assert.ok(pointer.classes.includes('controlling'));
    assert.equal(pointer.text, 'Agent (controlling)');

    await send({ t: 'click', id: idOf(agent, 'name'), x: 5, y: 5 });
    await waitFor('the click', async () => (await page.evaluate(() => window.__log.includes('click:name'))));
    assert.deepEqual(await pageLog(page), ['pointerdown:name', 'mousedown:name', 'focusin:name', 'pointerup:name', 'mouseup:name', 'click:name']);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'name');

    await send({ t: 'text', id: idOf(agent, 'name'), text: 'Hello' });
    await send({ t: 'key', id: idOf(agent, 'name'), key: 'Backspace' });
    await waitFor('the typing', async () => (await valueOf(page, '#name')) === 'Hell');
    assert.deepEqual(await pageLog(page), ['beforeinput:name', 'input:name', 'keydown:name', 'beforeinput:name', 'input:name', 'keyup:name']);
    await send({ t: 'key', id: idOf(agent, 'name'), key: 'ArrowLeft' });
    await send({ t: 'text', id: idOf(agent, 'name'), text: 'o' });
    await waitFor('typing at the caret', async () => (await valueOf(page, '#name')) === 'Helol');

    // Tab leaves the field: it gets its change, as after a user's typing, and the focus moves on.
    await send({ t: 'key', id: idOf(agent, 'name'), key: 'Tab' });
    await waitFor('the focus moving on', async () => (await page.evaluate(() => document.activeElement.id)) === 'secret');
    assert.ok((await pageLog(page)).includes('change:name'));

    await send({ t: 'click', id: idOf(agent, 'plain'), x: 3, y: 3 });
    await send({ t: 'click', id: idOf(agent, 'agree'), x: 3, y: 3 });
    await send({ t: 'select', id: idOf(agent, 'size'), indices: [2] });
    await waitFor('the select', async () => (await valueOf(page, '#size')) === 'Large');
    assert.equal(await page.textContent('#clicks'), '1');
    assert.equal(await page.evaluate(() => document.getElementById('agree').checked), true);
    const log = await pageLog(page);
    for (const expected of ['click:plain', 'click:agree', 'change:agree', 'input:size', 'change:size']) assert.ok(log.includes(expected), `${expected} in ${log}`);

    await send({ t: 'scroll', x: 0, y: 400 });
    await send({ t: 'scroll', id: idOf(agent, 'box'), x: 0, y: 150 });
    await waitFor('the scrolls', () => page.evaluate(() => window.scrollY === 400 && document.getElementById('box').scrollTop === 150));

    // Enter in a field of an open form submits it (the site's submit handler runs).
    await send({ t: 'text', id: idOf(agent, 'qty'), text: '2' });
    await send({ t: 'key', id: idOf(agent, 'qty'), key: 'Enter' });
    await waitFor('the submission', async () => (await page.evaluate(() => window.__log.includes('submit:order'))));
    assert.equal(agent.refusals.length, 0, 'nothing refused');
  });

  test('masked fields take the agent\'s typing but never show it: not to the agent, not anywhere on the wire', async () => {
    const { page, agent } = await controlledSession();
    const send = (frame) => agent.link.sendControl({ v: 1, ...frame });
    await send({ t: 'text', id: idOf(agent, 'secret'), text: 'hunter22' });
    await send({ t: 'text', id: idOf(agent, 'phone'), text: '5550199' });
    await send({ t: 'text', id: idOf(agent, 'card'), text: '4111111111111111' });
    await waitFor('the values on the page', async () => (await valueOf(page, '#card')) === '4111111111111111');
    assert.equal(await valueOf(page, '#secret'), 'hunter22');
    assert.equal(await valueOf(page, '#phone'), '5550199');
    const phoneId = idOf(agent, 'phone');
    await waitFor('the masked input frame', () => agent.frames.some((f) => f.t === 'input' && f.id === phoneId));
    const wire = JSON.stringify(agent.frames);
    for (const secret of ['hunter22', '5550199', '4111111111111111']) assert.ok(!wire.includes(secret), `${secret} never leaves the page`);
    assert.ok(agent.frames.some((f) => f.t === 'input' && f.id === phoneId && f.state.value === '•••••••'));
  });
});

describe('blocking', () => {
  test('blocked elements and a blocked form submission refuse agent input, with a hint on the page and a refusal to the agent', async () => {
    const { page, cdp, agent } = await controlledSession();
    const send = (frame) => agent.link.sendControl({ v: 1, ...frame });
    // The console can show blocked elements before anyone clicks: tenant selectors are marked in the capture.
    const nodes = allNodes(decodeSnapshot(agent.snapshots.at(-1)));
    const byId = (id) => nodes.find((node) => node.attributes?.id === id);
    assert.equal(byId('coupon').attributes['data-cobrowse-block'], '', 'a tenant block selector is marked');
    assert.equal(byId('pay-now').attributes['data-cobrowse-block'], '', "the page's own mark travels");
    assert.equal(byId('card').attributes['data-cobrowse-block'], undefined, 'nothing else is marked');
    const coupon = idOf(agent, 'coupon');
    await pageLog(page);

    await send({ t: 'click', id: idOf(agent, 'danger'), x: 3, y: 3 });
    const hint = await waitFor('the hint', async () => (await readUi(cdp)).find('blocked-hint'));
    assert.equal(hint.text, "Your agent can't use this");
    await waitFor('the refusal', () => agent.refusals.length >= 1);
    assert.deepEqual(agent.refusals[0], { v: 1, t: 'control-refused', action: 'click', reason: 'blocked', id: idOf(agent, 'danger') });

    await send({ t: 'click', id: idOf(agent, 'pay-now'), x: 3, y: 3 });
    await send({ t: 'text', id: idOf(agent, 'card'), text: '4242' });
    await send({ t: 'key', id: idOf(agent, 'card'), key: 'Enter' });
    await send({ t: 'text', id: coupon, text: 'FREE' });
    await send({ t: 'navigate', url: 'https://example.com/' });
    await waitFor('four more refusals', () => agent.refusals.length >= 5);
    assert.deepEqual(agent.refusals.slice(1).map((r) => `${r.action}:${r.reason}`), ['click:blocked', 'key:blocked', 'text:blocked', 'navigate:cross-origin']);
    assert.equal(await valueOf(page, '#card'), '4242', 'the card field itself is not blocked');
    assert.equal(await valueOf(page, '#coupon'), '');
    const log = await pageLog(page);
    assert.deepEqual(log.filter((entry) => /danger|pay-now|coupon|submit:pay/.test(entry)), [], 'the site saw nothing of the refused input');
    assert.ok(!log.includes('keydown:card'), 'a refused Enter is not even a keydown');
    assert.match(page.url(), /sdk-page\.html/);
  });
});

describe('revoke', () => {
  test('revoke mid-typing: the service refuses the next frame, and a frame the relay is made to pass is ignored by the SDK', async () => {
    const session = await controlledSession({ control: false });
    const { page, cdp, agent, sessionId, token } = session;
    // A second connection of the same agent, whose connection id we know (to re-grant it through the REST API).
    const negotiated = await world.api(`/sessions/${sessionId}/realtime/negotiate`, { token });
    const raw = new WebPubSubClient(negotiated.url, { protocol: WebPubSubJsonReliableProtocol(), autoRejoinGroups: false, messageRetryOptions: { maxRetries: 0 } });
    let connectionId;
    raw.on('connected', (event) => { connectionId = event.connectionId; });
    await raw.start();
    try {
      await grantControl(session);
      const name = idOf(agent, 'name');
      const type = (text) => raw.sendToGroup(negotiated.groups.ctl, { v: 1, t: 'text', id: name, text }, 'json', { noEcho: true });
      await type('abc');
      await waitFor('typing', async () => (await valueOf(page, '#name')) === 'abc');

      // The customer revokes while the agent keeps typing.
      const typing = (async () => {
        const results = [];
        for (let i = 0; i < 40; i++) {
          results.push(await type('x').then(() => 'sent', () => 'refused'));
          await new Promise((resolve) => setTimeout(resolve, 15));
        }
        return results;
      })();
      await clickUi(page, cdp, (await readUi(cdp)).find('revoke'));
      const results = await typing;
      assert.equal(results.at(-1), 'refused', 'the service refuses control frames after revoke');
      assert.equal((await world.api(`/sessions/${sessionId}`, { method: 'GET', token })).state, 'viewOnly');
      const afterRevoke = await valueOf(page, '#name');

      // Defence in depth: give the connection its send permission back behind the service's back, and send again.
      const service = new WebPubSubServiceClient(world.stack.connectionString, 'cobrowse', { allowInsecureConnection: true });
      await service.grantPermission(connectionId, 'sendToGroup', { targetName: negotiated.groups.ctl });
      const refusalsBefore = agent.refusals.length;
      await type('INJECTED');
      await waitFor('the SDK refusing it', () => agent.refusals.length > refusalsBefore);
      assert.deepEqual(agent.refusals.at(-1), { v: 1, t: 'control-refused', action: 'text', reason: 'not-in-control', id: name });
      assert.equal(await valueOf(page, '#name'), afterRevoke, 'nothing applied after revoke');
      assert.ok(!afterRevoke.includes('INJECTED'));
    } finally {
      raw.stop();
    }
  });
});

describe('agent navigation', () => {
  test('the agent navigates in control; the session and control follow to the next page, and back', async () => {
    const { page, cdp, agent } = await controlledSession();
    await agent.link.sendControl({ v: 1, t: 'navigate', url: 'sdk-next.html' });
    await page.waitForURL(/sdk-next\.html/);
    await waitFor('control restored on the next page', () => page.evaluate(() => window.CoBrowse?.state().state === 'control'));
    assert.match(await waitFor('the banner', async () => (await readUi(cdp)).find('banner')?.text), /alice is controlling this page/);
    await waitFor('the mirror following', () => agent.snapshots.at(-1).url.endsWith('sdk-next.html'));
    await agent.link.sendControl({ v: 1, t: 'history', action: 'back' });
    await page.waitForURL(/sdk-page\.html/);
    await waitFor('control on the first page again', () => page.evaluate(() => window.CoBrowse?.state().state === 'control'));
  });
});
