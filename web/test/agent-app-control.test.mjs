// The agent console application driving the real customer SDK, end to end through the local stack in Chromium: a
// tenant's checkout page on its own origin (the snippet loaded from the service by its script tag) joins with the
// key the console shows, approves control from the SDK's dialog with the keyboard, and the agent's clicks, typing,
// select picker, wheel and address bar take effect in the customer's page; the blocked payment form refuses;
// navigation to another page of the site is followed by the mirror; the customer's End reaches the console.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startFixtureServer } from './support/browser.mjs';
import { startLocalStack } from '../tools/local-stack-process.mjs';

const DEMO_API_KEY = 'cbk.demo.local.demo-secret-for-local-use-only'; // the seeded demo tenant's local key
const WORKSPACE = '.aa-workspace:not([hidden])';

let stack;
let server;
let browser;
let agent;
let customer;
const contexts = new Set();

before(async () => {
  // The tenant's site is the fixture server: an extra allowed origin of the demo tenant.
  server = await startFixtureServer();
  const env = { LocalStack__Demo__Enabled: 'true', LocalStack__Demo__ExtraOrigins__0: server.url };
  [stack, browser] = await Promise.all([startLocalStack({ env }), launchChromium()]);
  const response = await fetch(`${stack.url}/api/v1/agent-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_API_KEY}` },
    body: JSON.stringify({ agentId: 'carol' }),
  });
  const { token } = await response.json();
  const agentContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const customerContext = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  contexts.add(agentContext).add(customerContext);
  agent = await agentContext.newPage();
  customer = await customerContext.newPage();
  await Promise.all([
    agent.goto(`${stack.url}/console/#token=${encodeURIComponent(token)}`),
    customer.goto(`${server.url}/agent-shop.html?stack=${encodeURIComponent(stack.url)}`),
  ]);
}, { timeout: 150_000 });

after(async () => {
  await Promise.all([...contexts].map((context) => context.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
  await stack?.stop();
});

const workspace = () => agent.locator(WORKSPACE);

async function waitForText(locator, pattern, timeout = 10_000) {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout });
}

/** A point over a mirror element, on the agent's screen (the mirror is scaled to fit). */
async function mirrorPoint(selector) {
  return agent.evaluate(([scope, sel]) => {
    const frame = document.querySelector(`${scope} iframe[title="Customer page"]`);
    const box = frame.getBoundingClientRect();
    const scale = box.width / frame.offsetWidth;
    const rect = frame.contentDocument.querySelector(sel).getBoundingClientRect();
    return { x: box.left + (rect.left + rect.width / 2) * scale, y: box.top + (rect.top + rect.height / 2) * scale };
  }, [WORKSPACE, selector]);
}

/** The SDK's UI (a closed shadow root on a host marked data-cobrowse-ui) holds the customer's keyboard focus. */
const customerUiHasFocus = () => customer.waitForFunction(() => document.activeElement?.hasAttribute('data-cobrowse-ui'), null, { timeout: 5000 });

const mirrorHas = (selector) => agent.waitForFunction(([scope, sel]) =>
  Boolean(document.querySelector(`${scope} iframe[title="Customer page"]`)?.contentDocument?.querySelector(sel)), [WORKSPACE, selector], { timeout: 15_000 });

test('the agent controls the customer page through the console: click, type, select, scroll, blocked form, navigation; the customer ends', { timeout: 80_000 }, async () => {
  // Voice: the key shown by the console, typed by the customer into the SDK's prompt.
  await agent.click('[data-action=new-call]');
  await workspace().locator('[data-action=screen-share]').click();
  const key = await workspace().locator('[data-testid=security-key]').textContent({ timeout: 10_000 });
  await customer.evaluate(() => { window.__prompt = window.CoBrowse.showKeyPrompt(); });
  await customerUiHasFocus(); // the prompt focuses its field
  await customer.keyboard.type(key.replace(' ', ''));
  await customer.keyboard.press('Enter');
  assert.equal(await customer.evaluate(() => Promise.race([window.__prompt, new Promise((resolve) => setTimeout(() => resolve('no answer'), 10_000))])), true, 'the customer is sharing');
  await waitForText(workspace().locator('[data-testid=session-state]'), 'View only', 15_000);
  await mirrorHas('#name');

  // Control: the customer approves in the SDK's dialog (Deny has the focus; Tab to Approve).
  await workspace().locator('[data-action=request-control]').click();
  await waitForText(workspace().locator('[data-testid=session-state]'), 'Control requested');
  await customer.waitForFunction(() => window.CoBrowse.state().state === 'controlRequested');
  await customerUiHasFocus(); // the dialog focuses Deny
  await customer.keyboard.press('Tab');
  await customer.keyboard.press('Enter');
  await waitForText(workspace().locator('[data-testid=session-state]'), 'In control', 10_000);
  await customer.waitForFunction(() => window.CoBrowse.state().state === 'control');

  // Click and type: the customer's field gets focus and the text, with the site's own events.
  const name = await mirrorPoint('#name');
  await agent.mouse.click(name.x, name.y);
  await customer.waitForFunction(() => document.activeElement?.id === 'name', null, { timeout: 5000 });
  await agent.keyboard.type('Ann Lee');
  await customer.waitForFunction(() => document.getElementById('name').value === 'Ann Lee', null, { timeout: 5000 });
  await agent.keyboard.press('Backspace');
  await customer.waitForFunction(() => document.getElementById('name').value === 'Ann Le', null, { timeout: 5000 });
  await agent.waitForFunction((scope) =>
    document.querySelector(`${scope} iframe[title="Customer page"]`).contentDocument.getElementById('name').value === 'Ann Le', WORKSPACE, { timeout: 5000 });

  // Select through the console's picker.
  const countries = await customer.evaluate(() => [...document.getElementById('country').options].map((o) => o.text));
  const country = await mirrorPoint('#country');
  await agent.mouse.click(country.x, country.y);
  const picker = agent.locator(`${WORKSPACE} .cbc-picker-list`);
  assert.deepEqual(await picker.locator('option').allTextContents(), countries);
  await picker.selectOption({ index: countries.length - 1 });
  await picker.press('Enter');
  await customer.waitForFunction((last) => document.getElementById('country').selectedIndex === last, countries.length - 1, { timeout: 5000 });

  // Wheel over the mirror scrolls the customer's window.
  await agent.mouse.move(name.x, name.y);
  await agent.mouse.wheel(0, 300);
  await customer.waitForFunction(() => window.scrollY > 0, null, { timeout: 5000 });

  // The payment form is blocked for agents: the SDK refuses, the console says why.
  await customer.evaluate(() => window.scrollTo(0, 0));
  await agent.waitForFunction((scope) => document.querySelector(`${scope} iframe[title="Customer page"]`).contentWindow.scrollY === 0, WORKSPACE);
  const pay = await mirrorPoint('#pay-now');
  const before = customer.url();
  await agent.mouse.move(pay.x, pay.y);
  assert.equal(await agent.locator(`${WORKSPACE} .cbc-input`).getAttribute('data-blocked'), 'true');
  await agent.mouse.click(pay.x, pay.y);
  await agent.waitForFunction((scope) => [...document.querySelectorAll(`${scope} .cbc-hint`)].filter((hint) => hint.textContent === 'Blocked by the site').length >= 2,
    WORKSPACE, { timeout: 5000 }); // the console's own, then the customer's refusal
  assert.equal(customer.url(), before, 'nothing was submitted');

  // Navigation through the address bar: the customer's tab moves, the session resumes there, the mirror follows.
  const address = agent.locator(`${WORKSPACE} .cbc-nav-url`);
  assert.match(await address.inputValue(), /^\/agent-shop\.html\?stack=/);
  await address.fill('/agent-shop-cart.html');
  await address.press('Enter');
  await customer.waitForURL(`${server.url}/agent-shop-cart.html`, { timeout: 10_000 });
  await agent.waitForFunction(([scope]) => document.querySelector(`${scope} .cbc-nav-url`)?.value === '/agent-shop-cart.html', [WORKSPACE], { timeout: 15_000 });
  await mirrorHas('#cart-title');
  await agent.locator(`${WORKSPACE} .cbc-notice`).waitFor({ state: 'detached', timeout: 5000 });

  // The customer ends: the console shows why, over the frozen mirror.
  await customer.waitForFunction(() => typeof window.CoBrowse?.state === 'function' && window.CoBrowse.state().sessionId !== undefined, null, { timeout: 10_000 });
  await customer.evaluate(() => window.CoBrowse.end());
  await waitForText(workspace().locator('[data-testid=session-message]'), 'Session ended — the customer ended the session', 15_000);
  assert.equal(await workspace().locator('.cbc-frozen').textContent(), 'Session ended — the customer ended the session');
});
