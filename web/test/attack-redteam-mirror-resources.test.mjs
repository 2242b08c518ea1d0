// Red team, from the attacker's side: a customer (or anyone who can forge the page's frames) wants the agent's
// browser to contact a host the tenant never allowed, through the console itself rather than through a resource in
// the mirror. A beacon on 127.0.0.2 counts every connection and request; the console runs in Chromium with the
// tenant's policy (its own site and nothing else).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { launchChromium, startFixtureServer } from './support/browser.mjs';

const dist = join(import.meta.dirname, '..', 'dist');

async function countingServer(host) {
  const seen = { requests: [], connections: 0 };
  const server = createServer((request, response) => {
    seen.requests.push(request.url);
    response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Session expired: sign in again</h1><form><input name=password type=password></form>');
  });
  server.on('connection', () => { seen.connections += 1; });
  await new Promise((resolve) => server.listen(0, host, resolve));
  return {
    seen,
    origin: `http://${host}:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

const viewport = { width: 1024, height: 768, devicePixelRatio: 1 };

describe('the console never takes the agent\'s browser to a host the tenant did not allow', () => {
  let server;
  let browser;
  let beacon;
  let agent;

  before(async () => {
    [server, browser, beacon] = await Promise.all([startFixtureServer(), launchChromium(), countingServer('127.0.0.2')]);
    agent = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    await agent.goto(`${server.url}/guide-console.html`);
    await agent.addScriptTag({ path: join(dist, 'console.js') });
    await agent.evaluate((resources) => {
      window.__view = window.CoBrowseConsole.createConsole(document.getElementById('console'), { send: () => undefined, resources });
    }, { origins: [server.url], anyHttps: false });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await beacon?.close();
  });

  const deliver = (frames) => agent.evaluate((batch) => batch.map((frame) => window.__view.apply(frame)), frames);

  test('a keyboard agent tabbing through the console and pressing Enter does not follow a link of the customer\'s page', async () => {
    // A page full of links to the customer's host (any real page has links; these point where the customer wants).
    const links = Array.from({ length: 40 }, (_, i) => ['a', { id: `l${i}`, href: `${beacon.origin}/tab-${i}` }, `link ${i}`]);
    assert.deepEqual(await deliver([{ v: 1, t: 'snapshot', url: `${server.url}/form.html`, viewport, scroll: [], id: 1,
      root: ['#', ['html', ['head'], ['body', ...links, ['p', { id: 'marker' }, 'page']]]] }]), [true]);
    await agent.waitForFunction(() => document.querySelector('#console iframe').contentDocument.getElementById('marker'));
    // The agent works the console with the keyboard: Tab to move on, Enter to press what has the focus.
    await agent.evaluate(() => document.activeElement?.blur());
    let reachedMirror = false;
    for (let i = 0; i < 60 && !reachedMirror; i++) {
      await agent.keyboard.press('Tab');
      reachedMirror = await agent.evaluate(() => {
        const doc = document.querySelector('#console iframe').contentDocument;
        return doc?.activeElement?.localName === 'a';
      });
    }
    if (reachedMirror) await agent.keyboard.press('Enter');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(reachedMirror, false, 'the keyboard focus reached a link inside the mirror');
    assert.deepEqual(beacon.seen.requests, [], 'the agent\'s browser went to the customer\'s host');
  });

  test('a modal dialog on the customer\'s page does not hand the agent\'s keyboard to the mirror: Tab then Enter follows no link', async () => {
    // The customer's page opens a modal dialog (cookie banners, sign-in prompts): the mirror shows it modal too.
    assert.deepEqual(await deliver([{ v: 1, t: 'snapshot', url: `${server.url}/form.html`, viewport, scroll: [], id: 1,
      root: ['#', ['html', ['head'], ['body',
        ['dialog', { id: 'd', ' modal': true, open: '' }, ['p', 'Accept our cookies?'], ['a', { id: 'in-dialog', href: `${beacon.origin}/dialog-link` }, 'Read more']],
        ['a', { id: 'outside', href: `${beacon.origin}/outside-link` }, 'outside'],
        ['p', { id: 'modal-marker' }, 'page']]]] }]), [true]);
    await agent.waitForFunction(() => document.querySelector('#console iframe').contentDocument.getElementById('modal-marker'));
    const focus = await agent.evaluate(() => ({
      console: document.activeElement?.localName,
      mirror: document.querySelector('#console iframe').contentDocument.activeElement?.localName,
    }));
    // The agent, with no control of the page, presses Tab and Enter (moving on in the console, say).
    await agent.keyboard.press('Tab');
    const tabbed = await agent.evaluate(() => document.querySelector('#console iframe').contentDocument.activeElement?.id ?? null);
    await agent.keyboard.press('Enter');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual(beacon.seen.requests, [], `the agent's browser went to the customer's host (focus after the dialog: ${JSON.stringify(focus)}, after Tab: ${tabbed})`);
  });
});
