// End to end, through the real UI on both sides: the session follows the customer around the site (links, reload,
// back and forward) and survives the agent reloading the console; every end reason reaches both sides with its
// words; after an end the customer's page is exactly as the site drew it, and the conversation goes on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebPubSubServiceClient } from '@azure/web-pubsub';
import { openAgent, openCustomer, patchDemoTenant, startE2E } from './support/e2e.mjs';

let env;
before(async () => { env = await startE2E(); });
after(async () => { await env?.stop(); });

const MIRROR = 'iframe[title="Customer page"]';

const mirrorUrlIs = (agentPage, path, timeout = 5000) => agentPage.waitForFunction(([frameSelector, suffix]) => {
  const doc = document.querySelector(frameSelector)?.contentDocument;
  return Boolean(doc?.querySelector('main')) && document.querySelector('.cbc-nav-url')?.value.endsWith(suffix);
}, [MIRROR, path], { timeout });

async function startVoice(agentPage, customerPage, agentId) {
  await agentPage.getByRole('button', { name: 'New voice call' }).click();
  await agentPage.getByRole('button', { name: 'Screen share' }).click();
  const key = (await agentPage.getByTestId('security-key').textContent()).replace(/\D/g, '');
  await customerPage.getByRole('button', { name: 'Share my screen with an agent' }).click();
  await customerPage.getByLabel('Code').fill(key);
  await customerPage.getByRole('button', { name: 'Start sharing' }).click();
  await customerPage.getByText(`You are sharing this page with ${agentId}`).waitFor();
  await agentPage.locator(`${MIRROR}`).waitFor();
}

async function startConversationOffer(agentPage, customerPage, channelLabel, name) {
  await customerPage.getByRole('button', { name: /^Chat with us/ }).click();
  await customerPage.getByRole('radio', { name: new RegExp(channelLabel) }).check();
  await customerPage.getByLabel('Your name').fill(name);
  await customerPage.getByRole('button', { name: 'Start conversation' }).click();
  await customerPage.locator('#composer-input').fill(`Hello from ${name}`);
  await customerPage.locator('#composer-input').press('Enter');
  await agentPage.getByTestId('interaction-list').getByText(name).first().click();
  await agentPage.getByTestId('transcript').getByText(`Hello from ${name}`).waitFor();
  await agentPage.getByRole('button', { name: 'Offer co-browse' }).click();
  await customerPage.locator('.offer-card').last().locator('.offer-accept').click();
  await customerPage.getByText('You are sharing this page with').waitFor();
  await agentPage.getByTestId('session-state').getByText('View only').waitFor();
}

/** The customer UI's text (shadow roots opened for the test), empty once the SDK has removed everything. */
const customerUi = (customerPage) => customerPage.evaluate(() =>
  [...document.querySelectorAll('[data-cobrowse-ui]')].filter((host) => host.id !== 'demo-messenger').map((host) => host.shadowRoot?.textContent ?? '').join(' '));

async function expectEnded(agentPage, customerPage, customerWords, agentWords) {
  await customerPage.getByText(`Screen sharing ended — ${customerWords}`).waitFor({ timeout: 15_000 });
  await agentPage.getByTestId('session-state').getByText('Ended').waitFor({ timeout: 15_000 });
  assert.match(await agentPage.getByTestId('session-message').textContent(), agentWords);
}

/**
 * Listeners on window and document, through the DevTools protocol (what the page can't hide), as "file:type".
 * Only listeners added by the page's own scripts count: Playwright's actions add hit-target listeners of their own
 * from scripts without a URL.
 */
async function listenerCounts(page) {
  const cdp = await page.context().newCDPSession(page);
  const scripts = new Map();
  cdp.on('Debugger.scriptParsed', (event) => scripts.set(event.scriptId, event.url));
  await cdp.send('Debugger.enable');
  const list = async (expression) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    return listeners.filter((listener) => scripts.get(listener.scriptId))
      .map((listener) => `${scripts.get(listener.scriptId).split('/').pop()}:${listener.type}`).sort().join(' ');
  };
  const counts = { window: await list('window'), document: await list('document') };
  await cdp.detach();
  return counts;
}

describe('the session follows the customer and the agent', () => {
  test('customer link, reload, back and forward: the mirror follows each page; an agent reload rejoins', { timeout: 90_000 }, async () => {
    const agent = await openAgent(env, 'nina');
    const customer = await openCustomer(env, '/demo/');
    try {
      await startVoice(agent.page, customer.page, 'nina');
      await mirrorUrlIs(agent.page, '/demo/');
      const timings = [];
      const follow = async (what, action, path) => {
        const started = Date.now();
        await action();
        await customer.page.getByText('You are sharing this page with nina').waitFor();
        await mirrorUrlIs(agent.page, path);
        timings.push(`${what} ${Date.now() - started} ms`);
      };
      await follow('link', () => customer.page.getByRole('link', { name: 'Cart', exact: false }).first().click(), '/demo/cart.html');
      await follow('reload', () => customer.page.reload(), '/demo/cart.html');
      await follow('back', () => customer.page.goBack(), '/demo/');
      await follow('forward', () => customer.page.goForward(), '/demo/cart.html');
      console.log(`# mirror follows the customer: ${timings.join(', ')}`);
      assert.equal((await agent.page.getByTestId('session-state').textContent()).trim(), 'View only');

      // The agent reloads the console: it rejoins the session and mirrors the page again.
      await agent.page.reload();
      await mirrorUrlIs(agent.page, '/demo/cart.html', 15_000);
      await customer.page.getByText('You are sharing this page with nina').waitFor();
    } finally {
      await Promise.all([agent.context.close(), customer.context.close()]);
    }
  });
});

describe('reconnects', () => {
  test('the service drops the customer\'s and then the agent\'s connection: both reconnect by themselves and the mirror catches up', { timeout: 90_000 }, async () => {
    const agent = await openAgent(env, 'uma');
    const customer = await openCustomer(env, '/demo/');
    try {
      await startVoice(agent.page, customer.page, 'uma');
      await mirrorUrlIs(agent.page, '/demo/');
      const sessionId = await agent.page.locator('.aa-session[data-session-id]').first().getAttribute('data-session-id');
      const service = new WebPubSubServiceClient(env.stack.connectionString, 'cobrowse', { allowInsecureConnection: true });
      const mirrorShows = (text) => agent.page.waitForFunction(([frameSelector, t]) =>
        document.querySelector(frameSelector)?.contentDocument?.body?.textContent.includes(t), [MIRROR, text], { timeout: 15_000 });

      const sockets = { customer: 0, agent: 0 };
      customer.page.on('websocket', () => { sockets.customer += 1; });
      agent.page.on('websocket', () => { sockets.agent += 1; });

      // The customer's connection is dropped (not an end): the SDK reconnects, and a change made meanwhile arrives.
      assert.ok(await service.userExists(`c:demo:${sessionId}`), 'the customer is connected under the id we drop');
      await service.closeUserConnections(`c:demo:${sessionId}`, { reason: 'test-drop' });
      await customer.page.evaluate(() => document.querySelector('main h1, main h2').append(' — changed while reconnecting'));
      await mirrorShows('changed while reconnecting');
      await customer.page.getByText('You are sharing this page with uma').waitFor();
      assert.ok(sockets.customer >= 1, 'the customer opened a new connection');

      // The agent's connection is dropped: the console reconnects, asks for a snapshot, and stays in step.
      assert.ok(await service.userExists('a:demo:uma'), 'the agent is connected under the id we drop');
      await service.closeUserConnections('a:demo:uma', { reason: 'test-drop' });
      await customer.page.evaluate(() => document.querySelector('main h1, main h2').append(' — and again'));
      await mirrorShows('and again');
      assert.ok(sockets.agent >= 1, 'the console opened a new connection');
      assert.equal((await agent.page.getByTestId('session-state').textContent()).trim(), 'View only');
    } finally {
      await Promise.all([agent.context.close(), customer.context.close()]);
    }
  });
});

describe('every end reason reaches both sides, and leaves the page as the site drew it', () => {
  test('agent End: the page is identical and no listener is left', { timeout: 60_000 }, async () => {
    const agent = await openAgent(env, 'omar');
    const customer = await openCustomer(env, '/demo/');
    try {
      await customer.page.waitForLoadState('load');
      const html = await customer.page.evaluate(() => document.documentElement.outerHTML);
      const listeners = await listenerCounts(customer.page);
      console.log(`# page listeners before the session: ${JSON.stringify(listeners)}`);
      await startVoice(agent.page, customer.page, 'omar');
      const during = await listenerCounts(customer.page);
      assert.match(`${during.window} ${during.document}`, /cobrowse\.js:/, 'the SDK listens while sharing (and the check can see it)');
      await agent.page.getByRole('button', { name: 'End', exact: true }).click();
      await expectEnded(agent.page, customer.page, 'your agent ended it', /agent ended|you ended/i);
      await customer.page.getByRole('button', { name: 'Dismiss' }).click();
      await customer.page.waitForFunction(() => document.querySelectorAll('[data-cobrowse-ui]').length === 1, null, { timeout: 5000 }); // the messenger's own host stays
      assert.equal(await customerUi(customer.page), '');
      assert.equal(await customer.page.evaluate(() => document.documentElement.outerHTML), html);
      assert.deepEqual(await listenerCounts(customer.page), listeners);
      assert.equal(await customer.page.evaluate(() => sessionStorage.length === 0 || !Object.keys(sessionStorage).some((k) => k.toLowerCase().includes('cobrowse'))), true);
    } finally {
      await Promise.all([agent.context.close(), customer.context.close()]);
    }
  });

  test('interaction ended (messaging, "End conversation"): co-browse ends, the conversation shows it ended', { timeout: 60_000 }, async () => {
    const agent = await openAgent(env, 'pia');
    const customer = await openCustomer(env, '/demo/');
    try {
      await startConversationOffer(agent.page, customer.page, 'Message us', 'Quinn');
      await agent.page.getByRole('button', { name: 'End conversation' }).click();
      await expectEnded(agent.page, customer.page, 'your conversation ended', /interaction ended|conversation ended/i);
      await customer.page.locator('#conversation-ended').waitFor();
    } finally {
      await Promise.all([agent.context.close(), customer.context.close()]);
    }
  });

  test('interaction transferred (chat): co-browse ends, the conversation goes on', { timeout: 60_000 }, async () => {
    const agent = await openAgent(env, 'rui');
    const customer = await openCustomer(env, '/demo/');
    try {
      await startConversationOffer(agent.page, customer.page, 'Live chat', 'Sol');
      await agent.page.getByRole('button', { name: 'Transfer' }).click();
      await expectEnded(agent.page, customer.page, 'your conversation was transferred', /transferred/i);
      await customer.page.locator('#composer-input').fill('Still there?');
      await customer.page.locator('#composer-input').press('Enter');
      await agent.page.getByTestId('transcript').getByText('Still there?').waitFor();
    } finally {
      await Promise.all([agent.context.close(), customer.context.close()]);
    }
  });

  test('inactivity (messaging, timeout shortened to 4 s): both sides say why, the conversation goes on', { timeout: 60_000 }, async () => {
    await patchDemoTenant(env, { timeouts: { webMessagingSeconds: 4 } });
    const agent = await openAgent(env, 'sam');
    const customer = await openCustomer(env, '/demo/');
    try {
      await startConversationOffer(agent.page, customer.page, 'Message us', 'Tara');
      const started = Date.now();
      await expectEnded(agent.page, customer.page, 'there was no activity for a while', /inactiv|no activity/i);
      const waited = Date.now() - started;
      assert.ok(waited >= 2500, `ended after ${waited} ms, not before the timeout`);
      await customer.page.locator('#composer-input').fill('I was away');
      await customer.page.locator('#composer-input').press('Enter');
      await agent.page.getByTestId('transcript').getByText('I was away').waitFor();
    } finally {
      await patchDemoTenant(env, { timeouts: {} });
      await Promise.all([agent.context.close(), customer.context.close()]);
    }
  });
});
