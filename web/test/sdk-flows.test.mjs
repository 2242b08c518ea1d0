// The customer SDK as a tenant's visitor meets it, through the real local stack and Chromium: the key prompt (happy
// path, wrong, used, too many attempts), offers, the banner, the control request dialog by mouse and by keyboard,
// ends from either side with the page left exactly as the site drew it, page navigation, and Japanese.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clickUi, listenerCounts, readUi, startWorld, waitFor } from './sdk-harness.mjs';

let world;
// Web chat sessions time out after 3 s of inactivity here (the other tests share through web messaging, 2 min).
before(async () => { world = await startWorld({ tenant: { timeouts: { webChatSeconds: 3 } } }); }, { timeout: 150_000 });
after(async () => { await world?.close(); });

let interactions = 0;
const interaction = (kind = 'call') => `${kind}-${Date.now()}-${++interactions}`;

async function issueKey(agentId = 'alice') {
  const token = await world.agentToken(agentId);
  const key = await world.api(`/interactions/${interaction()}/security-keys`, { token });
  return { ...key, token };
}

async function offer(channel = 'webMessaging', agentId = 'alice') {
  const token = await world.agentToken(agentId);
  const created = await world.api(`/interactions/${interaction('conv')}/offers`, { token, body: { channel } });
  return { ...created, token };
}

/** Types into the key prompt (focused when it opens) and submits with Enter. */
async function typeKey(page, text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const uiText = async (cdp, cls) => (await readUi(cdp)).find(cls)?.text;
const sdkState = (page) => page.evaluate(() => CoBrowse.state());

/** A customer sharing through an accepted offer, and the agent connected to the session. */
async function sharingSession(options = {}) {
  const customer = await world.openCustomer('sdk-page.html', options);
  const made = await offer();
  await customer.page.evaluate((id) => CoBrowse.acceptOffer(id), made.offerId);
  const agent = await world.connectAgent(made.sessionId, made.token);
  await waitFor('the agent\'s snapshot', () => agent.snapshots.length > 0);
  return { ...customer, sessionId: made.sessionId, agentToken: made.token, agent };
}

describe('key prompt (voice)', () => {
  test('a wrong key is told apart from a used key, a "123 456" key starts sharing, and the banner names the agent', async () => {
    const { page, cdp } = await world.openCustomer();
    const key = await issueKey('alice');
    const prompt = page.evaluate(() => CoBrowse.showKeyPrompt());
    const ui = await waitFor('the key prompt', async () => (await readUi(cdp)).find('key-prompt'));
    assert.equal(ui.attributes.role, 'dialog');
    assert.equal(ui.attributes['aria-modal'], 'true');
    assert.match(await uiText(cdp, 'key-prompt'), /Enter the 6-digit code/);
    assert.equal((await readUi(cdp)).elements.find((e) => e.tag === '#shadow-root')?.mode, 'closed');

    await typeKey(page, '12');
    await waitFor('the format message', async () => /6 digits/.test(await uiText(cdp, 'message')));
    const wrong = key.key === '000000' ? '000001' : '000000';
    await typeKey(page, wrong);
    await waitFor('the wrong key message', async () => /not right/.test(await uiText(cdp, 'message')));

    await typeKey(page, `${key.key.slice(0, 3)} ${key.key.slice(3)}`);
    assert.equal(await prompt, true);
    const banner = await waitFor('the banner', async () => (await readUi(cdp)).find('banner'));
    assert.match(banner.text, /You are sharing this page with alice/);
    assert.equal((await readUi(cdp)).find('key-prompt'), undefined, 'the prompt is gone');
    assert.deepEqual(await page.evaluate(() => window.__events.map((e) => e.name)), ['started']);
    assert.equal((await sdkState(page)).state, 'viewOnly');

    // The same key again, from another customer: used.
    const other = await world.openCustomer();
    const again = other.page.evaluate(() => CoBrowse.showKeyPrompt());
    await waitFor('the second prompt', async () => (await readUi(other.cdp)).find('key-prompt'));
    await typeKey(other.page, key.key.replace(/(\d{3})(\d{3})/, '$1-$2'));
    await waitFor('the used key message', async () => /expired or was already used/.test(await uiText(other.cdp, 'message')));
    await other.page.keyboard.press('Escape');
    assert.equal(await again, false, 'Escape cancels');
    assert.equal((await readUi(other.cdp)).hosts, 0, 'nothing of the prompt stays');
  });

  test('too many attempts from one address are answered with the service\'s wait (Retry-After) in words', async () => {
    const { page, cdp } = await world.openCustomer();
    let retryAfter;
    page.on('response', (response) => {
      if (response.status() === 429) retryAfter = Number(response.headers()['retry-after']);
    });
    page.evaluate(() => CoBrowse.showKeyPrompt()).catch(() => undefined); // settles when the prompt closes, or with the page
    await waitFor('the key prompt', async () => (await readUi(cdp)).find('key-prompt'));
    let message = '';
    for (let attempt = 0; attempt < 8 && !/Too many attempts/.test(message); attempt++) {
      await typeKey(page, String(100000 + attempt));
      message = await waitFor('an answer', async () => {
        const busy = (await readUi(cdp)).find('key-prompt')?.attributes['aria-busy'];
        const text = await uiText(cdp, 'message');
        return busy !== 'true' && text ? text : null;
      });
    }
    assert.ok(Number.isFinite(retryAfter), 'the service answered 429 with Retry-After');
    const wait = retryAfter >= 60 ? `${Math.ceil(retryAfter / 60)} minute` : `${Math.max(1, retryAfter)} second`;
    assert.match(message, new RegExp(`^Too many attempts\\. Try again in ${wait}s?\\.$`));
  });

  test('a network failure says so', async () => {
    const { page, cdp, context } = await world.openCustomer();
    await context.route('**/security-keys/redeem', (route) => route.abort('internetdisconnected'));
    page.evaluate(() => CoBrowse.showKeyPrompt()).catch(() => undefined); // settles when the prompt closes, or with the page
    await waitFor('the key prompt', async () => (await readUi(cdp)).find('key-prompt'));
    await typeKey(page, '123456');
    await waitFor('the network message', async () => /Can't reach the service/.test(await uiText(cdp, 'message')));
  });
});

describe('offers (messaging, chat)', () => {
  test('declining an offer ends its session as declined; accepting one starts sharing', async () => {
    const { page, cdp } = await world.openCustomer();
    const declined = await offer('webChat');
    await page.evaluate((id) => CoBrowse.declineOffer(id), declined.offerId);
    const session = await world.api(`/sessions/${declined.sessionId}`, { method: 'GET', token: declined.token });
    assert.equal(session.state, 'ended');
    assert.equal(session.endReason, 'offerDeclined');
    assert.equal((await readUi(cdp)).hosts, 0);

    const accepted = await offer('webMessaging');
    await page.evaluate((id) => CoBrowse.acceptOffer(id), accepted.offerId);
    assert.match(await uiText(cdp, 'banner'), /sharing this page with alice/);
    const events = await page.evaluate(() => window.__events);
    assert.deepEqual(events, [{ name: 'started', detail: { sessionId: accepted.sessionId, channel: 'webMessaging', resumed: false } }]);
  });
});

describe('control request dialog', () => {
  test('keyboard only: focus starts on Deny, Tab reaches Approve, Enter approves; the banner then offers Revoke', async () => {
    const { page, cdp, sessionId, agentToken } = await sharingSession();
    await world.api(`/sessions/${sessionId}/control-requests`, { token: agentToken });
    const dialog = await waitFor('the dialog', async () => (await readUi(cdp)).find('dialog'));
    assert.equal(dialog.attributes.role, 'dialog');
    assert.equal(dialog.attributes['aria-modal'], 'true');
    assert.ok(dialog.attributes['aria-labelledby']);
    assert.match(dialog.text, /alice asks to control this page/);
    await page.keyboard.press('Tab'); // Deny → Approve
    await page.keyboard.press('Tab'); // Approve → Deny (the trap)
    await page.keyboard.press('Tab'); // Deny → Approve
    await page.keyboard.press('Enter');
    await waitFor('control', async () => (await sdkState(page)).state === 'control');
    const banner = await waitFor('the control banner', async () => {
      const ui = await readUi(cdp);
      return ui.find('control') && !ui.find('dialog') ? ui : null;
    });
    assert.match(banner.find('banner').text, /alice is controlling this page/);
    assert.ok(!('hidden' in banner.find('revoke').attributes), 'Revoke control is shown');
    const session = await world.api(`/sessions/${sessionId}`, { method: 'GET', token: agentToken });
    assert.equal(session.state, 'control');
    const events = await page.evaluate(() => window.__events.map((e) => e.name));
    assert.deepEqual(events, ['started', 'control-requested', 'control-changed']);

    // Revoke with the mouse: back to sharing only, on both sides.
    await clickUi(page, cdp, banner.find('revoke'));
    await waitFor('view only', async () => (await world.api(`/sessions/${sessionId}`, { method: 'GET', token: agentToken })).state === 'viewOnly');
    assert.match(await uiText(cdp, 'banner'), /You are sharing this page with alice/);
  });

  test('Escape denies; Deny by mouse denies too', async () => {
    const { page, cdp, sessionId, agentToken } = await sharingSession();
    await world.api(`/sessions/${sessionId}/control-requests`, { token: agentToken });
    await waitFor('the dialog', async () => (await readUi(cdp)).find('dialog'));
    await page.keyboard.press('Escape');
    await waitFor('denied', async () => (await world.api(`/sessions/${sessionId}`, { method: 'GET', token: agentToken })).state === 'viewOnly');
    await waitFor('the dialog gone', async () => !(await readUi(cdp)).find('dialog'));

    await world.api(`/sessions/${sessionId}/control-requests`, { token: agentToken });
    await clickUi(page, cdp, await waitFor('the dialog again', async () => (await readUi(cdp)).find('deny')));
    await waitFor('denied again', async () => (await world.api(`/sessions/${sessionId}`, { method: 'GET', token: agentToken })).state === 'viewOnly');
    await waitFor('the customer side denied too', async () => (await sdkState(page)).state === 'viewOnly' && !(await readUi(cdp)).find('dialog'));
  });
});

describe('end', () => {
  test("the banner's End leaves the page exactly as the site drew it: markup, listeners, storage", async () => {
    const customer = await world.openCustomer();
    const { page, cdp } = customer;
    const before = { html: await page.evaluate(() => document.documentElement.outerHTML), listeners: await listenerCounts(cdp) };
    const made = await offer();
    await page.evaluate((id) => CoBrowse.acceptOffer(id), made.offerId);
    const agent = await world.connectAgent(made.sessionId, made.token);
    await waitFor('the agent\'s snapshot', () => agent.snapshots.length > 0);
    assert.notDeepEqual(await listenerCounts(cdp), before.listeners, 'sharing listens to the page');
    assert.ok(await page.evaluate(() => sessionStorage.length > 0));

    await clickUi(page, cdp, (await readUi(cdp)).find('end'));
    const notice = await waitFor('the ended notice', async () => (await readUi(cdp)).find('notice'));
    assert.match(notice.text, /Screen sharing ended — you ended it/);
    assert.equal(notice.attributes.role, 'status');
    await waitFor('the agent sees the end', () => agent.states.some((s) => s.state === 'ended' && s.endReason === 'customerEnded'));
    await clickUi(page, cdp, (await readUi(cdp)).find('dismiss'));
    await waitFor('nothing of ours left', async () => (await readUi(cdp)).hosts === 0);

    assert.equal(await page.evaluate(() => document.documentElement.outerHTML), before.html);
    assert.deepEqual(await listenerCounts(cdp), before.listeners);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.deepEqual(await page.evaluate(() => window.__events.map((e) => [e.name, e.detail.reason])), [['started', undefined], ['ended', 'customerEnded']]);
    assert.equal((await sdkState(page)).state, 'idle');
    await agent.link.close();
  });

  test('an end from the agent or the contact-center webhook shows its reason, and the notice goes by itself', async () => {
    const first = await sharingSession();
    await world.api(`/sessions/${first.sessionId}/end`, { token: first.agentToken });
    await waitFor('the agent end notice', async () => /your agent ended it/.test(await uiText(first.cdp, 'notice') ?? ''));
    await waitFor('the notice leaving by itself', async () => (await readUi(first.cdp)).hosts === 0, 8000);

    const second = await sharingSession();
    const session = await world.api(`/sessions/${second.sessionId}`, { method: 'GET', token: second.agentToken });
    await world.api(`/interactions/${session.interactionId}/events`, { token: world.tenant.apiKey, body: { type: 'transferred' } });
    await waitFor('the transfer notice', async () => /your conversation was transferred/.test(await uiText(second.cdp, 'notice') ?? ''));
    assert.deepEqual((await second.page.evaluate(() => window.__events)).at(-1), { name: 'ended', detail: { reason: 'interactionTransferred' } });
  });
});

describe('inactivity', () => {
  test("the customer's real input postpones the inactivity end; a quiet session then ends and says why", async () => {
    const { page, cdp } = await world.openCustomer();
    const made = await offer('webChat');
    await page.evaluate((id) => CoBrowse.acceptOffer(id), made.offerId);
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await page.mouse.click(500, 400); // trusted input: reported at once, then at most every 10 s
    const clickedAt = Date.now();
    await waitFor('the inactivity notice', async () => /there was no activity for a while/.test(await uiText(cdp, 'notice') ?? ''), 20_000);
    const endedAfter = Date.now() - clickedAt;
    assert.ok(endedAfter >= 2500, `ended ${endedAfter} ms after the click (${clickedAt - startedAt} ms after the start): the click moved the deadline`);
    assert.deepEqual((await page.evaluate(() => window.__events)).at(-1), { name: 'ended', detail: { reason: 'inactivity' } });
  });
});

describe('page navigation', () => {
  test('the session follows a link, a reload, back and forward, sharing again within a second each time', async () => {
    const { page, cdp, sessionId, agent } = await sharingSession();
    const resumedWithin = async (what) => {
      const state = await waitFor(`${what}: sharing again`, async () => {
        const current = await page.evaluate(() => window.CoBrowse?.state());
        return current?.firstSnapshotAt ? current : null;
      });
      assert.equal(state.sessionId, sessionId);
      const timing = await page.evaluate(() => {
        const navigation = performance.getEntriesByType('navigation')[0];
        return { responseEnd: navigation.responseEnd, domContentLoaded: navigation.domContentLoadedEventEnd };
      });
      console.log(`# ${what}: ${JSON.stringify({ ...timing, firstSnapshotAt: state.firstSnapshotAt, startMs: state.startMs })}`);
      assert.ok(state.firstSnapshotAt < 1000, `${what}: first snapshot ${Math.round(state.firstSnapshotAt)} ms after navigation`);
      assert.match(await waitFor(`${what}: banner`, () => uiText(cdp, 'banner')), /sharing this page with alice/);
      return state.firstSnapshotAt;
    };
    const timings = {};
    const snapshotsBefore = agent.snapshots.length;
    await page.click('#next');
    await page.waitForURL(/sdk-next\.html/);
    timings.link = await resumedWithin('link');
    await waitFor('the mirror follows to the next page', () => agent.snapshots.slice(snapshotsBefore).some((s) => s.url.endsWith('sdk-next.html')));
    assert.deepEqual(await page.evaluate(() => window.__events.map((e) => [e.name, e.detail.resumed])), [['started', true]]);
    await page.reload();
    timings.reload = await resumedWithin('reload');
    await page.goBack();
    await page.waitForURL(/sdk-page\.html/);
    timings.back = await resumedWithin('back');
    await page.goForward();
    await page.waitForURL(/sdk-next\.html/);
    timings.forward = await resumedWithin('forward');
    console.log(`# navigation → first snapshot (ms): ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])))}`);
    await waitFor('the mirror on the last page', () => agent.snapshots.at(-1).url.endsWith('sdk-next.html'));
  });

  test('a session that ended while the customer was away is not resumed: the next page says why, and forgets it', async () => {
    const { page, cdp, sessionId, agentToken } = await sharingSession();
    await page.goto('about:blank');
    await world.api(`/sessions/${sessionId}/end`, { token: agentToken });
    await page.goBack();
    await page.waitForURL(/sdk-page\.html/);
    assert.match(await waitFor('the ended notice', () => uiText(cdp, 'notice')), /your agent ended it/);
    assert.equal((await readUi(cdp)).find('banner'), undefined, 'no banner: nothing is shared');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.deepEqual(await page.evaluate(() => window.__events), [{ name: 'ended', detail: { reason: 'agentEnded' } }]);
  });
});

describe('languages', () => {
  test('Japanese: the key prompt, the banner and the control dialog', async () => {
    const { page, cdp } = await world.openCustomer('sdk-page.html', { language: 'ja' });
    page.evaluate(() => CoBrowse.showKeyPrompt()).catch(() => undefined); // settles when the prompt closes, or with the page
    await waitFor('the Japanese prompt', async () => /6桁のコード/.test(await uiText(cdp, 'key-prompt') ?? ''));
    await page.keyboard.press('Escape');
    const made = await offer();
    await page.evaluate((id) => CoBrowse.acceptOffer(id), made.offerId);
    assert.equal(await uiText(cdp, 'text'), 'alice とこのページを共有しています');
    assert.equal((await readUi(cdp)).find('end').text, '終了');
    await world.api(`/sessions/${made.sessionId}/control-requests`, { token: made.token });
    await waitFor('the Japanese dialog', async () => /alice がこのページの操作を求めています/.test(await uiText(cdp, 'dialog') ?? ''));
    assert.equal((await readUi(cdp)).find('approve').text, '許可');
  });
});

