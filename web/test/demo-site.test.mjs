// The demo served by the local stack, in Chromium: the Northwind shop's pages and their own scripts (cart, search,
// checkout validation, privacy markup) and the reference messenger (conversation round trip with an agent through
// the demo API, co-browse offer cards for messaging and chat, real offers accepted, declined or refused through the SDK).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './support/browser.mjs';
import { startLocalStack } from '../tools/local-stack-process.mjs';

const SITE_KEY = 'site_demo_local';

let stack;
let browser;
const contexts = new Set();

before(async () => {
  [stack, browser] = await Promise.all([startLocalStack({ env: { LocalStack__Demo__Enabled: 'true' } }), launchChromium()]);
}, { timeout: 150_000 });

after(async () => {
  await Promise.all([...contexts].map((context) => context.close().catch(() => undefined)));
  await browser?.close();
  await stack?.stop();
});

/** A fresh customer (own storage) with every console error and uncaught exception recorded. */
async function customerPage() {
  const context = await browser.newContext({ viewport: { width: 1200, height: 850 } });
  contexts.add(context);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => { if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`); });
  return { page, problems, close: () => { contexts.delete(context); return context.close(); } };
}

const demo = (path) => `${stack.url}/demo/${path}`;

async function post(path, body, token) {
  const response = await fetch(stack.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body ?? {}),
  });
  const json = await response.json().catch(() => undefined);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const agentToken = async () => (await post('/demo/api/agent-token', { agentId: 'alice' })).token;
const agentSays = (conversationId, text) => post(`/demo/api/conversations/${conversationId}/messages`, { from: 'agent', kind: 'text', text });

async function sessionState(token, sessionId) {
  const response = await fetch(`${stack.url}/api/v1/sessions/${sessionId}`, { headers: { authorization: `Bearer ${token}` } });
  return response.json();
}

async function waitForSessionState(token, sessionId, state) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const session = await sessionState(token, sessionId);
    if (session.state === state) return session;
    if (Date.now() > deadline) throw new Error(`session ${sessionId} stayed ${JSON.stringify(session)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Opens the widget (unless it is open) and starts a conversation on `channel`; returns its id. */
async function startConversation(page, channel, name = 'Ann') {
  const launcher = page.getByRole('button', { name: /^Chat with us/ });
  if ((await launcher.getAttribute('aria-expanded')) !== 'true') await launcher.click();
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('radio', { name: channel === 'webChat' ? /Live chat/ : /Message us/ }).check();
  await page.getByRole('button', { name: 'Start conversation' }).click();
  await page.locator('#demo-messenger #composer').waitFor();
  return page.evaluate(() => JSON.parse(localStorage.getItem('demoMessenger.conversation')).conversationId);
}

describe('demo shop', () => {
  test('every page loads with its stylesheet, the SDK and the messenger, without console errors', async () => {
    const { page, problems, close } = await customerPage();
    for (const path of ['', 'index.html', 'product.html?id=basecamp-tent', 'cart.html', 'checkout.html', 'order.html?order=none', 'account.html']) {
      await page.goto(demo(path));
      await page.locator('#demo-messenger').waitFor({ state: 'attached' });
      const loaded = await page.evaluate(() => ({
        styled: getComputedStyle(document.querySelector('.site-header')).position,
        sdk: typeof window.CoBrowse?.showKeyPrompt,
        messenger: typeof window.DemoMessenger?.mount,
        footerButton: document.getElementById('share-screen')?.textContent,
      }));
      assert.deepEqual(loaded, { styled: 'sticky', sdk: 'function', messenger: 'function', footerButton: 'Share my screen with an agent' }, path);
    }
    assert.deepEqual(problems, []);
    await close();
  });

  test('the catalog filters as the customer types and picks a category', async () => {
    const { page, close } = await customerPage();
    await page.goto(demo('index.html'));
    const names = () => page.locator('#product-grid .product-name').allTextContents();
    assert.equal((await names()).length, 12);

    await page.getByLabel('Search products').pressSequentially('tent');
    assert.deepEqual(await names(), ['Basecamp 2P Tent']);

    await page.getByLabel('Search products').fill('');
    await page.getByRole('button', { name: 'Footwear' }).click();
    assert.deepEqual(await names(), ['Granite Hiking Boot', 'Riverbed Trail Runner', 'Camp Slide']);
    assert.equal(await page.getByRole('button', { name: 'Footwear' }).getAttribute('aria-pressed'), 'true');
    await close();
  });

  test('adding to the cart updates the badge at once, and the cart totals follow quantity changes', async () => {
    const { page, problems, close } = await customerPage();
    await page.goto(demo('index.html'));
    const badge = page.locator('#cart-count');
    assert.equal(await badge.isHidden(), true);

    await page.getByRole('button', { name: 'Add Trailhead Fleece to cart' }).click();
    assert.equal(await badge.textContent(), '1');

    await page.goto(demo('product.html?id=cascade-daypack'));
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    assert.equal(await badge.textContent(), '3');
    assert.match(await page.locator('#added-message').textContent(), /Added 2 × Cascade 30L Daypack/);

    await page.goto(demo('cart.html'));
    assert.equal(await page.locator('#cart-total').textContent(), '$257.00'); // 79 + 2 × 89
    await page.getByLabel('Quantity of Trailhead Fleece').fill('3');
    await page.getByLabel('Quantity of Trailhead Fleece').dispatchEvent('change');
    assert.equal(await page.locator('#cart-total').textContent(), '$415.00'); // 3 × 79 + 2 × 89
    assert.equal(await badge.textContent(), '5');
    await page.getByRole('button', { name: 'Remove Cascade 30L Daypack' }).click();
    assert.equal(await page.locator('#cart-total').textContent(), '$237.00');
    assert.deepEqual(problems, []);
    await close();
  });

  test('checkout: card fields carry cc-* autocomplete inside a blocked payment form, fields validate live, paying confirms the order', async () => {
    const { page, problems, close } = await customerPage();
    await page.goto(demo('product.html?id=lumen-headlamp'));
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.goto(demo('checkout.html'));

    const privacy = await page.evaluate(() => ({
      autocomplete: ['card-name', 'card-number', 'card-expiry', 'card-cvc'].map((id) => document.getElementById(id).getAttribute('autocomplete')),
      paymentBlocked: document.getElementById('payment-form').hasAttribute('data-cobrowse-block'),
      payNowInBlockedForm: document.getElementById('pay-now').closest('[data-cobrowse-block]')?.id,
      payNowSubmits: document.getElementById('pay-now').type,
    }));
    assert.deepEqual(privacy, { autocomplete: ['cc-name', 'cc-number', 'cc-exp', 'cc-csc'], paymentBlocked: true, payNowInBlockedForm: 'payment-form', payNowSubmits: 'submit' });

    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Email').dispatchEvent('change');
    assert.match(await page.locator('#email-error').textContent(), /email address/);
    assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Email').pressSequentially('x', { delay: 0 });
    await page.getByLabel('Email').fill('ann@example.com');
    assert.equal(await page.locator('#email-error').textContent(), '');

    assert.equal(await page.locator('#checkout-total').textContent(), '$29.00');
    await page.getByLabel('Shipping', { exact: true }).selectOption('express');
    assert.equal(await page.locator('#checkout-total').textContent(), '$44.00');

    await page.getByRole('button', { name: 'Pay now' }).click();
    assert.equal(await page.locator('#checkout-error').textContent(), 'Please correct the highlighted fields.');
    assert.equal(page.url(), demo('checkout.html'));

    await page.getByLabel('Full name').fill('Ann Example');
    await page.getByLabel('Address').fill('1 Trail Road');
    await page.getByLabel('City').fill('Seattle');
    await page.getByLabel('Postal code').fill('98101');
    await page.getByLabel('Name on card').fill('Ann Example');
    await page.getByLabel('Card number').fill('4242 4242 4242 4241');
    await page.getByLabel('Card number').dispatchEvent('change');
    assert.equal(await page.locator('#card-number-error').textContent(), 'This card number is not valid.');
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM/YY)').fill('12/39');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Pay now' }).click();

    await page.waitForURL(/order\.html\?order=NW-/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Your order is confirmed');
    assert.equal(await page.locator('#order-total').textContent(), '$44.00');
    assert.equal(await page.locator('#cart-count').isHidden(), true);
    const stored = await page.evaluate(() => localStorage.getItem('northwind.orders'));
    assert.doesNotMatch(stored, /4242|123\b|12\/39/, 'no card data is kept');
    assert.deepEqual(problems, []);
    await close();
  });

  test('account: the password field, a masked phone number and redacted saved cards', async () => {
    const { page, close } = await customerPage();
    await page.goto(demo('account.html'));
    const marks = await page.evaluate(() => ({
      password: document.getElementById('signin-password').type,
      phoneMasked: document.getElementById('profile-phone').hasAttribute('data-cobrowse-mask'),
      cardsRedacted: document.getElementById('saved-cards').hasAttribute('data-cobrowse-redact'),
    }));
    assert.deepEqual(marks, { password: 'password', phoneMasked: true, cardsRedacted: true });

    await page.getByLabel('Email').fill('jordan@example.com');
    await page.getByLabel('Password').fill('hunter2');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.locator('#signin-message').textContent(), /Signed in as jordan@example.com/);
    await close();
  });

  test("the footer's Share my screen button opens the SDK's key prompt", async () => {
    const { page, problems, close } = await customerPage();
    await page.goto(demo('index.html'));
    assert.equal(await page.locator('cobrowse-ui').count(), 0);

    await page.getByRole('button', { name: 'Share my screen with an agent' }).click();

    await page.locator('cobrowse-ui').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#share-screen-unavailable').isHidden(), true);
    assert.deepEqual(problems, []);
    await close();
  });
});

describe('reference messenger', () => {
  test('a customer message and an agent reply travel both ways and survive moving to another page', async () => {
    const { page, problems, close } = await customerPage();
    await page.goto(demo('index.html'));
    const id = await startConversation(page, 'webMessaging');

    await page.getByLabel('Message', { exact: true }).fill('Does the tent fit two?');
    await page.keyboard.press('Enter');
    await page.locator('#messages li[data-from="customer"]').waitFor();
    await agentSays(id, 'Yes, with room for two packs.');
    await page.locator('#messages li[data-from="agent"]').waitFor();

    const log = page.getByRole('log', { name: 'Conversation' });
    assert.equal(await log.getAttribute('aria-live'), 'polite');
    assert.deepEqual(await log.locator('.message-text').allTextContents(), ['Does the tent fit two?', 'Yes, with room for two packs.']);
    assert.equal(await page.locator('#demo-messenger').getAttribute('data-cobrowse-ui'), '');

    await page.goto(demo('cart.html'));
    await page.locator('#messages li[data-from="agent"]').waitFor();
    assert.deepEqual(await log.locator('.message-text').allTextContents(), ['Does the tent fit two?', 'Yes, with room for two packs.']);
    await agentSays(id, 'Anything else?');
    await page.locator('#messages li[data-seq="3"]').waitFor();
    assert.deepEqual(problems, []);
    await close();
  });

  test("the widget stays out of the capture: the agent never sees or drives the customer's chat", async () => {
    const { page, close } = await customerPage();
    await page.goto(demo('index.html'));
    await startConversation(page, 'webChat');
    const snapshot = await page.evaluate(() => {
      const frames = [];
      const capture = window.CoBrowse.startCapture({ send: (frame) => frames.push(JSON.stringify(frame)) });
      capture.flush();
      capture.stop();
      return frames.join('\n');
    });
    assert.match(snapshot, /Northwind/);
    assert.doesNotMatch(snapshot, /Start conversation|Write a message|demo-messenger/);
    await close();
  });

  test('an offer in web messaging asks Accept or Decline; in web chat, Start sharing or Not now', async () => {
    for (const [channel, accept, decline] of [['webMessaging', 'Accept', 'Decline'], ['webChat', 'Start sharing', 'Not now']]) {
      const { page, close } = await customerPage();
      await page.goto(demo('index.html'));
      const id = await startConversation(page, channel);

      await post(`/demo/api/conversations/${id}/messages`, { from: 'agent', kind: 'cobrowseOffer', offerId: `o-${channel}` });

      const card = page.locator(`.offer-card[data-offer-id="o-${channel}"]`);
      await card.waitFor();
      assert.equal(await card.getByRole('button', { name: accept, exact: true }).isVisible(), true, channel);
      assert.equal(await card.getByRole('button', { name: decline, exact: true }).isVisible(), true, channel);
      await close();
    }
  });

  test('accepting a real offer starts the co-browse session and settles every card of that offer', async () => {
    const { page, problems, close } = await customerPage();
    await page.goto(demo('index.html'));
    const id = await startConversation(page, 'webMessaging');
    const token = await agentToken();
    const offer = await post(`/api/v1/interactions/${id}/offers`, { channel: 'webMessaging' }, token);
    await post(`/demo/api/conversations/${id}/messages`, { from: 'agent', kind: 'cobrowseOffer', offerId: offer.offerId });

    const card = page.locator(`.offer-card[data-offer-id="${offer.offerId}"]`);
    await card.getByRole('button', { name: 'Accept', exact: true }).click();
    await card.getByText('You agreed to share your screen.').waitFor();
    await waitForSessionState(token, offer.sessionId, 'viewOnly');
    await page.locator('#messages li[data-kind="cobrowseAnswer"]').waitFor();
    assert.equal(await page.evaluate(() => window.CoBrowse.state().sessionId), offer.sessionId);

    // The same offer again (an agent re-sending it): the conversation already holds the answer.
    await post(`/demo/api/conversations/${id}/messages`, { from: 'agent', kind: 'cobrowseOffer', offerId: offer.offerId });
    const again = page.locator(`.offer-card[data-offer-id="${offer.offerId}"]`).nth(1);
    await again.waitFor();
    assert.equal(await again.getByRole('button', { name: 'Accept', exact: true }).isVisible(), false, 'an answered offer is settled on arrival');
    assert.deepEqual(problems, []);
    await close();
  });

  test('declining a real offer ends its pending session with offerDeclined', async () => {
    const { page, close } = await customerPage();
    await page.goto(demo('index.html'));
    const id = await startConversation(page, 'webChat');
    const token = await agentToken();
    const offer = await post(`/api/v1/interactions/${id}/offers`, { channel: 'webChat' }, token);
    await post(`/demo/api/conversations/${id}/messages`, { from: 'agent', kind: 'cobrowseOffer', offerId: offer.offerId });

    await page.getByRole('button', { name: 'Not now' }).click();

    await page.getByText('You declined to share your screen.').first().waitFor();
    const session = await waitForSessionState(token, offer.sessionId, 'ended');
    assert.equal(session.endReason, 'offerDeclined');
    await close();
  });

  test('an expired or used offer clicked in the widget shows the reason inline', async () => {
    const { page, close } = await customerPage();
    await page.goto(demo('index.html'));
    const id = await startConversation(page, 'webMessaging');
    const token = await agentToken();
    const offer = await post(`/api/v1/interactions/${id}/offers`, { channel: 'webMessaging' }, token);
    // Answered elsewhere first (another tab of the customer's): the offer is spent.
    const declined = await fetch(`${stack.url}/api/v1/offers/${offer.offerId}/decline`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: stack.url }, body: JSON.stringify({ siteKey: SITE_KEY }),
    });
    assert.equal(declined.ok, true);
    await post(`/demo/api/conversations/${id}/messages`, { from: 'agent', kind: 'cobrowseOffer', offerId: offer.offerId });

    const card = page.locator(`.offer-card[data-offer-id="${offer.offerId}"]`);
    await card.getByRole('button', { name: 'Accept', exact: true }).click();

    const alert = card.getByRole('alert');
    await alert.filter({ hasText: /./ }).waitFor();
    assert.match(await alert.textContent(), /expired|already|answered/i);
    await close();
  });

  test('when the conversation ends the history stays, the composer goes, and a new conversation can start', async () => {
    const { page, problems, close } = await customerPage();
    await page.goto(demo('index.html'));
    const id = await startConversation(page, 'webChat');
    await agentSays(id, 'Glad I could help.');
    await page.locator('#messages li[data-from="agent"]').waitFor();

    await post(`/demo/api/interactions/${id}/end`);

    await page.locator('#conversation-ended').waitFor();
    assert.equal(await page.locator('#composer').isHidden(), true);
    assert.deepEqual(await page.locator('#messages .message-text').allTextContents(), ['Glad I could help.', 'The conversation has ended.']);

    await page.getByRole('button', { name: 'Start a new conversation' }).click();
    const next = await startConversation(page, 'webMessaging', 'Ann again');
    assert.notEqual(next, id);
    assert.equal(await page.locator('#messages li').count(), 0);
    assert.deepEqual(problems, []);
    await close();
  });

  test('the widget is keyboard operable: Escape closes the panel and gives focus back to the launcher', async () => {
    const { page, close } = await customerPage();
    await page.goto(demo('index.html'));
    const launcher = page.getByRole('button', { name: /^Chat with us/ });
    await launcher.focus();
    await page.keyboard.press('Enter');
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.evaluate(() => document.getElementById('demo-messenger').shadowRoot.activeElement?.id), 'customer-name');

    await page.keyboard.press('Escape');

    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.getByRole('dialog').count(), 0);
    assert.equal(await page.evaluate(() => document.getElementById('demo-messenger').shadowRoot.activeElement?.id), 'launcher');
    await close();
  });
});
