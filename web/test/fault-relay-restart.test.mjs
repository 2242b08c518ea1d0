// Fault: the local stack process — relay, HTTP API and durable engine in one — dies like a crash (SIGKILL) in the middle
// of a shared session and comes back on the same port with the same storage (Azurite runs outside it and keeps going).
// With real browsers on both sides: the SDK and the console reconnect by themselves (new negotiate, new sockets), the
// mirror catches up with a change the customer made during the outage, the session is the same one and still
// active, control can still be requested and approved, and ending still works. Prints the recovery time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MIRROR_FRAME, openAgent, openCustomer, sessionOf, startE2E, startVoiceSession } from './support/e2e.mjs';

/** A short outage (recovered within the client's 30 s recovery window) and a longer one. */
const OUTAGES_MS = [3000, 10_000];

let env;
before(async () => { env = await startE2E({ externalAzurite: true }); }, { timeout: 150_000 });
after(async () => { await env?.stop(); });

const mirrorShows = (agentPage, text, timeout) => agentPage.waitForFunction(([frame, t]) =>
  document.querySelector(frame)?.contentDocument?.body?.textContent.includes(t), [MIRROR_FRAME, text], { timeout, polling: 100 });

test('the stack is killed and started again: both sides reconnect, the mirror catches up, the session goes on', { timeout: 180_000 }, async () => {
  const agent = await openAgent(env, 'rita');
  const customer = await openCustomer(env, '/demo/');
  try {
    await startVoiceSession(agent.page, customer.page, 'rita');
    await mirrorShows(agent.page, 'Northwind', 15_000);
    const sessionId = await agent.page.locator('.aa-session[data-session-id]').first().getAttribute('data-session-id');
    const before = await sessionOf(env, agent.token, sessionId);
    assert.equal(before.state, 'viewOnly');

    const sockets = { customer: 0, agent: 0, negotiates: { customer: 0, agent: 0 } };
    customer.page.on('websocket', () => { sockets.customer += 1; });
    agent.page.on('websocket', () => { sockets.agent += 1; });
    customer.page.on('request', (request) => { if (request.url().endsWith('/realtime/negotiate')) sockets.negotiates.customer += 1; });
    agent.page.on('request', (request) => { if (request.url().endsWith('/realtime/negotiate')) sockets.negotiates.agent += 1; });

    // The crash, twice (a short and a longer outage). While the stack is down the customer keeps using the page.
    const recoveries = [];
    for (const outageMs of OUTAGES_MS) {
      const killedAt = Date.now();
      await env.stack.kill('SIGKILL');
      const marker = `changed while the relay was down ${outageMs}`;
      await customer.page.evaluate((text) => document.querySelector('main h1, main h2').append(` — ${text}`), marker);
      await new Promise((resolve) => setTimeout(resolve, outageMs));
      const restartAt = Date.now();
      await env.stack.start();
      const upAt = Date.now();
      await mirrorShows(agent.page, marker, 60_000);
      const caughtUpAt = Date.now();
      recoveries.push(caughtUpAt - upAt);
      console.log(`# relay restart: stack down ${restartAt - killedAt} ms, start took ${upAt - restartAt} ms, ` +
        `mirror caught up ${caughtUpAt - upAt} ms after the stack was healthy (${caughtUpAt - killedAt} ms after the kill)`);
    }
    console.log(`# relay restart: recovery after the stack was healthy ${recoveries.join(' ms, ')} ms; new sockets customer ${sockets.customer}, ` +
      `agent ${sockets.agent}; negotiate calls customer ${sockets.negotiates.customer}, agent ${sockets.negotiates.agent} (the access URL was still valid)`);

    assert.ok(sockets.customer >= 1 && sockets.agent >= 1, 'both sides opened new connections by themselves');
    await customer.page.getByText('You are sharing this page with rita').waitFor({ timeout: 10_000 });
    await agent.page.getByTestId('session-state').getByText('View only').waitFor({ timeout: 10_000 });
    const afterRestart = await sessionOf(env, agent.token, sessionId);
    assert.equal(afterRestart.sessionId, sessionId, 'the same session');
    assert.equal(afterRestart.state, 'viewOnly', 'still active');
    assert.equal(afterRestart.version, before.version, 'nothing happened to the session on its own');

    // A change after the restart flows as usual.
    await customer.page.evaluate(() => document.querySelector('main h1, main h2').append(' — and after it'));
    await mirrorShows(agent.page, 'and after it', 15_000);

    // Control still works: requested, approved by the customer, granted on the new connections.
    await agent.page.getByRole('button', { name: 'Request control' }).click();
    const dialog = customer.page.getByRole('dialog', { name: 'rita asks to control this page' });
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await agent.page.getByTestId('session-state').getByText('In control').waitFor({ timeout: 15_000 });
    await customer.page.getByText('rita is controlling this page').waitFor({ timeout: 15_000 });
    assert.equal((await sessionOf(env, agent.token, sessionId)).state, 'control');

    // Ending works too, and both sides are told.
    await agent.page.getByRole('button', { name: 'End', exact: true }).click();
    await customer.page.getByText('Screen sharing ended — your agent ended it').waitFor({ timeout: 15_000 });
    await agent.page.getByTestId('session-state').getByText('Ended').waitFor({ timeout: 15_000 });
    const ended = await sessionOf(env, agent.token, sessionId);
    assert.equal(ended.state, 'ended');
    assert.equal(ended.endReason, 'agentEnded');
  } finally {
    await Promise.all([agent.context.close(), customer.context.close()]);
  }
});
