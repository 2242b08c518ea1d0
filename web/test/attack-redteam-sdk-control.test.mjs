// Red team, from the attacker's side: a controlling agent (or an impostor speaking as that agent) tries to take the
// customer off the site, and to drive a page the customer took control back from. The real SDK in Chromium against
// the real local stack, the agent driven through the console's own agent link.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { snapshotIdOf } from './support/browser.mjs';
import { clickUi, readUi, startWorld, waitFor } from './sdk-harness.mjs';

let world;
before(async () => { world = await startWorld(); }, { timeout: 150_000 });
after(async () => { await world?.close(); });

let interactions = 0;

/** A customer sharing sdk-page.html (accepted offer) with agent alice connected; `prepare` edits the page first. */
async function sharedSession({ prepare } = {}) {
  const customer = await world.openCustomer();
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
