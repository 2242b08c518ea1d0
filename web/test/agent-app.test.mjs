// The agent console application at /console/ through the real local stack (demo tenant, product API, relay, demo
// backend) in Chromium: sign-in, the voice key, offers in a conversation, the session list, joining, control mode
// (click, type, select, scroll, navigate, blocked elements, refusals), revoke, deny and every way a session ends.
// The customer is a fixture page sharing itself with CoBrowse.share(); it records the control frames it receives
// and answers control requests over HTTP with its customer token, as the SDK's own UI does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startFixtureServer } from './support/browser.mjs';
import { startLocalStack } from '../tools/local-stack-process.mjs';

const DEMO_API_KEY = 'cbk.demo.local.demo-secret-for-local-use-only'; // the seeded demo tenant's local key
const SITE_KEY = 'site_demo_local';
const ADMIN_KEY = 'local-admin-key-for-development-only-0000'; // the local stack's development admin key
const WORKSPACE = '.aa-workspace:not([hidden])';

let stack;
let server;
let browser;
let agent; // { context, page } of the signed-in console
let agentToken;
const contexts = new Set();

before(async () => {
  // One trusted proxy hop lets each redemption come from its own address instead of using up one address's limit.
  const env = { LocalStack__Demo__Enabled: 'true', CoBrowse__Http__TrustedProxyHops: '1' };
  [stack, server, browser] = await Promise.all([startLocalStack({ env }), startFixtureServer(), launchChromium()]);
  agentToken = (await api('/agent-tokens', { token: DEMO_API_KEY, body: { agentId: 'alice' } })).token;
  const context = await newContext({ width: 1400, height: 900 });
  const page = await context.newPage();
  await page.goto(`${stack.url}/console/#token=${encodeURIComponent(agentToken)}`);
  agent = { context, page };
}, { timeout: 150_000 });

after(async () => {
  await Promise.all([...contexts].map((context) => context.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
  await stack?.stop();
});

async function newContext(viewport) {
  const context = await browser.newContext({ viewport });
  contexts.add(context);
  return context;
}

async function api(path, { token, body, headers = {}, method = 'POST' } = {}) {
  const response = await fetch(`${stack.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

async function demo(path, body) {
  const response = await fetch(`${stack.url}/demo/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

let addresses = 0;
const customerHeaders = () => ({ origin: stack.url, 'x-forwarded-for': `10.1.0.${++addresses}` });

/**
 * A customer page sharing itself for a session. It is served by the fixture server: the key or offer was answered
 * over HTTP with the tenant's origin, and negotiate needs only the customer token.
 */
async function openCustomer(joined) {
  const context = await newContext({ width: 1024, height: 700 });
  const page = await context.newPage();
  const sessionId = joined.session.sessionId;
  await page.exposeFunction('__negotiate', () => api(`/sessions/${sessionId}/realtime/negotiate`, { token: joined.customerToken }));
  await page.goto(`${server.url}/agent-customer.html`);
  await page.addScriptTag({ url: `${stack.url}/static/cobrowse.js` });
  await page.evaluate(async () => {
    window.__controls = [];
    window.__share = await window.CoBrowse.share({ negotiate: () => window.__negotiate(), onControl: (frame) => window.__controls.push(frame) });
  });
  const customerApi = (path) => api(`/sessions/${sessionId}${path}`, { token: joined.customerToken });
  return { context, page, sessionId, customerApi };
}

const workspace = () => agent.page.locator(WORKSPACE);

async function waitForText(locator, pattern, timeout = 10_000) {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout });
}

/** New voice call → Screen share → the customer redeems the key read from the screen → the console joins. */
async function startVoiceSession() {
  await agent.page.click('[data-action=new-call]');
  await workspace().locator('[data-action=screen-share]').click();
  const key = await workspace().locator('[data-testid=security-key]').textContent({ timeout: 10_000 });
  assert.match(key, /^\d{3} \d{3}$/, 'the key is shown in two readable groups');
  const joined = await api('/security-keys/redeem', { headers: customerHeaders(), body: { siteKey: SITE_KEY, key } });
  const customer = await openCustomer(joined);
  await waitForText(workspace().locator('[data-testid=session-state]'), 'View only', 15_000);
  await waitForMirror('#title');
  return { ...customer, interactionId: joined.session.interactionId };
}

async function waitForMirror(selector) {
  await agent.page.waitForFunction(([scope, sel]) => {
    const frame = document.querySelector(`${scope} iframe[title="Customer page"]`);
    return Boolean(frame?.contentDocument?.querySelector(sel));
  }, [WORKSPACE, selector], { timeout: 15_000 });
}

/** A point over a mirror element, on the agent's screen (the mirror is scaled to fit). */
async function mirrorPoint(selector, fx = 0.5, fy = 0.5) {
  return agent.page.evaluate(([scope, sel, dx, dy]) => {
    const frame = document.querySelector(`${scope} iframe[title="Customer page"]`);
    const box = frame.getBoundingClientRect();
    const scale = box.width / frame.offsetWidth;
    const rect = frame.contentDocument.querySelector(sel).getBoundingClientRect();
    return { x: box.left + (rect.left + rect.width * dx) * scale, y: box.top + (rect.top + rect.height * dy) * scale };
  }, [WORKSPACE, selector, fx, fy]);
}

/** Waits for the customer to have received a control frame matching `match`; returns it with its element's id. */
async function receivedControl(customer, match, timeout = 8000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frames = await customer.page.evaluate(() => window.__controls.map((frame) => ({ ...frame, element: frame.id === undefined ? undefined : window.__share.nodeOf(frame.id)?.id })));
    const found = frames.find(match);
    if (found) return found;
    if (Date.now() > deadline) assert.fail(`no matching control frame; received ${JSON.stringify(frames)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const controlCount = (customer) => customer.page.evaluate(() => window.__controls.length);

async function takeControl(customer) {
  await workspace().locator('[data-action=request-control]').click();
  await waitForText(workspace().locator('[data-testid=session-state]'), 'Control requested');
  await customer.customerApi('/control-requests/approve');
  await waitForText(workspace().locator('[data-testid=session-state]'), 'In control');
  await workspace().locator('.cbc[data-mode=control]').waitFor();
}

test('signs in with the token from the address, drops it from the address and keeps it for the tab; demo sign-in by agent id', async () => {
  const { page } = agent;
  await waitForText(page.locator('[data-testid=agent-id]'), 'alice');
  assert.ok(!page.url().includes('token='), 'the token leaves the address bar');
  await page.reload();
  await waitForText(page.locator('[data-testid=agent-id]'), 'alice');

  const context = await newContext({ width: 1200, height: 800 });
  const other = await context.newPage();
  await other.goto(`${stack.url}/console/`);
  await other.fill('#aa-agent-id', 'bob');
  await other.click('.aa-signin button[type=submit]');
  await waitForText(other.locator('[data-testid=agent-id]'), 'bob');
  await context.close();
  contexts.delete(context);
});

test('voice: the key is large and readable with a countdown; the customer redeems it, the console joins and lists the session', async () => {
  const customer = await startVoiceSession();
  assert.match(await workspace().locator('[data-testid=session-duration]').textContent(), /^\d+:\d\d$/);
  const row = agent.page.locator(`[data-testid=session-list] [data-session-id="${customer.sessionId}"]`);
  await row.waitFor({ timeout: 8000 });
  assert.match(await row.textContent(), /View only/);
  assert.match(await row.textContent(), /Voice/);

  // The agent reloads the console: it rejoins the session it had open and the mirror comes back.
  await agent.page.reload();
  await waitForText(workspace().locator('[data-testid=session-state]'), 'View only', 15_000);
  await waitForMirror('#title');
  assert.equal(await workspace().getAttribute('data-interaction-id'), customer.interactionId);

  // Closing the interaction leaves its session: it is gone from the work area and stays gone after a reload.
  await workspace().locator('[data-action=close-workspace]').click();
  assert.equal(await agent.page.locator(`.aa-workspace[data-interaction-id="${customer.interactionId}"]`).count(), 0);
  await agent.page.reload();
  await agent.page.locator('[data-testid=agent-id]').waitFor();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(await agent.page.locator(`.aa-workspace[data-interaction-id="${customer.interactionId}"]`).count(), 0);
  await customer.context.close();
});

test('in control: clicks, typing, keys, the select picker, wheel scrolling and navigation reach the customer as control frames; blocked elements and refusals show hints', async () => {
  const customer = await startVoiceSession();
  await takeControl(customer);
  const { page } = agent;
  const activity = page.waitForResponse((response) => response.url().endsWith(`/sessions/${customer.sessionId}/activity`) && response.request().method() === 'POST');

  const name = await mirrorPoint('#name', 0.25, 0.5);
  await page.mouse.click(name.x, name.y);
  const click = await receivedControl(customer, (f) => f.t === 'click' && f.element === 'name');
  assert.ok(click.x > 0 && click.x < 240 && click.y > 0 && click.y < 32, `inside the field in customer pixels: ${click.x},${click.y}`);
  assert.equal((await activity).status(), 202, "the agent's input counts as activity in the session");

  await page.keyboard.type('Ann');
  await page.keyboard.press('Backspace');
  await receivedControl(customer, (f) => f.t === 'key' && f.key === 'Backspace' && f.element === 'name');
  const texts = () => customer.page.evaluate(() => window.__controls.filter((f) => f.t === 'text').map((f) => f.text));
  assert.equal((await texts()).join(''), 'Ann');

  // An IME composition leaves only its committed text; a long paste leaves in frames within the protocol's limit.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'にほ', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.imeSetComposition', { text: 'にほん', selectionStart: 3, selectionEnd: 3 });
  assert.equal(await page.locator(`${WORKSPACE} .cbc-keyboard`).inputValue(), 'にほん', 'the composition is under way in the keyboard sink');
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal((await texts()).join(''), 'Ann', 'nothing leaves while composing');
  await cdp.send('Input.insertText', { text: '日本' });
  await page.keyboard.insertText('x'.repeat(2100));
  const deadline = Date.now() + 5000;
  while ((await texts()).join('').length < 3 + 2 + 2100 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal((await texts()).join(''), `Ann日本${'x'.repeat(2100)}`);
  assert.ok((await texts()).every((text) => text.length <= 1000), 'no text frame over CONTROL_LIMITS.text');
  assert.ok(!(await texts()).some((text) => /[にほん]/.test(text)), 'nothing of the composition in progress leaves');

  const size = await mirrorPoint('#size');
  await page.mouse.click(size.x, size.y);
  const picker = page.locator(`${WORKSPACE} .cbc-picker-list`);
  await picker.waitFor();
  assert.deepEqual(await picker.locator('option').allTextContents(), ['Small', 'Medium', 'Large']);
  await picker.selectOption({ index: 2 });
  await picker.press('Enter');
  const select = await receivedControl(customer, (f) => f.t === 'select');
  assert.equal(select.element, 'size');
  assert.deepEqual(select.indices, [2]);

  // An element inside a same-origin frame of the page: named by its own id, the point in the frame's pixels.
  const inFrame = await agent.page.evaluate((scope) => {
    const frame = document.querySelector(`${scope} iframe[title="Customer page"]`);
    const box = frame.getBoundingClientRect();
    const scale = box.width / frame.offsetWidth;
    const inner = frame.contentDocument.getElementById('frame');
    const innerBox = inner.getBoundingClientRect();
    const button = inner.contentDocument.getElementById('in-frame').getBoundingClientRect();
    return { x: box.left + (innerBox.left + inner.clientLeft + button.left + 30) * scale, y: box.top + (innerBox.top + inner.clientTop + button.top + 10) * scale };
  }, WORKSPACE);
  await page.mouse.click(inFrame.x, inFrame.y);
  const frameClick = await receivedControl(customer, (f) => f.t === 'click' && f.id !== click.id);
  assert.equal(await customer.page.evaluate((id) => {
    const node = window.__share.nodeOf(id);
    return node?.ownerDocument !== document ? node?.id : 'top document';
  }, frameClick.id), 'in-frame');
  assert.ok(Math.abs(frameClick.x - 30) < 2 && Math.abs(frameClick.y - 10) < 2, `the point inside the button: ${frameClick.x},${frameClick.y}`);

  const title = await mirrorPoint('#title');
  await page.mouse.move(title.x, title.y);
  await page.mouse.wheel(0, 400);
  const windowScroll = await receivedControl(customer, (f) => f.t === 'scroll' && f.id === undefined);
  assert.ok(windowScroll.y > 0, 'the window scrolls down');
  const list = await mirrorPoint('#list');
  await page.mouse.move(list.x, list.y);
  await page.mouse.wheel(0, 80);
  const listScroll = await receivedControl(customer, (f) => f.t === 'scroll' && f.id !== undefined);
  assert.equal(listScroll.element, 'list', 'the scrollable element under the pointer scrolls');

  const address = page.locator(`${WORKSPACE} .cbc-nav-url`);
  assert.equal(await address.inputValue(), '/agent-customer.html');
  const before = await controlCount(customer);
  await address.fill('https://elsewhere.example/');
  await address.press('Enter');
  await waitForText(page.locator(`${WORKSPACE} .cbc-hint`), 'Only pages of this site');
  await address.fill('/agent-customer.html?step=2');
  await address.press('Enter');
  const navigate = await receivedControl(customer, (f) => f.t === 'navigate');
  assert.equal(navigate.url, `${server.url}/agent-customer.html?step=2`);
  assert.equal((await customer.page.evaluate(() => window.__controls.slice(-1)[0])).t, 'navigate');
  assert.equal(await controlCount(customer), before + 1, 'the other-site address never left the console');
  await page.click(`${WORKSPACE} [data-nav=back]`);
  await receivedControl(customer, (f) => f.t === 'history' && f.action === 'back');

  const pay = await mirrorPoint('#pay');
  await page.mouse.move(pay.x, pay.y);
  await page.locator(`${WORKSPACE} .cbc-blocked-tip`).filter({ hasText: 'Blocked by the site' }).waitFor({ state: 'visible' });
  assert.equal(await page.locator(`${WORKSPACE} .cbc-input`).getAttribute('data-blocked'), 'true');
  await page.mouse.click(pay.x, pay.y);
  await waitForText(page.locator(`${WORKSPACE} .cbc-hint`), 'Blocked by the site');
  const refusedId = (await receivedControl(customer, (f) => f.t === 'click' && f.element === 'pay')).id;
  await customer.page.evaluate((id) => window.__share.send({ v: 1, t: 'control-refused', action: 'click', reason: 'not-in-control', id }), refusedId);
  await waitForText(page.locator(`${WORKSPACE} .cbc-hint`), 'Customer has not granted control');

  // The agent releases control: view-only at once, and the pointer no longer clicks.
  await workspace().locator('[data-action=revoke-control]').click();
  await waitForText(workspace().locator('[data-testid=session-state]'), 'View only');
  await waitForText(workspace().locator('[data-testid=session-message]'), 'You released control');
  await workspace().locator('.cbc[data-mode=view]').waitFor();
  const afterRevoke = await controlCount(customer);
  await page.mouse.click(name.x, name.y);
  await page.keyboard.type('x');
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(await controlCount(customer), afterRevoke, 'nothing is sent in view-only mode');
  await customer.context.close();
});

test('the customer denies, then grants and revokes control: the console says so and goes back to view-only', async () => {
  const customer = await startVoiceSession();
  await workspace().locator('[data-action=request-control]').click();
  await waitForText(workspace().locator('[data-testid=session-state]'), 'Control requested');
  await customer.customerApi('/control-requests/deny');
  await waitForText(workspace().locator('[data-testid=session-message]'), 'Customer denied control');
  await waitForText(workspace().locator('[data-testid=session-state]'), 'View only');

  await takeControl(customer);
  await customer.customerApi('/control/revoke');
  await waitForText(workspace().locator('[data-testid=session-message]'), 'Customer revoked control');
  await workspace().locator('.cbc[data-mode=view]').waitFor();
  await customer.context.close();
});

test('a control frame the service refuses switches the view to view-only at once with "Control ended"', async () => {
  const context = await newContext({ width: 1000, height: 700 });
  const page = await context.newPage();
  await page.goto(`${stack.url}/static/console.js`); // any page of the origin; the bundle is then added to it
  await page.setContent('<div id="host" style="width:900px;height:600px"></div>');
  await page.addScriptTag({ url: `${stack.url}/static/console.js` });
  const result = await page.evaluate(async () => {
    let lost = 0;
    const view = window.CoBrowseConsole.createConsole(document.getElementById('host'), {
      send: () => undefined,
      sendControl: () => Promise.reject(new Error('forbidden')),
      onControlLost: () => { lost += 1; },
    });
    view.setMode('control');
    document.querySelector('[data-nav=reload]').click();
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { mode: view.mode, lost, hint: document.querySelector('.cbc-hint')?.textContent };
  });
  assert.deepEqual(result, { mode: 'view', lost: 1, hint: 'Control ended' });
  await context.close();
  contexts.delete(context);
});

test('ends by the customer, by the agent, by an interaction transfer and by hanging up show the reason over the frozen mirror', async () => {
  const cases = [
    { end: (c) => c.customerApi('/end'), reason: 'Session ended — the customer ended the session' },
    { end: () => workspace().locator('[data-action=end-session]').click(), reason: 'Session ended — you ended the session' },
    { end: () => workspace().locator('[data-action=transfer-interaction]').click(), reason: 'Session ended — the interaction was transferred' },
    { end: () => workspace().locator('[data-action=end-interaction]').click(), reason: 'Session ended — the interaction ended' },
  ];
  for (const { end, reason } of cases) {
    const customer = await startVoiceSession();
    await end(customer);
    await waitForText(workspace().locator('[data-testid=session-message]'), reason, 15_000);
    const overlay = workspace().locator('.cbc-frozen');
    assert.equal(await overlay.textContent(), reason);
    assert.ok(await workspace().locator('iframe[title="Customer page"]').isVisible(), 'the mirror stays, frozen');
    assert.ok(await workspace().locator('[data-action=end-session]').isDisabled());
    await customer.context.close();
  }
});

test('web messaging: the offer goes into the conversation, the agent chats, and the console joins when the customer accepts', async () => {
  const conversation = await demo('/conversations', { channel: 'webMessaging', customerName: 'Dana Customer' });
  const id = conversation.conversationId;
  const row = agent.page.locator(`[data-testid=interaction-list] [data-interaction-id="${id}"]`);
  await row.waitFor({ timeout: 8000 });
  await row.click();
  await demo(`/conversations/${id}/messages`, { from: 'customer', kind: 'text', text: 'Where do I enter the coupon?' });
  await waitForText(workspace().locator('[data-testid=transcript] .aa-from-customer'), 'Where do I enter the coupon?');
  await workspace().locator('.aa-composer-field').fill('Let me show you.');
  await workspace().locator('.aa-composer-field').press('Enter');
  await waitForText(workspace().locator('[data-testid=transcript] .aa-from-agent'), 'Let me show you.');

  await workspace().locator('[data-action=offer-cobrowse]').click();
  const card = workspace().locator('[data-testid=offer-status]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-status'), 'waiting');
  await waitForText(workspace().locator('[data-testid=transcript] .aa-kind-cobrowseOffer'), 'Co-browse offered');

  // The messenger reads the offer id from the conversation, as the customer's widget does.
  const offerId = await readOfferId(id);
  const joined = await api(`/offers/${offerId}/accept`, { headers: customerHeaders(), body: { siteKey: SITE_KEY } });
  await demo(`/conversations/${id}/messages`, { from: 'customer', kind: 'cobrowseAnswer', offerId, answer: 'accepted' });
  const customer = await openCustomer(joined);
  await waitForText(workspace().locator('[data-testid=session-state]'), 'View only', 15_000);
  await waitForMirror('#title');
  assert.equal(joined.session.channel, 'webMessaging');

  // Ending the conversation ends its co-browse too; the conversation says so, and nothing can start in it any more.
  await workspace().locator('[data-action=end-interaction]').click();
  await waitForText(workspace().locator('[data-testid=session-message]'), 'Session ended — the interaction ended', 15_000);
  await waitForText(workspace().locator('[data-testid=transcript] .aa-from-system'), 'ended');
  await waitForText(workspace().locator('[data-testid=workspace-message]'), 'This interaction is ended.');
  assert.ok(await workspace().locator('[data-action=offer-cobrowse]').isDisabled());
  await customer.context.close();
});

/** The id of the conversation's n-th cobrowseOffer message (from 0), from the demo backend's event stream. */
async function readOfferId(conversationId, nth = 0) {
  const controller = new AbortController();
  const response = await fetch(`${stack.url}/demo/api/conversations/${conversationId}/events?after=0`, { signal: controller.signal });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      const complete = text.slice(0, text.lastIndexOf('\n') + 1);
      text = text.slice(complete.length);
      for (const line of complete.split('\n')) {
        if (!line.startsWith('data:')) continue;
        const message = JSON.parse(line.slice(5));
        if (message.kind === 'cobrowseOffer' && nth-- === 0) return message.offerId;
      }
    }
  } finally {
    controller.abort();
  }
  throw new Error('no offer in the conversation');
}

test('web chat: a declined offer says so; an accepted one that sees no activity ends for inactivity', async () => {
  // Web chat sessions of the demo tenant time out after 3 s of no activity from here on (no other test uses web chat).
  const patched = await fetch(`${stack.url}/api/v1/admin/tenants/demo`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', 'x-cobrowse-admin-key': ADMIN_KEY },
    body: JSON.stringify({ timeouts: { webChatSeconds: 3 } }),
  });
  assert.ok(patched.ok, `PATCH tenant: ${patched.status} ${await patched.text()}`);
  const { conversationId: id } = await demo('/conversations', { channel: 'webChat', customerName: 'Ken Sato' });
  const row = agent.page.locator(`[data-testid=interaction-list] [data-interaction-id="${id}"]`);
  await row.waitFor({ timeout: 8000 });
  await row.click();

  const offer = workspace().locator('[data-action=offer-cobrowse]');
  const card = workspace().locator('[data-testid=offer-status]');
  await offer.click();
  await api(`/offers/${await readOfferId(id)}/decline`, { headers: customerHeaders(), body: { siteKey: SITE_KEY } });
  await agent.page.waitForFunction((scope) => document.querySelector(`${scope} [data-testid=offer-status]`)?.dataset.status === 'declined', WORKSPACE, { timeout: 8000 });
  assert.match(await card.textContent(), /declined/);

  await offer.click();
  const joined = await api(`/offers/${await readOfferId(id, 1)}/accept`, { headers: customerHeaders(), body: { siteKey: SITE_KEY } });
  const customer = await openCustomer(joined);
  await waitForText(workspace().locator('[data-testid=session-state]'), 'View only', 15_000);
  await waitForText(workspace().locator('[data-testid=session-message]'), 'Session ended — no activity for too long', 20_000);
  await customer.context.close();
});
