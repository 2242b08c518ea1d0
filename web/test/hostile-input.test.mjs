// Hostile input against the page engine in a real Chromium. A customer page full of script vectors (SVG
// script/onload/animate/set, xlink:href, foreignObject, CSS javascript:/expression, iframe srcdoc, form
// action/formaction, base href, meta refresh, object/embed, <a target> openers) never runs anything in the
// console; and agent control frames that try to take the customer to another origin or run script (javascript:,
// data:, protocol-relative and backslash URLs, a click on a javascript: link) are refused by the customer's SDK.
// Sentinels: window.__pwned in every page and a beacon server that counts any request a vector makes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { allNodes, decodeNodes, launchChromium, openSession, startFixtureServer } from './support/browser.mjs';
import { clickUi, readUi, startWorld, waitFor } from './sdk-harness.mjs';

let beacon;
const beaconHits = [];
before(async () => {
  beacon = createServer((request, response) => { beaconHits.push(request.url); response.writeHead(204).end(); });
  await new Promise((resolve) => beacon.listen(0, '127.0.0.1', resolve));
});
after(async () => { await new Promise((resolve) => beacon.close(resolve)); });

const beaconUrl = (tag) => `http://127.0.0.1:${beacon.address().port}/hit-${tag}`;

/** Markup whose every vector, if it ever runs, sets parent/top __pwned and calls the beacon. */
function hostileMarkup() {
  // The beacon names the top page it ran under: handlers do run on the customer's own page, never in the console.
  const run = (tag) => `top.__pwned='${tag}';fetch('${beaconUrl(tag)}?top='+top.location.pathname)`;
  const js = (tag) => `javascript:${run(tag)}`;
  return `
    <svg id="svg" width="100" height="100" onload="${run('svg-onload')}">
      <script>${run('svg-script')}</script>
      <a id="svg-a" href="${js('svg-href')}"><text y="20">svg a</text></a>
      <a id="svg-xlink" xlink:href="${js('svg-xlink')}"><text y="40">xlink</text></a>
      <a id="svg-animated"><animate attributeName="href" to="${js('svg-animate')}" dur="0.1s" fill="freeze"/><text y="60">animate</text></a>
      <a id="svg-set"><set attributeName="href" to="${js('svg-set')}"/><text y="80">set</text></a>
      <foreignObject width="100" height="20"><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="${run('foreign-img')}">fo</div></foreignObject>
      <image href="${js('svg-image')}" width="1" height="1"/>
      <use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><script>${run('svg-use')}</script></svg>#x"/>
    </svg>
    <div id="css-url" style="background-image:url('${js('css-url')}');width:10px;height:10px"></div>
    <div id="css-expression" style="width:expression(${run('css-expression')})">expr</div>
    <style id="css-import">@import url("${js('css-import')}"); .x { background: url(javascript:${run('css-rule')}) }</style>
    <iframe id="srcdoc" srcdoc="<script>${run('srcdoc')}</script>"></iframe>
    <iframe id="iframe-js" src="${js('iframe-src')}"></iframe>
    <form id="form-js" action="${js('form-action')}"><button id="formaction" formaction="${js('formaction')}">Send</button></form>
    <base href="javascript:${run('base')}//">
    <meta http-equiv="refresh" content="0;url=${js('meta-refresh')}">
    <object id="object" data="${js('object')}"></object>
    <embed id="embed" src="${js('embed')}">
    <a id="opener" href="${beaconUrl('opener-link')}" target="_blank">opener</a>
    <a id="js-entity" href="jav&#x09;ascript:${run('entity')}">entity</a>
    <img id="img-onerror" src="x" onerror="${run('img-onerror')}">
    <details open ontoggle="${run('ontoggle')}"><summary>t</summary></details>
    <input autofocus onfocus="${run('onfocus')}">
    <math><mi xlink:href="${js('mathml')}">m</mi></math>
    <p id="marker">hostile page loaded</p>`;
}

describe('a hostile customer page never runs anything in the console', () => {
  let server;
  let browser;
  before(async () => {
    server = await startFixtureServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('SVG, CSS, iframe, form, base, refresh, object/embed and opener vectors reach the mirror inert', async () => {
    const session = await openSession(browser, server.url, 'form.html');
    try {
      await session.pump();
      // Inert on the customer's side too (innerHTML never runs scripts); what matters is the console.
      await session.customer.evaluate((html) => {
        const holder = document.createElement('section');
        holder.innerHTML = html;
        document.body.append(holder);
      }, hostileMarkup());
      await session.pump();
      await new Promise((resolve) => setTimeout(resolve, 600)); // time for animations, error and load handlers
      await session.pump();

      const mirror = await session.agent.evaluate(() => {
        const frame = document.getElementById('mirror');
        const doc = frame.contentDocument;
        const all = [...doc.querySelectorAll('*')];
        const attributes = all.flatMap((el) => [...el.attributes].map((a) => `${el.localName} ${a.name}=${a.value}`));
        return {
          sandbox: frame.getAttribute('sandbox'),
          pwned: window.__pwned ?? frame.contentWindow.__pwned,
          text: doc.body?.textContent ?? '',
          scripts: all.filter((el) => el.localName === 'script').length,
          baseHrefs: all.filter((el) => el.localName === 'base' && el.hasAttribute('href')).map((el) => el.getAttribute('href')),
          refreshes: all.filter((el) => el.localName === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') ?? '')).length,
          handlers: attributes.filter((a) => /^\S+ on/.test(a)),
          javascript: attributes.filter((a) => /javascript:|expression\(/i.test(a.replace(/[\s\u0000-\u001f]/g, ''))),
          // What applies is the sheet (the mirror replaces a <style>'s rules with the sanitized ones it was sent).
          styleText: all.filter((el) => el.localName === 'style').flatMap((el) => [...(el.sheet?.cssRules ?? [])].map((rule) => rule.cssText)).join('\n'),
          srcdocs: attributes.filter((a) => / srcdoc=/.test(a)),
          liveHrefs: all.filter((el) => el.localName === 'a').map((el) => (typeof el.href === 'string' ? el.href : el.href?.animVal ?? '')),
          consoleUrl: location.href,
        };
      });
      const pages = session.context.pages().map((page) => page.url());

      assert.match(mirror.text, /hostile page loaded/, 'the page did reach the mirror');
      assert.equal(mirror.sandbox, 'allow-same-origin', 'the mirror runs no script at all');
      assert.equal(mirror.pwned, undefined);
      assert.equal(mirror.scripts, 0);
      // SVG animate/set may stay (they draw), but after they ran no link's live href is a script URL.
      assert.deepEqual(mirror.liveHrefs.filter((href) => /javascript:/i.test(href)), []);
      assert.deepEqual(mirror.baseHrefs.filter((href) => !/^https?:/i.test(href.trim())), [], 'a <base> may not point anywhere but http(s)');
      assert.equal(mirror.refreshes, 0);
      assert.deepEqual(mirror.handlers, []);
      assert.deepEqual(mirror.javascript, []);
      assert.deepEqual(mirror.srcdocs, []);
      assert.doesNotMatch(mirror.styleText.replace(/\s/g, ''), /javascript:|expression\(/i);
      assert.match(mirror.consoleUrl, /console\.html$/);
      assert.equal(pages.length, 2, `no window was opened: ${pages.join(', ')}`);

      // Clicking every link and button in the mirror runs nothing either (no scripts, and the sandbox).
      await session.agent.evaluate(() => {
        const doc = document.getElementById('mirror').contentDocument;
        for (const el of doc.querySelectorAll('a, button, summary')) el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(await session.agent.evaluate(() => window.__pwned), undefined);
      assert.deepEqual(beaconHits.filter((hit) => !hit.includes('opener-link') && !hit.endsWith('?top=/form.html')), [], 'no vector ran under the console');
      assert.match(session.agent.url(), /console\.html$/);
    } finally {
      await session.close();
    }
  });
});

describe('agent control frames cannot take the customer elsewhere or run script', () => {
  let world;
  before(async () => { world = await startWorld(); }, { timeout: 150_000 });
  after(async () => { await world?.close(); });

  test('navigate to javascript:, data:, other origins and protocol-relative URLs, and clicks on a javascript: link or a link to another origin, are refused', async () => {
    const customer = await world.openCustomer();
    const token = await world.agentToken('alice');
    const made = await world.api(`/interactions/hostile-${Date.now()}/offers`, { token, body: { channel: 'webChat' } });
    await customer.page.evaluate((id) => CoBrowse.acceptOffer(id), made.offerId);
    const agent = await world.connectAgent(made.sessionId, token);
    await waitFor("the agent's snapshot", () => agent.snapshots.length > 0);
    await world.api(`/sessions/${made.sessionId}/control-requests`, { token });
    await clickUi(customer.page, customer.cdp, await waitFor('the control dialog', async () => (await readUi(customer.cdp)).find('approve')));
    await waitFor('control on the page', () => customer.page.evaluate(() => CoBrowse.state().state === 'control'));
    const { page } = customer;
    const startUrl = page.url();
    const run = (tag) => `window.__pwned='${tag}';fetch('${beaconUrl(tag)}')`;

    // A link the site itself might have, whose href is script: the agent's click must not run it.
    await page.evaluate((href) => {
      const link = document.createElement('a');
      link.id = 'js-link';
      link.href = href;
      link.textContent = 'script link';
      document.body.prepend(link);
    }, `javascript:${run('click-js-link')}`);
    // A link to another site: following it would take the customer where the SDK cannot mask or end the session.
    await page.evaluate(() => {
      const link = document.createElement('a');
      link.id = 'away-link';
      link.href = 'https://evil.test/phish';
      link.textContent = 'away';
      document.body.prepend(link);
    });
    const mirrorIdOf = (elementId) => waitFor(`#${elementId} in the mirror`, () => {
      for (const frame of agent.frames.filter((f) => f.t === 'mutations')) {
        for (const add of frame.adds ?? []) {
          const found = allNodes(decodeNodes(add.node, add.id)).find((node) => node.attributes?.id === elementId);
          if (found) return found.id;
        }
      }
      return undefined;
    });
    const linkId = await mirrorIdOf('js-link');
    const awayId = await mirrorIdOf('away-link');

    const targets = [
      `javascript:${run('navigate-js')}`,
      ` JaVaScRiPt:${run('navigate-js-case')}`,
      `\tjavascript:${run('navigate-js-tab')}`,
      `data:text/html,<script>${run('navigate-data')}</script>`,
      'vbscript:msgbox(1)',
      '//evil.test/phish',
      '/\\evil.test/phish',
      '\\\\evil.test/phish',
      'https://evil.test/phish',
      'https:evil.test/phish',
      `${new URL(startUrl).origin}@evil.test/`,
      'blob:https://evil.test/1',
      'file:///etc/passwd',
    ];
    const refusalsBefore = agent.refusals.length;
    for (const url of targets) await agent.link.sendControl({ v: 1, t: 'navigate', url });
    await agent.link.sendControl({ v: 1, t: 'click', id: linkId, x: 2, y: 2 });
    await agent.link.sendControl({ v: 1, t: 'click', id: awayId, x: 2, y: 2 });
    await waitFor('a refusal for every navigation and both clicks', () => agent.refusals.length - refusalsBefore >= targets.length + 2);
    await new Promise((resolve) => setTimeout(resolve, 800));

    const refused = agent.refusals.slice(refusalsBefore);
    assert.equal(refused.filter((r) => r.action === 'navigate').length, targets.length, JSON.stringify(refused));
    assert.deepEqual(refused.filter((r) => r.action === 'click'), [
      { v: 1, t: 'control-refused', action: 'click', reason: 'cross-origin', id: linkId },
      { v: 1, t: 'control-refused', action: 'click', reason: 'cross-origin', id: awayId },
    ]);
    assert.equal(page.url(), startUrl, 'the customer stayed on the page');
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no agent frame ran script on the customer page');
    assert.deepEqual(beaconHits.filter((hit) => /navigate|click-js/.test(hit)), []);
    assert.equal(await page.evaluate(() => CoBrowse.state().state), 'control', 'the session goes on');
    await agent.link.stop?.();
  });
});
