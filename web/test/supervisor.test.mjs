// The supervisor's Live page in the agent console (/console/ → Live) through the real local stack in Chromium: sessions
// appear, change mode and leave as they happen, pushed through the tenant's live group (the page reads the list only
// when it connects: no polling), durations tick, and Watch mirrors the customer's page with no tools to act with.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startFixtureServer } from './support/browser.mjs';
import { startLocalStack } from '../tools/local-stack-process.mjs';

const DEMO_API_KEY = 'cbk.demo.local.demo-secret-for-local-use-only'; // the seeded demo tenant's local key
const SITE_KEY = 'site_demo_local';

let stack;
let server;
let browser;
const contexts = new Set();

before(async () => {
  const env = { LocalStack__Demo__Enabled: 'true', CoBrowse__Http__TrustedProxyHops: '1' };
  [stack, server, browser] = await Promise.all([startLocalStack({ env }), startFixtureServer(), launchChromium()]);
}, { timeout: 150_000 });

after(async () => {
  await Promise.all([...contexts].map((context) => context.close().catch(() => undefined)));
  await browser?.close();
  await server?.close();
  await stack?.stop();
});

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

const tokenFor = async (agentId, roles) => (await api('/agent-tokens', { token: DEMO_API_KEY, body: { agentId, roles } })).token;

let addresses = 0;
async function startVoiceSession(agent, interactionId) {
  const { key } = await api(`/interactions/${interactionId}/security-keys`, { token: agent });
  return api('/security-keys/redeem', { headers: { origin: stack.url, 'x-forwarded-for': `10.2.0.${++addresses}` }, body: { siteKey: SITE_KEY, key } });
}

/** A customer page (fixture server) sharing itself for the session; it records the guidance frames it receives. */
async function openCustomer(joined) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  contexts.add(context);
  const page = await context.newPage();
  await page.exposeFunction('__negotiate', () => api(`/sessions/${joined.session.sessionId}/realtime/negotiate`, { token: joined.customerToken }));
  await page.goto(`${server.url}/agent-customer.html`);
  await page.addScriptTag({ url: `${stack.url}/static/cobrowse.js` });
  await page.evaluate(async () => {
    window.__guides = [];
    window.__share = await window.CoBrowse.share({ negotiate: () => window.__negotiate(), onGuide: (frame) => window.__guides.push(frame) });
  });
  return page;
}

async function openLivePage(token) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  contexts.add(context);
  const page = await context.newPage();
  const listReads = [];
  page.on('request', (request) => { if (request.url().includes('/api/v1/live/sessions') && request.method() === 'GET') listReads.push(Date.now()); });
  await page.goto(`${stack.url}/console/#token=${encodeURIComponent(token)}`);
  await page.click('[data-action=show-live]');
  await page.locator('[data-testid=live-status]', { hasText: 'Live' }).waitFor({ timeout: 15_000 });
  return { page, listReads };
}

const row = (page, sessionId) => page.locator(`[data-testid=live-sessions] tr[data-session-id="${sessionId}"]`);

test('sessions appear, change mode and leave as they happen, with a ticking duration and no polling', async () => {
  const alice = await tokenFor('alice', ['agent']);
  const { page, listReads } = await openLivePage(await tokenFor('sam', ['supervisor']));
  assert.equal(await page.locator('[data-action=new-call]').isVisible(), false, 'the work area is hidden on the Live page');

  const joined = await startVoiceSession(alice, 'call-sup-1');
  const sessionId = joined.session.sessionId;
  await row(page, sessionId).waitFor({ timeout: 10_000 });
  assert.equal(await row(page, sessionId).getAttribute('data-state'), 'viewOnly');
  assert.equal(await row(page, sessionId).locator('[data-testid=live-mode]').textContent(), 'View only');
  assert.equal(await row(page, sessionId).locator('[data-testid=live-agent]').textContent(), 'alice');
  assert.match(await row(page, sessionId).textContent(), /call-sup-1.*Voice/);

  assert.equal(await row(page, sessionId).locator('[data-testid=live-participants]').textContent(), '—', 'a pushed row has no presence yet');
  const customer = await openCustomer(joined);
  await row(page, sessionId).locator('[data-testid=live-participants]', { hasText: 'customer' }).waitFor({ timeout: 10_000 });

  const before = await row(page, sessionId).locator('[data-testid=live-duration]').textContent();
  await page.waitForTimeout(2100);
  assert.notEqual(await row(page, sessionId).locator('[data-testid=live-duration]').textContent(), before, 'the duration ticks');

  await api(`/sessions/${sessionId}/control-requests`, { token: alice });
  await page.locator(`tr[data-session-id="${sessionId}"][data-state=controlRequested]`).waitFor({ timeout: 10_000 });
  await api(`/sessions/${sessionId}/control-requests/approve`, { token: joined.customerToken });
  await page.locator(`tr[data-session-id="${sessionId}"][data-state=control]`).waitFor({ timeout: 10_000 });
  assert.equal(await row(page, sessionId).locator('[data-testid=live-mode]').textContent(), 'alice in control');

  await customer.close();
  await row(page, sessionId).locator('[data-testid=live-participants]', { hasText: 'nobody' }).waitFor({ timeout: 10_000 });

  await api(`/sessions/${sessionId}/end`, { token: alice });
  await row(page, sessionId).waitFor({ state: 'detached', timeout: 10_000 });
  assert.equal(listReads.length, 1, 'the list was read once, on connect; everything else was pushed');
});

test('the list read on connect shows running sessions with who is connected; Watch mirrors the page with no tools', async () => {
  const alice = await tokenFor('alice', ['agent']);
  const joined = await startVoiceSession(alice, 'call-sup-watch');
  const sessionId = joined.session.sessionId;
  const customer = await openCustomer(joined);
  const { page } = await openLivePage(await tokenFor('sue', ['supervisor']));
  await row(page, sessionId).locator('[data-testid=live-participants]', { hasText: 'customer' }).waitFor({ timeout: 10_000 });

  await row(page, sessionId).locator('[data-action=watch]').click();
  const watch = page.locator(`.aa-watch[data-session-id="${sessionId}"]`);
  await watch.locator('[data-testid=watch-status]', { hasText: 'Watching' }).waitFor({ timeout: 15_000 });
  const mirrored = page.frameLocator('.aa-watch iframe').first().locator('#title');
  await mirrored.waitFor({ timeout: 10_000 });
  assert.equal(await mirrored.textContent(), 'Checkout');
  assert.equal(await watch.locator('.cbc-toolbar').isVisible(), false, 'no guidance tools');
  assert.equal(await watch.locator('.cbc-nav').isVisible(), false, 'no navigation bar');
  assert.equal(await watch.getByRole('button', { name: /request control/i }).count(), 0, 'no Request control');

  // Moving and clicking over the mirror reaches the customer as nothing at all.
  const box = await watch.locator('iframe').first().boundingBox();
  await page.mouse.move(box.x + 40, box.y + 40);
  await page.mouse.click(box.x + 60, box.y + 60);
  await page.waitForTimeout(500);
  assert.deepEqual(await customer.evaluate(() => window.__guides), []);

  await api(`/sessions/${sessionId}/end`, { token: joined.customerToken });
  await watch.locator('[data-testid=watch-status]', { hasText: 'Session ended' }).waitFor({ timeout: 10_000 });
  await row(page, sessionId).waitFor({ state: 'detached', timeout: 10_000 });
});

test('an agent without the supervisor role has no Live page', async () => {
  const context = await browser.newContext();
  contexts.add(context);
  const page = await context.newPage();
  await page.goto(`${stack.url}/console/#token=${encodeURIComponent(await tokenFor('alice', ['agent']))}`);
  await page.locator('[data-action=new-call]').waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('[data-action=show-live]').count(), 0);
});
