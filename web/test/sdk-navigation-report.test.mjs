// Page navigations reach the reports: each page load of a sharing customer sends the `navigated` user event with the
// page's path, the service records it in the interaction's timeline (path only, never the query or fragment) and
// counts it in the session's facts, through the real SDK in Chromium and the real local stack.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE_PREFIX, startWorld, waitFor } from './sdk-harness.mjs';

let world;
before(async () => { world = await startWorld(); }, { timeout: 150_000 });
after(async () => { await world?.close(); });

const sharing = (page) => waitFor('sharing', async () => (await page.evaluate(() => window.CoBrowse?.state()))?.firstSnapshotAt);

test('every page the customer shares is in the timeline by its path, and counted in the session report', async () => {
  const interactionId = `conv-nav-${Date.now()}`;
  const token = await world.agentToken('alice');
  const { page } = await world.openCustomer('sdk-page.html');
  const offer = await world.api(`/interactions/${interactionId}/offers`, { token, body: { channel: 'webMessaging', externalContactId: 'crm-nav' } });
  await page.evaluate((id) => CoBrowse.acceptOffer(id), offer.offerId);
  await sharing(page);
  // The service keeps at most one navigation per second and session: a person reading a page takes longer than that.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  await page.goto(`${world.site.url}${FIXTURE_PREFIX}sdk-next.html?email=someone%40example.com#card`);
  await sharing(page);

  const paths = await waitFor('both navigations in the timeline', async () => {
    const timeline = await world.api(`/interactions/${interactionId}/timeline`, { method: 'GET', token: world.tenant.apiKey });
    const found = timeline.events.filter((e) => e.type === 'pageNavigated').map((e) => e.path);
    return found.length >= 2 ? found : null;
  });
  assert.deepEqual(paths, [`${FIXTURE_PREFIX}sdk-page.html`, `${FIXTURE_PREFIX}sdk-next.html`]);

  await world.api(`/sessions/${offer.sessionId}/end`, { token });
  const today = new Date();
  const day = (offset) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const response = await fetch(`${world.stack.url}/api/v1/reports/sessions.csv?from=${day(-1)}&to=${day(1)}`, {
    headers: { authorization: `Bearer ${world.tenant.apiKey}` },
  });
  assert.equal(response.status, 200);
  const rows = (await response.text()).split('\r\n').filter(Boolean).map((line) => line.split(','));
  const header = rows[0].map((name) => name.replace(/^\uFEFF/, ''));
  const row = rows.find((r) => r[0] === offer.sessionId);
  assert.ok(row, 'the session has a row');
  assert.equal(row[header.indexOf('navigations')], '2');
  assert.equal(row[header.indexOf('externalContactId')], 'crm-nav');
  assert.equal(row[header.indexOf('endReason')], 'agentEnded');
});
