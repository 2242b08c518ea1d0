// End-to-end harness: the real local stack with the demo on (shop at /demo/, agent console at /console/, demo API),
// one Chromium, and a separate browser context per person, as a customer and an agent would be on two machines.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAzurite } from '../../tools/azurite-process.mjs';
import { startLocalStack } from '../../tools/local-stack-process.mjs';
import { launchChromium } from './browser.mjs';

export const ADMIN_KEY = 'local-admin-key-for-development-only-0000';
export const DEMO_API_KEY = 'cbk.demo.local.demo-secret-for-local-use-only';
export const screenshotsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'screenshots');

/** Test-only: keeps a handle on the SDK's closed shadow roots so the test can click inside them like a person would. */
const OPEN_CUSTOMER_UI = () => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, { ...init, mode: 'open' });
  };
};

/**
 * `externalAzurite`: the test starts Azurite itself and the stack only uses it, so storage outlives the stack's
 * process (stack.kill() / start() / restart() keep the data).
 */
export async function startE2E({ externalAzurite = false } = {}) {
  const azurite = externalAzurite ? await startAzurite() : undefined;
  const storage = azurite ? {
    LocalStack__Azurite__BlobPort: String(azurite.blobPort),
    LocalStack__Azurite__QueuePort: String(azurite.queuePort),
    LocalStack__Azurite__TablePort: String(azurite.tablePort),
    LocalStack__Azurite__AutoStart: 'false',
  } : {};
  const [stack, browser] = await Promise.all([
    startLocalStack({ env: { LocalStack__Demo__Enabled: 'true', ...storage } }),
    launchChromium(),
  ]);
  return {
    stack,
    browser,
    azurite,
    api: (path, init = {}) => fetch(`${stack.url}/api/v1${path}`, init),
    async stop() {
      await browser.close().catch(() => undefined);
      await stack.stop();
      await azurite?.stop();
    },
  };
}

/** The agent console's mirror of the customer's page. */
export const MIRROR_FRAME = 'iframe[title="Customer page"]';

/** Voice: the agent issues a key in the console, the customer types it in the shop's key prompt; both see sharing. */
export async function startVoiceSession(agentPage, customerPage, agentId) {
  await agentPage.getByRole('button', { name: 'New voice call' }).click();
  await agentPage.getByRole('button', { name: 'Screen share' }).click();
  const key = (await agentPage.getByTestId('security-key').textContent()).replace(/\D/g, '');
  await customerPage.getByRole('button', { name: 'Share my screen with an agent' }).click();
  await customerPage.getByLabel('Code').fill(key);
  await customerPage.getByRole('button', { name: 'Start sharing' }).click();
  await customerPage.getByText(`You are sharing this page with ${agentId}`).waitFor();
  await agentPage.locator(MIRROR_FRAME).waitFor();
}

export async function agentToken(stack, agentId) {
  const response = await fetch(`${stack.url}/demo/api/agent-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agentId }),
  });
  if (!response.ok) throw new Error(`agent token: ${response.status} ${await response.text()}`);
  return (await response.json()).token;
}

/** The agent console app, signed in as `agentId`. */
export async function openAgent(env, agentId = 'alice', viewport = { width: 1400, height: 900 }) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  watchErrors(page, `agent ${agentId}`);
  const token = await agentToken(env.stack, agentId);
  await page.goto(`${env.stack.url}/console/#token=${encodeURIComponent(token)}`);
  return { context, page, token };
}

/** A shopper on the demo site; the SDK's shadow roots are opened for the test's locators (nothing else changes). */
export async function openCustomer(env, path = '/demo/', viewport = { width: 1100, height: 760 }) {
  const context = await env.browser.newContext({ viewport });
  await context.addInitScript(OPEN_CUSTOMER_UI);
  const page = await context.newPage();
  watchErrors(page, 'customer');
  await page.goto(`${env.stack.url}${path}`);
  return { context, page };
}

export async function patchDemoTenant(env, body) {
  const response = await env.api('/admin/tenants/demo', {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', 'x-cobrowse-admin-key': ADMIN_KEY },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`patch tenant: ${response.status} ${await response.text()}`);
}

export async function sessionOf(env, token, sessionId) {
  const response = await env.api(`/sessions/${sessionId}`, { headers: { authorization: `Bearer ${token}` } });
  return response.json();
}

export function screenshotPath(name) {
  mkdirSync(screenshotsDir, { recursive: true });
  return join(screenshotsDir, name);
}

/** Page errors fail loudly in the log; tests assert on what users see, but an exception is always worth a look. */
function watchErrors(page, who) {
  page.on('pageerror', (error) => console.log(`# [${who}] page error: ${error.message}`));
}
