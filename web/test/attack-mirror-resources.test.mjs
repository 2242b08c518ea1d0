// Attack (issue 14, finding 5): the customer chooses what the agent's browser fetches. A customer controls every
// frame its page sends, so it can point the mirror at a host of its own and learn the agent's address and when they
// are watching. A beacon HTTP server on a host the tenant never allowed (127.0.0.2, another loopback address) counts
// every connection and request; page resources of every kind reach for it — from the real capture of a page the
// customer edited, from forged frames (relative URLs under a claimed page URL elsewhere, a <base>, split sheets,
// CSSOM, constructed sheets, mutations, frames inside frames) and, as if the filter had a hole, from elements written
// straight into the mirror document. The beacon must see nothing, while the tenant's own and its asset origins still
// load, byte for byte as sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, launchChromium, startFixtureServer } from './support/browser.mjs';
import { ADMIN_KEY, DEMO_API_KEY, openAgent, startE2E, startVoiceSession } from './support/e2e.mjs';

const dist = join(import.meta.dirname, '..', 'dist');
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** A server that answers everything with a 1×1 PNG and remembers every connection and request. */
async function countingServer(host) {
  const seen = { requests: [], connections: 0 };
  const server = createServer((request, response) => {
    seen.requests.push(request.url);
    // An open redirect, as a CDN or the tenant's own site might have one: /redirect?to=<url>.
    const to = new URL(request.url, 'http://x').searchParams.get('to');
    if (request.url.startsWith('/redirect?') && to) return void response.writeHead(302, { location: to }).end();
    response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(PNG_1X1);
  });
  server.on('connection', () => { seen.connections += 1; });
  await new Promise((resolve) => server.listen(0, host, resolve));
  return {
    seen,
    origin: `http://${host}:${server.address().port}`,
    host: `${host}:${server.address().port}`,
    reset() { seen.requests.length = 0; seen.connections = 0; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

let beacon; // the customer's host: the tenant never allowed it
let asset; // a CDN the tenant allows (an asset origin)
before(async () => {
  [beacon, asset] = await Promise.all([countingServer('127.0.0.2'), countingServer('127.0.0.1')]);
});
after(async () => { await Promise.all([beacon?.close(), asset?.close()]); });

/**
 * The customer's own browser: its page may load whatever it likes from the beacon (that is the customer's machine),
 * so it runs behind a proxy that goes nowhere for every host but 127.0.0.1. Whatever reaches the beacon came from
 * the agent's browser.
 */
const launchCustomerBrowser = () => chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [...CHROMIUM_ARGS, '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=<-loopback>;127.0.0.1'],
});

const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every trace of the beacon in the mirror document, its frames, shadow roots and sheets: attribute values (a <base>
 * aside: it fetches nothing, and the mirror's policy ignores it), <style> text and CSS rules. What the tenant does not
 * allow must be gone before it reaches the document, not only blocked by the browser.
 */
function beaconTraces(host) {
  const found = [];
  const visit = (root, where) => {
    for (const element of root.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        if (attribute.value.includes(host) && !(element.localName === 'base' && attribute.name === 'href')) found.push(`${where} <${element.localName} ${attribute.name}="${attribute.value}">`);
      }
      if (element.localName === 'style' && element.textContent.includes(host)) found.push(`${where} <style>${element.textContent}`);
      if (element.shadowRoot) visit(element.shadowRoot, `${where} > shadow`);
      if (element.localName === 'iframe' && element.contentDocument) visit(element.contentDocument, `${where} > frame`);
    }
    for (const sheet of [...(root.styleSheets ?? []), ...(root.adoptedStyleSheets ?? [])]) {
      for (const rule of sheet.cssRules) if (rule.cssText.includes(host)) found.push(`${where} rule ${rule.cssText}`);
    }
  };
  visit(document.querySelector('#console iframe').contentDocument, 'mirror');
  return found;
}

function assertBeaconSilent(what) {
  assert.deepEqual(beacon.seen.requests, [], `${what}: the beacon got ${beacon.seen.requests.length} requests`);
  assert.equal(beacon.seen.connections, 0, `${what}: the beacon got ${beacon.seen.connections} connections`);
}

/** Page markup whose every resource reference reaches for the beacon, plus the tenant's own and allowed ones. */
function hostileResources(B, A) {
  const gif = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
  return `
    <img id="allowed-asset" src="${A}/ok.png?img">
    <div id="allowed-bg" style="width:4px;height:4px;background-image:url(&quot;${A}/ok.png?bg&quot;)"></div>
    <img id="own" src="fid-assets/stripes.png">
    <img id="data-img" src="${gif}">
    <img src="${B}/img-src">
    <img src="${A}/redirect?to=${encodeURIComponent(`${B}/redirected-from-allowed`)}">
    <img srcset="${B}/img-srcset 1x, ${B}/img-srcset-2 2x">
    <img id="mixed-srcset" src="${gif}" srcset="${A}/ok.png?srcset 1x, ${B}/img-srcset-mixed 2x">
    <img src="${gif}" lowsrc="${B}/lowsrc">
    <img src="${A}/ok.png?attribution" attributionsrc="${B}/attributionsrc">
    <picture><source srcset="${B}/picture-source"><img src="${gif}"></picture>
    <video poster="${B}/video-poster" src="${B}/video-src" preload="auto" width="4" height="4"></video>
    <video preload="auto" width="4" height="4"><source src="${B}/video-source"><track kind="captions" src="${B}/track" default></video>
    <audio src="${B}/audio-src" preload="auto"></audio>
    <input type="image" src="${B}/input-image" alt="go">
    <link rel="stylesheet" href="${B}/link-stylesheet.css">
    <link rel="preload" as="image" href="${B}/link-preload">
    <link rel="preload" as="image" imagesrcset="${B}/link-imagesrcset 1x">
    <link rel="prefetch" href="${B}/link-prefetch">
    <link rel="preconnect" href="${B}">
    <link rel="dns-prefetch" href="${B}">
    <link rel="icon" href="${B}/icon">
    <link rel="modulepreload" href="${B}/modulepreload.js">
    <table background="${B}/table-background"><tr><td background="${B}/td-background">cell</td></tr></table>
    <a href="fid-shop.html" ping="${B}/ping">ping</a>
    <svg width="40" height="40" xmlns:xlink="http://www.w3.org/1999/xlink">
      <image href="${B}/svg-image" width="4" height="4"/>
      <image xlink:href="${B}/svg-xlink-image" width="4" height="4"/>
      <use href="${B}/svg-use.svg#shape"/>
      <filter id="beacon-filter"><feImage href="${B}/svg-feimage"/></filter>
      <rect width="4" height="4" filter="url(${B}/svg-filter.svg#f)" fill="url(${B}/svg-fill.svg#p)"/>
      <image width="4" height="4"><animate attributeName="href" to="${B}/svg-animate" dur="0.1s" fill="freeze"/></image>
    </svg>
    <div style="width:4px;height:4px;background-image:url('${B}/style-attr')"></div>
    <div style="width:4px;height:4px;background-image:image-set('${B}/style-image-set' 1x)"></div>
    <div style="width:4px;height:4px;cursor:url(${B}/cursor), auto;list-style-image:url(${B}/list-style)"></div>
    <div style="width:4px;height:4px;--u:'${B}/custom-property';background-image:image-set(var(--u) 1x)"></div>
    <svg width="4" height="4"><style>@import url(${B}/svg-style-import.css); rect { fill: url(${B}/svg-style-fill.svg#p) }</style><rect width="4" height="4"/></svg>
    <style>
      @import url("${B}/import-url.css");
      @import "${B}/import-string.css";
      @font-face { font-family: BeaconFont; src: url(${B}/font.woff2) format("woff2"); }
      .uses-font { font-family: BeaconFont, sans-serif; }
      .css-bg { background: url(${B}/style-bg) }
      .css-set { background-image: -webkit-image-set(url(${B}/webkit-image-set) 1x) }
      .css-escaped { background-image: \\75 rl(${B}/escaped-url) }
      .css-more { mask-image: url(${B}/mask); border: 4px solid; border-image: url(${B}/border-image) 30; shape-outside: url(${B}/shape) }
      .css-content::before { content: url(${B}/content) }
      .allowed-css { background: url("${A}/ok.png?style") }
    </style>
    <p class="uses-font css-bg css-set css-escaped css-more css-content allowed-css">styled text</p>
    <p id="hostile-marker">hostile resources inserted</p>`;
}

describe('the mirror fetches only what the tenant allows', () => {
  let server;
  let browser;
  let customerBrowser;
  let customer;
  let agent;

  before(async () => {
    [server, browser, customerBrowser] = await Promise.all([startFixtureServer(), launchChromium(), launchCustomerBrowser()]);
    customer = await (await customerBrowser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    await customer.goto(`${server.url}/form.html`);
    await customer.addScriptTag({ path: join(dist, 'cobrowse.js') });
    await customer.evaluate(() => {
      window.__outbox = [];
      window.__capture = window.CoBrowse.startCapture({ send: (frame) => window.__outbox.push(JSON.stringify(frame)) });
    });
    agent = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    await agent.goto(`${server.url}/guide-console.html`);
    await agent.addScriptTag({ path: join(dist, 'console.js') });
    // The tenant's policy as the console gets it: its allowed origin (the fixture site) and one asset origin.
    await agent.evaluate((resources) => {
      window.__view = window.CoBrowseConsole.createConsole(document.getElementById('console'), { send: () => undefined, resources });
    }, { origins: [server.url, asset.origin], anyHttps: false });
  });
  after(async () => {
    await customerBrowser?.close();
    await browser?.close();
    await server?.close();
  });

  const pump = async () => {
    const frames = await customer.evaluate(() => { window.__capture.flush(); return window.__outbox.splice(0); });
    await deliver(frames.map((frame) => JSON.parse(frame)));
    return frames;
  };
  const deliver = (frames) => agent.evaluate((batch) => batch.map((frame) => window.__view.apply(frame)), frames);
  const mirror = (fn, arg) => agent.evaluate(([source, value]) => {
    const doc = document.querySelector('#console iframe').contentDocument;
    return new Function('doc', 'value', `return (${source})(doc, value)`)(doc, value);
  }, [fn.toString(), arg]);

  test('resources of every kind on the customer page reach the mirror without a single request to a host the tenant did not allow', async () => {
    await pump();
    await customer.evaluate(([html, B]) => {
      const holder = document.createElement('section');
      holder.innerHTML = html;
      document.body.append(holder);
      document.body.setAttribute('background', `${B}/body-background`);
      // CSSOM and constructed sheets, an open shadow root and a same-origin frame: each its own way into the mirror.
      const sheetOwner = document.createElement('style');
      document.head.append(sheetOwner);
      sheetOwner.sheet.insertRule(`.cssom-rule { background: url(${B}/cssom-insert) }`);
      const constructed = new CSSStyleSheet();
      constructed.replaceSync(`.constructed { background: url(${B}/constructed-sheet) }`);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, constructed];
      const host = document.createElement('div');
      host.attachShadow({ mode: 'open' }).innerHTML =
        `<style>.in-shadow { background: url(${B}/shadow-style) }</style><img src="${B}/shadow-img"><p class="in-shadow">shadow</p>`;
      const styled = document.createElement('p');
      styled.className = 'cssom-rule constructed';
      styled.textContent = 'sheet rules';
      const frame = document.createElement('iframe');
      document.body.append(host, styled, frame);
      frame.contentDocument.body.innerHTML = `<img src="${B}/iframe-img"><p>inner</p>`;
    }, [hostileResources(beacon.origin, asset.origin), beacon.origin]);
    await pump();
    await settle(300);
    await pump(); // the frame's document, once it is there
    // Changes after the first copy: a new source on an image, new text in a sheet.
    await customer.evaluate((B) => {
      document.getElementById('data-img').src = `${B}/mutated-src`;
      document.querySelector('section style').textContent += `\n.css-bg { background: url(${B}/text-change) }`;
    }, beacon.origin);
    await pump();
    await agent.waitForFunction(() => document.querySelector('#console iframe').contentDocument.getElementById('hostile-marker'));
    await settle();

    assertBeaconSilent('the captured page');
    assert.deepEqual(await agent.evaluate(beaconTraces, beacon.host), [], 'nothing of the beacon reached the mirror document');
    const loaded = await mirror((doc) => ({
      asset: doc.getElementById('allowed-asset')?.naturalWidth,
      assetSrc: doc.getElementById('allowed-asset')?.getAttribute('src'),
      own: doc.getElementById('own')?.naturalWidth,
      data: doc.getElementById('data-img')?.getAttribute('src'),
      bg: doc.getElementById('allowed-bg')?.getAttribute('style'),
    }));
    assert.equal(loaded.asset, 1, 'an image from the tenant\'s asset origin loads');
    assert.equal(loaded.assetSrc, `${asset.origin}/ok.png?img`, 'and its URL is exactly as sent');
    assert.ok(loaded.own > 0, 'an image from the tenant\'s own site loads');
    assert.equal(loaded.bg, `width:4px;height:4px;background-image:url("${asset.origin}/ok.png?bg")`, 'an allowed style attribute is untouched');
    assert.ok(asset.seen.requests.some((url) => url === '/ok.png?bg'), `the allowed background loaded: ${asset.seen.requests}`);
    assert.ok(asset.seen.requests.some((url) => url === '/ok.png?style'), `the allowed sheet background loaded: ${asset.seen.requests}`);
    // The agent is told, quietly, which host was held back.
    const notice = await agent.evaluate((host) => {
      const found = [...document.querySelectorAll('#console [role=status]')].find((element) => element.textContent.includes(host));
      return found?.textContent;
    }, beacon.host);
    assert.ok(notice, 'the console names the held-back host');
  });

  test('forged frames cannot make the mirror fetch from the host they claim the page is on, or from anywhere else', async () => {
    const B = beacon.origin;
    const A = asset.origin;
    const viewport = { width: 1024, height: 768, devicePixelRatio: 1 };
    // Ids are implicit (pre-order from the frame's id); numbers in a children list set the next node's id.
    const claimedElsewhere = {
      v: 1, t: 'snapshot', url: `${B}/claimed/page.html`, viewport, scroll: [], id: 1,
      root: ['#', ['!', 'html', '', ''],
        ['html',
          ['head',
            ['link', { rel: 'stylesheet', href: `data:text/css,@import url(${B}/data-stylesheet-import.css);` }],
            ['style', `@import url("data:text/css,.nested{background:url(${B}/data-import-nested)}");`],
            2000, ['style', '.split { background: u', 'rl(relative-split.png) }'],
            3000, ['style', '.t { color: red }'],
          ],
          400, ['body',
            1000, ['img', { id: 'forged-relative', src: '/forged-relative.png' }],
            ['img', { src: `//127.0.0.2:${new URL(B).port}/forged-protocol-relative.png` }],
            ['img', { srcset: 'relative-srcset.png 2x' }],
            ['div', { class: 'split nested t ins ctor', style: 'width:4px;height:4px;background:url(relative-style.png)' }, 'forged'],
            ['img', { id: 'forged-allowed', src: `${A}/ok.png?forged` }],
            ['svg', { ' n': 'svg', width: '10', height: '10' }, ['image', { href: 'relative-svg-image.png', width: '4', height: '4' }], ['use', { href: 'relative-use.svg#a' }]],
            ['iframe', {}, ['#', ['html', ['head'], ['body', ['img', { src: 'nested-frame-relative.png' }]]]]],
            ['p', { id: 'forged-marker' }, 'forged page'],
          ],
        ],
      ],
    };
    const later = [
      { v: 1, t: 'mutations', removes: [], texts: [{ id: 3001, text: `.t { background: url(${B}/forged-text-change) }` }],
        adds: [{ parentId: 400, nextId: null, id: 5000, node: ['img', { src: `${B}/forged-added` }] }],
        attributes: [{ id: 1000, name: 'srcset', value: `${B}/forged-attribute 2x` }, { id: 1000, name: 'src', value: 'again-relative.png' }] },
      { v: 1, t: 'style', definitions: [{ id: 7, rules: [`.ctor { background: url(${B}/forged-constructed) }`] }],
        changes: [{ node: 3000, op: 'insert', index: 0, rule: `.ins { background: url(${B}/forged-insert) }` }],
        adoptions: [{ root: 1, sheets: [7] }] },
    ];
    // The page claims to be on an allowed origin, but its <base> points at the beacon: relative URLs must not follow it.
    const claimedAllowedWithBase = {
      v: 1, t: 'snapshot', url: `${server.url}/claimed.html`, viewport, scroll: [], id: 1,
      root: ['#', ['html', ['head', ['base', { href: `${B}/base/` }]], ['body', ['img', { id: 'based', src: 'fid-assets/stripes.png' }], ['p', { id: 'base-marker' }, 'based']]]],
    };

    beacon.reset();
    assert.deepEqual(await deliver([claimedElsewhere, ...later]), [true, true, true]);
    await agent.waitForFunction(() => document.querySelector('#console iframe').contentDocument.getElementById('forged-marker'));
    await settle();
    assertBeaconSilent('frames claiming the page is on the beacon');
    assert.deepEqual(await agent.evaluate(beaconTraces, beacon.host), [], 'nothing of the beacon reached the mirror document');
    assert.equal(await mirror((doc) => doc.getElementById('forged-allowed').naturalWidth), 1, 'an allowed absolute URL still loads');

    assert.deepEqual(await deliver([claimedAllowedWithBase]), [true]);
    await agent.waitForFunction(() => document.querySelector('#console iframe').contentDocument.getElementById('base-marker'));
    await settle();
    assertBeaconSilent('a <base> pointing at the beacon');
    assert.deepEqual(await agent.evaluate(beaconTraces, beacon.host), [], 'nothing of the beacon reached the mirror document');
    assert.ok(await mirror((doc) => doc.getElementById('based').naturalWidth) > 0, 'the relative image loads from the page\'s claimed (allowed) origin');
  });

  test('if anything slipped past the filter, the mirror document\'s own Content-Security-Policy still stops it', async () => {
    beacon.reset();
    await deliver([{ v: 1, t: 'snapshot', url: `${server.url}/form.html`, viewport: { width: 1024, height: 768, devicePixelRatio: 1 }, scroll: [], id: 1,
      root: ['#', ['html', ['head'], ['body', ['p', { id: 'clean' }, 'clean page']]]] }]);
    await agent.waitForFunction(() => document.querySelector('#console iframe').contentDocument.getElementById('clean'));
    // Written straight into the mirror, past every check the mirror makes on frames.
    await mirror((doc, [B, A]) => {
      const add = (tag, attributes, text) => {
        const element = doc.createElement(tag);
        for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
        if (text) element.textContent = text;
        (tag === 'link' || tag === 'style' ? doc.head : doc.body).append(element);
        return element;
      };
      add('img', { src: `${B}/backstop-img` });
      add('img', { id: 'backstop-allowed', src: `${A}/ok.png?backstop` });
      add('link', { rel: 'stylesheet', href: `${B}/backstop-link.css` });
      add('style', {}, `@import url(${B}/backstop-import.css); .bs { background: url(${B}/backstop-css) } @font-face { font-family: Bs; src: url(${B}/backstop-font) }`);
      add('p', { class: 'bs', style: `font-family: Bs; list-style-image: url(${B}/backstop-inline)` }, 'backstop');
      add('video', { poster: `${B}/backstop-poster`, src: `${B}/backstop-video`, preload: 'auto' });
      return true;
    }, [beacon.origin, asset.origin]);
    await settle();

    assertBeaconSilent('elements written past the filter');
    assert.equal(await mirror((doc) => doc.getElementById('backstop-allowed').naturalWidth), 1, 'the policy still lets allowed origins through');
  });
});

describe('end to end: the agent console on the local stack, a customer on the tenant\'s own site', () => {
  let env;
  let customerBrowser;
  before(async () => { [env, customerBrowser] = await Promise.all([startE2E(), launchCustomerBrowser()]); }, { timeout: 150_000 });
  after(async () => {
    await customerBrowser?.close();
    await env?.stop();
  });

  /** A shopper on the demo site (the SDK's closed shadow roots opened so the test can type the key like a person). */
  const openCustomer = async () => {
    const context = await customerBrowser.newContext({ viewport: { width: 1100, height: 760 } });
    await context.addInitScript(() => {
      const attach = Element.prototype.attachShadow;
      Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: 'open' }); };
    });
    const page = await context.newPage();
    await page.goto(`${env.stack.url}/demo/`);
    return { context, page };
  };

  const mirrorDoc = 'iframe[title="Customer page"]';
  const inject = (page, markup) => page.evaluate((html) => {
    const holder = document.createElement('section');
    holder.innerHTML = html;
    document.body.append(holder);
  }, markup);

  test('the customer\'s edits cannot make the console fetch from their host; the agent is told and the timeline records the held-back host', { timeout: 120_000 }, async () => {
    const agent = await openAgent(env, 'alice');
    const customer = await openCustomer();
    try {
      await startVoiceSession(agent.page, customer.page, 'alice');
      beacon.reset();
      const own = `${env.stack.url}/demo/img/logo.svg?own`;
      await inject(customer.page, `${hostileResources(beacon.origin, asset.origin)}<img id="own-site" src="${own}">`);
      await agent.page.waitForFunction((selector) => document.querySelector(selector)?.contentDocument?.getElementById('hostile-marker'), mirrorDoc, { timeout: 15_000 });
      await settle(2000);

      assertBeaconSilent('the agent console');
      assert.ok(await agent.page.evaluate((selector) => document.querySelector(selector).contentDocument.getElementById('own-site').naturalWidth, mirrorDoc) > 0,
        'the tenant\'s own images still show');
      assert.ok(await agent.page.getByRole('status').filter({ hasText: beacon.host }).count() > 0, 'the console names the held-back host');

      const sessions = await (await env.api('/sessions?state=active', { headers: { authorization: `Bearer ${agent.token}` } })).json();
      const interactionId = sessions.sessions[0].interactionId;
      let event;
      const deadline = Date.now() + 30_000;
      while (!event && Date.now() < deadline) {
        const timeline = await (await env.api(`/interactions/${interactionId}/timeline`, { headers: { authorization: `Bearer ${DEMO_API_KEY}` } })).json();
        event = timeline.events?.find((e) => e.type === 'resourcesHeldBack');
        if (!event) await settle(500);
      }
      assert.ok(event, 'the held-back hosts reach the interaction timeline');
      assert.equal(event.actorKind, 'agent');
      assert.ok(event.hosts.some((h) => h.host === beacon.host && h.count > 0), JSON.stringify(event.hosts));

      const page = await fetch(`${env.stack.url}/console/`);
      const csp = page.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      // Loopback ports may be any (development asset origins); no host wildcard, no bare "*", no plain http:.
      assert.doesNotMatch(csp, /img-src[^;]*(\s\*(\s|;|$)|\*\.|\shttp:(\s|;|$))/, 'no wildcard host and no plain http for images');
      assert.equal(page.headers.get('x-dns-prefetch-control'), 'off');
    } finally {
      await agent.context.close();
      await customer.context.close();
    }
  });

  test('an asset origin the tenant adds loads in the mirror, and only then', { timeout: 120_000 }, async () => {
    const patched = await env.api('/admin/tenants/demo', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-cobrowse-admin-key': ADMIN_KEY },
      body: JSON.stringify({ assetOrigins: [asset.origin] }),
    });
    assert.equal(patched.status, 200, await patched.text());
    const agent = await openAgent(env, 'bob');
    const customer = await openCustomer();
    try {
      await startVoiceSession(agent.page, customer.page, 'bob');
      beacon.reset();
      asset.reset();
      await inject(customer.page, `<img id="cdn" src="${asset.origin}/ok.png?cdn"><img src="${beacon.origin}/still-held-back"><p id="cdn-marker">cdn</p>`);
      await agent.page.waitForFunction((selector) => document.querySelector(selector)?.contentDocument?.getElementById('cdn-marker'), mirrorDoc, { timeout: 15_000 });
      await settle();

      assertBeaconSilent('with an asset origin added');
      assert.equal(await agent.page.evaluate((selector) => document.querySelector(selector).contentDocument.getElementById('cdn').naturalWidth, mirrorDoc), 1);
      assert.ok(asset.seen.requests.includes('/ok.png?cdn'), `the CDN was asked: ${asset.seen.requests}`);
    } finally {
      await agent.context.close();
      await customer.context.close();
    }
  });
});
