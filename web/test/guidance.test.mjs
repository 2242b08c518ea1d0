// The agent console's view and guidance in read-only mode, in a real Chromium: a customer page (1280×800) captures
// and shows guidance; an agent page runs the console. Frames cross between them as JSON strings in both directions,
// as the transport will carry them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { launchChromium, startFixtureServer } from './support/browser.mjs';

const distDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const CUSTOMER_VIEWPORT = { width: 1280, height: 800 };
/**
 * Words of the overlay: none may ever travel in the customer's frames. The host's tag and attribute are searched as
 * JSON strings, as a serialized element would carry them; the hostile test's own style sheet names them in CSS text.
 */
const OVERLAY_MARKERS = ['Agent', 'Clear annotations', '"cobrowse-guidance"', '"data-cobrowse-ui"'];

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

/**
 * A customer page with capture and guidance and an agent page with the console, each in its own context (its own
 * window, so both keep animation frames running). `hostileCss` is added to the page before anything starts.
 */
async function openGuided({ hostileCss, hostileHtml, contentSecurityPolicy } = {}) {
  const customerContext = await browser.newContext({ viewport: CUSTOMER_VIEWPORT });
  if (contentSecurityPolicy) {
    await customerContext.route('**/guide-page.html', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': contentSecurityPolicy } });
    });
  }
  const agentContext = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  const customer = await customerContext.newPage();
  await customer.goto(`${server.url}/guide-page.html`);
  if (hostileCss) await customer.addStyleTag({ content: hostileCss });
  if (hostileHtml) await customer.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), hostileHtml);
  await customer.addScriptTag({ path: join(distDir, 'cobrowse.js') });
  await customer.evaluate(() => {
    // Test-only window into the overlay's closed shadow root.
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      if (this.hasAttribute('data-cobrowse-ui')) window.__overlayRoot = root;
      return root;
    };
    window.__outbox = [];
    const send = (frame) => window.__outbox.push(JSON.stringify(frame));
    window.__capture = window.CoBrowse.startCapture({ send });
    window.__guidance = window.CoBrowse.createGuidance(document, { nodeOf: (id) => window.__capture.nodeOf(id), send });
  });

  const agent = await agentContext.newPage();
  await agent.goto(`${server.url}/guide-console.html`);
  await agent.addScriptTag({ path: join(distDir, 'console.js') });
  await agent.evaluate(() => {
    window.__guideOutbox = [];
    window.__console = window.CoBrowseConsole.createConsole(document.getElementById('console'), {
      send: (frame) => window.__guideOutbox.push(JSON.stringify(frame)),
    });
  });

  const wire = [];
  const guideWire = [];
  /** Lets both pages run two animation frames (batched frames go out), then carries everything both ways. */
  const pump = async () => {
    await Promise.all([customer, agent].map((page) => page.evaluate(nextFrames)));
    const frames = await customer.evaluate(() => { window.__capture.flush(); return window.__outbox.splice(0); });
    wire.push(...frames);
    await agent.evaluate((batch) => { for (const frame of batch) window.__console.apply(JSON.parse(frame)); }, frames);
    const guides = await agent.evaluate(() => window.__guideOutbox.splice(0));
    guideWire.push(...guides);
    await customer.evaluate((batch) => { for (const frame of batch) window.__guidance.apply(JSON.parse(frame)); }, guides);
    await Promise.all([customer, agent].map((page) => page.evaluate(nextFrames)));
    return { frames, guides };
  };
  await pump();
  const close = async () => {
    await agentContext.close();
    await customerContext.close();
  };
  return { customer, agent, wire, guideWire, pump, close };
}

function nextFrames() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

/** Where the console shows the customer's viewport, and at what scale. */
function stageGeometry(agent) {
  return agent.evaluate(() => {
    const rect = (selector) => {
      const box = document.querySelector(selector).getBoundingClientRect();
      return { left: box.left, top: box.top, width: box.width, height: box.height };
    };
    const area = document.querySelector('.cbc-area');
    return {
      stage: rect('.cbc-stage'),
      outline: rect('.cbc-outline'),
      iframe: rect('.cbc-stage iframe'),
      area: { width: area.clientWidth, height: area.clientHeight },
      mirrorViewport: { width: document.querySelector('.cbc-stage iframe').contentWindow.innerWidth, height: document.querySelector('.cbc-stage iframe').contentWindow.innerHeight },
    };
  });
}

/** The agent's screen point over a point of the customer's viewport. */
function onStage(geometry, x, y) {
  const scale = geometry.stage.width / CUSTOMER_VIEWPORT.width;
  return [geometry.stage.left + x * scale, geometry.stage.top + y * scale];
}

/** An element's rect in the mirror's viewport (unscaled), read through the console page. */
function mirrorRect(agent, selector) {
  return agent.evaluate((css) => {
    const box = document.querySelector('.cbc-stage iframe').contentDocument.querySelector(css).getBoundingClientRect();
    return { left: box.left, top: box.top, width: box.width, height: box.height };
  }, selector);
}

function customerRect(customer, selector) {
  return customer.evaluate((css) => {
    const box = document.querySelector(css).getBoundingClientRect();
    return { left: box.left, top: box.top, width: box.width, height: box.height };
  }, selector);
}

/** What the customer's overlay shows (read through the test's window into its closed shadow root). */
function overlayState(customer) {
  return customer.evaluate(() => {
    const root = window.__overlayRoot;
    const shown = (element) => getComputedStyle(element).display !== 'none';
    const rect = (element) => {
      const box = element.getBoundingClientRect();
      return { left: box.left, top: box.top, width: box.width, height: box.height };
    };
    const pointer = root.querySelector('.pointer');
    const highlight = root.querySelector('.highlight');
    const clear = root.querySelector('.clear');
    return {
      pointer: shown(pointer) ? rect(pointer) : null,
      pointerLabel: pointer.textContent,
      highlight: shown(highlight) ? { ...rect(highlight), opacity: Number(getComputedStyle(highlight).opacity) } : null,
      clearButton: shown(clear) ? rect(clear) : null,
      annotations: [...root.querySelectorAll('[data-annotation]')].map((group) => ({
        id: group.dataset.annotation, kind: group.dataset.kind, box: rect(group), text: group.textContent,
        elements: [...group.querySelectorAll('*')].map((element) => element.localName),
      })),
    };
  });
}

function consoleAnnotations(agent) {
  return agent.evaluate(() => [...document.querySelectorAll('.cbc-annotations [data-annotation]')].map((group) => {
    const box = group.getBoundingClientRect();
    return { id: group.dataset.annotation, kind: group.dataset.kind, box: { left: box.left, top: box.top, width: box.width, height: box.height } };
  }));
}

function assertNear(actual, expected, tolerance, message) {
  for (const key of Object.keys(expected)) {
    assert.ok(Math.abs(actual[key] - expected[key]) <= tolerance, `${message}: ${key} ${actual[key]} vs ${expected[key]} (±${tolerance})`);
  }
}

function assertNoOverlayOnWire(session) {
  for (const frame of session.wire) {
    const marker = OVERLAY_MARKERS.find((word) => frame.includes(word));
    assert.equal(marker, undefined, `the overlay leaked into a captured frame: ${frame.slice(0, 200)}`);
  }
}

async function scrollCustomer(session, y) {
  await session.customer.evaluate((top) => window.scrollTo(0, top), y);
  await session.pump();
}

async function drag(agent, from, to, steps = 8) {
  await agent.mouse.move(...from);
  await agent.mouse.down();
  await agent.mouse.move(...to, { steps });
  await agent.mouse.up();
}

async function chooseTool(agent, tool) {
  await agent.click(`.cbc-toolbar [data-tool="${tool}"]`);
}

describe('console view', () => {
  test('scales the customer viewport down to fit, outlines it, never scales up, and follows a resize', async () => {
    const session = await openGuided();
    try {
      let geometry = await stageGeometry(session.agent);
      const scale = geometry.iframe.width / 1280;
      assert.ok(scale < 1, `the 1280×800 viewport is scaled down into a ${geometry.area.width}×${geometry.area.height} area`);
      assert.deepEqual(geometry.mirrorViewport, { width: 1280, height: 800 }, 'the mirror lays the page out at the customer viewport size');
      assertNear(geometry.iframe, { height: 800 * scale }, 0.5, 'scaled without distortion');
      assertNear(geometry.outline, geometry.iframe, 0.5, 'the outline is the customer viewport');
      const area = await session.agent.evaluate(() => {
        const box = document.querySelector('.cbc-area').getBoundingClientRect();
        return { left: box.left, top: box.top, right: box.right, bottom: box.bottom };
      });
      const slack = { x: area.right - area.left - geometry.iframe.width, y: area.bottom - area.top - geometry.iframe.height };
      assert.ok(geometry.iframe.left > area.left && geometry.iframe.top > area.top && geometry.iframe.left + geometry.iframe.width < area.right &&
        geometry.iframe.top + geometry.iframe.height < area.bottom, 'the outlined viewport lies inside the console area');
      assert.ok(Math.min(slack.x, slack.y) <= 20, `as large as fits (slack ${slack.x}×${slack.y})`);

      // The agent gives the console more room than the customer's viewport: shown at 1:1, not blown up.
      await session.agent.setViewportSize({ width: 1600, height: 1000 });
      await session.agent.evaluate(() => Object.assign(document.getElementById('console').style, { width: '1500px', height: '950px' }));
      await session.agent.evaluate(nextFrames);
      geometry = await stageGeometry(session.agent);
      assertNear(geometry.iframe, { width: 1280, height: 800 }, 0.5, 'never scaled up');
      assertNear(geometry.outline, geometry.iframe, 0.5, 'outline at 1:1');

      // The customer resizes their window: the console takes the new viewport.
      await session.customer.setViewportSize({ width: 900, height: 600 });
      await session.pump();
      geometry = await stageGeometry(session.agent);
      assert.deepEqual(geometry.mirrorViewport, { width: 900, height: 600 });
      assertNear(geometry.outline, { width: 900, height: 600 }, 0.5, 'outline of the resized viewport');

      const left = await session.agent.evaluate(() => {
        window.__console.dispose();
        return document.getElementById('console').childElementCount;
      });
      assert.equal(left, 0, 'dispose removes the view');
    } finally {
      await session.close();
    }
  });

  test('the mirror follows the customer scroll at every scale', async () => {
    const session = await openGuided();
    try {
      const mirrorScroll = () => session.agent.evaluate(() => document.querySelector('.cbc-stage iframe').contentWindow.scrollY);
      await scrollCustomer(session, 700);
      assert.equal(await mirrorScroll(), 700);
      for (const size of [{ width: '400px', height: '300px' }, { width: '1400px', height: '900px' }]) {
        await session.agent.setViewportSize({ width: 1500, height: 1000 });
        await session.agent.evaluate((style) => Object.assign(document.getElementById('console').style, style), size);
        await scrollCustomer(session, size.width === '400px' ? 1234 : 321);
        assert.equal(await mirrorScroll(), size.width === '400px' ? 1234 : 321, `scroll at container ${size.width}`);
        // The same content sits at the same place: card-3's position in the mirror equals the customer's.
        assertNear(await mirrorRect(session.agent, '#card-3'), await customerRect(session.customer, '#card-3'), 0.5, 'card-3 in view');
      }
    } finally {
      await session.close();
    }
  });

  test('the customer pointer is drawn at its scaled position, labelled', async () => {
    const session = await openGuided();
    try {
      await session.customer.mouse.move(640, 300);
      await session.pump();
      const geometry = await stageGeometry(session.agent);
      const pointer = await session.agent.evaluate(() => {
        const element = document.querySelector('.cbc-pointer');
        const box = element.getBoundingClientRect();
        return { left: box.left, top: box.top, label: element.textContent, shown: getComputedStyle(element).display !== 'none' };
      });
      assert.ok(pointer.shown);
      assert.equal(pointer.label, 'Customer');
      const [x, y] = onStage(geometry, 640, 300);
      assertNear(pointer, { left: x, top: y }, 0.5, 'customer pointer');
    } finally {
      await session.close();
    }
  });
});

describe('guidance on the customer page', () => {
  test('the agent pointer shows on the customer page at the same viewport position, and hides when it leaves', async () => {
    const session = await openGuided();
    try {
      const geometry = await stageGeometry(session.agent);
      await session.agent.mouse.move(...onStage(geometry, 500, 320));
      await session.agent.mouse.move(...onStage(geometry, 510, 330), { steps: 5 });
      await session.pump();
      const overlay = await overlayState(session.customer);
      assert.equal(overlay.pointerLabel, 'Agent');
      const scale = geometry.stage.width / 1280;
      assertNear(overlay.pointer, { left: 510, top: 330 }, 1 / scale, 'agent pointer on the customer page');
      const underPointer = await session.customer.evaluate(() => document.elementFromPoint(515, 335)?.localName);
      assert.notEqual(underPointer, 'cobrowse-guidance', 'the overlay lets the customer click through it');
      assert.ok(await session.customer.evaluate(() => document.querySelector('[data-cobrowse-ui]').matches(':popover-open')), 'in the top layer');

      await session.agent.mouse.move(5, 5); // off the stage, over the toolbar
      await session.pump();
      assert.equal((await overlayState(session.customer)).pointer, null, 'hidden once the agent leaves the stage');
      assertNoOverlayOnWire(session);
    } finally {
      await session.close();
    }
  });

  test('the agent pointer is sent at most once per animation frame, with the latest position', async () => {
    const session = await openGuided();
    try {
      const geometry = await stageGeometry(session.agent);
      const scale = geometry.stage.width / 1280;
      const sent = await session.agent.evaluate(async ([left, top, step]) => {
        const input = document.querySelector('.cbc-input');
        window.__guideOutbox.length = 0;
        // Forty moves within one task: one animation frame.
        for (let i = 1; i <= 40; i += 1) {
          input.dispatchEvent(new PointerEvent('pointermove', { clientX: left + i * step, clientY: top + i * step, bubbles: true }));
        }
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return window.__guideOutbox.splice(0).map((frame) => JSON.parse(frame));
      }, [geometry.stage.left, geometry.stage.top, 5 * scale]);
      assert.equal(sent.length, 1, 'one pointer frame for forty moves in one animation frame');
      assert.equal(sent[0].t, 'pointer');
      assertNear(sent[0], { x: 200, y: 200 }, 0.1, 'the latest position, in customer viewport pixels');
    } finally {
      await session.close();
    }
  });

  test('a click in highlight mode outlines the same element on both sides, follows scroll, and fades', async () => {
    const session = await openGuided();
    try {
      await scrollCustomer(session, 60);
      await chooseTool(session.agent, 'highlight');
      const geometry = await stageGeometry(session.agent);
      const sticker = await mirrorRect(session.agent, '#sticker-text');
      await session.agent.mouse.click(...onStage(geometry, sticker.left + 20, sticker.top + sticker.height / 2));
      const { guides } = await session.pump();
      assert.ok(guides.some((frame) => JSON.parse(frame).t === 'highlight'), 'a highlight frame was sent');

      let overlay = await overlayState(session.customer);
      assertNear(overlay.highlight, await customerRect(session.customer, '#sticker-text'), 0.5, 'customer outline');
      const scale = geometry.stage.width / 1280;
      const consoleOutline = await session.agent.evaluate(() => {
        const box = document.querySelector('.cbc-highlight').getBoundingClientRect();
        return { left: box.left, top: box.top, width: box.width, height: box.height };
      });
      const [left, top] = onStage(geometry, sticker.left, sticker.top);
      assertNear(consoleOutline, { left, top, width: sticker.width * scale, height: sticker.height * scale }, 0.5, 'console outline');

      // While it shows, it follows the element when the customer scrolls.
      await scrollCustomer(session, 200);
      overlay = await overlayState(session.customer);
      assertNear(overlay.highlight, await customerRect(session.customer, '#sticker-text'), 0.5, 'customer outline after scroll');

      await session.customer.waitForTimeout(3100);
      overlay = await overlayState(session.customer);
      assert.equal(overlay.highlight, null, 'faded on the customer page');
      const consoleShown = await session.agent.evaluate(() => getComputedStyle(document.querySelector('.cbc-highlight')).display !== 'none');
      assert.equal(consoleShown, false, 'faded in the console');
      assertNoOverlayOnWire(session);
    } finally {
      await session.close();
    }
  });

  test('each annotation kind drawn in the console lands on the same content on the customer page, also after scrolling', async () => {
    const session = await openGuided();
    try {
      await scrollCustomer(session, 100); // so document and viewport coordinates differ
      const geometry = await stageGeometry(session.agent);
      const scale = geometry.stage.width / 1280;
      const card1 = await mirrorRect(session.agent, '#card-1');
      const card2 = await mirrorRect(session.agent, '#card-2');
      const card3 = await mirrorRect(session.agent, '#card-3');
      const card5 = await mirrorRect(session.agent, '#card-5');

      await chooseTool(session.agent, 'box');
      await drag(session.agent, onStage(geometry, card1.left, card1.top), onStage(geometry, card1.left + card1.width, card1.top + card1.height));
      await chooseTool(session.agent, 'arrow');
      await drag(session.agent, onStage(geometry, card2.left + 10, card2.top + 10), onStage(geometry, card2.left + card2.width - 10, card2.top + card2.height - 10));
      await chooseTool(session.agent, 'freehand');
      await session.agent.mouse.move(...onStage(geometry, card3.left, card3.top + 50));
      await session.agent.mouse.down();
      for (let step = 1; step <= 12; step += 1) {
        await session.agent.mouse.move(...onStage(geometry, card3.left + (card3.width * step) / 12, card3.top + 50 + (step % 2) * 60));
      }
      await session.agent.mouse.up();
      await chooseTool(session.agent, 'text');
      await session.agent.mouse.click(...onStage(geometry, card5.left + 12, card5.top + 40));
      await session.agent.keyboard.type('Choose this one');
      await session.agent.keyboard.press('Enter');
      await session.pump();

      const expectOn = async (label) => {
        const customerCards = {
          1: await customerRect(session.customer, '#card-1'), 2: await customerRect(session.customer, '#card-2'),
          3: await customerRect(session.customer, '#card-3'), 5: await customerRect(session.customer, '#card-5'),
        };
        const overlay = await overlayState(session.customer);
        const byKind = Object.fromEntries(overlay.annotations.map((annotation) => [annotation.kind, annotation]));
        assert.deepEqual(Object.keys(byKind).sort(), ['arrow', 'box', 'freehand', 'text'], `${label}: every kind shown`);
        // Drawn with the agent's mouse on a scaled stage: one agent pixel is 1/scale customer pixels.
        const tolerance = 1.5 / scale + 2;
        assertNear(byKind.box.box, customerCards[1], tolerance, `${label}: box around card 1`);
        const card = customerCards[2];
        assertNear(byKind.arrow.box, { left: card.left + 10, top: card.top + 10, width: card.width - 20, height: card.height - 20 }, tolerance, `${label}: arrow across card 2`);
        assertNear(byKind.freehand.box, { left: customerCards[3].left, top: customerCards[3].top + 50, width: customerCards[3].width, height: 60 }, tolerance, `${label}: stroke over card 3`);
        assertNear(byKind.text.box, { left: customerCards[5].left + 12, top: customerCards[5].top + 40 }, tolerance, `${label}: label on card 5`);
        assert.equal(byKind.text.text, 'Choose this one');
        assert.ok(overlay.clearButton, 'the customer can clear them');
      };
      await expectOn('as drawn');
      await scrollCustomer(session, 420);
      await expectOn('after the customer scrolled');

      // The console shows them on the same content of the mirror.
      const consoleShown = await consoleAnnotations(session.agent);
      assert.deepEqual(consoleShown.map((annotation) => annotation.kind).sort(), ['arrow', 'box', 'freehand', 'text']);
      const mirrorCard1 = await mirrorRect(session.agent, '#card-1');
      const box = consoleShown.find((annotation) => annotation.kind === 'box').box;
      const [left, top] = onStage(await stageGeometry(session.agent), mirrorCard1.left, mirrorCard1.top);
      assertNear(box, { left, top, width: mirrorCard1.width * scale, height: mirrorCard1.height * scale }, 2.5, 'console box after scroll');
      const inMirror = await session.agent.evaluate(() => {
        const mirror = document.querySelector('.cbc-stage iframe').contentDocument;
        return mirror.querySelectorAll('[data-annotation], [class^="cbc"], svg g').length;
      });
      assert.equal(inMirror, 0, "the console's drawings stay outside the mirror document");
      assertNoOverlayOnWire(session);
    } finally {
      await session.close();
    }
  });

  test('clearing from either side removes the annotations on both sides; undo removes the last one', async () => {
    const session = await openGuided();
    try {
      const geometry = await stageGeometry(session.agent);
      await chooseTool(session.agent, 'box');
      const drawBoxes = async () => {
        await drag(session.agent, onStage(geometry, 100, 100), onStage(geometry, 300, 250));
        await drag(session.agent, onStage(geometry, 400, 100), onStage(geometry, 600, 250));
        await session.pump();
        assert.equal((await overlayState(session.customer)).annotations.length, 2);
        assert.equal((await consoleAnnotations(session.agent)).length, 2);
      };

      await drawBoxes();
      await session.agent.click('.cbc-toolbar [data-action="undo"]');
      await session.pump();
      assert.equal((await overlayState(session.customer)).annotations.length, 1, 'undo reached the customer');
      assert.equal((await consoleAnnotations(session.agent)).length, 1);
      await session.agent.click('.cbc-toolbar [data-action="clear"]');
      await session.pump();
      assert.equal((await overlayState(session.customer)).annotations.length, 0, 'cleared on the customer page by the agent');
      assert.equal((await consoleAnnotations(session.agent)).length, 0);
      assert.equal((await overlayState(session.customer)).clearButton, null, 'no clear button without annotations');

      await drawBoxes();
      const button = (await overlayState(session.customer)).clearButton;
      const focusBefore = await session.customer.evaluate(() => document.activeElement?.localName);
      await session.customer.mouse.click(button.left + button.width / 2, button.top + button.height / 2);
      assert.equal((await overlayState(session.customer)).annotations.length, 0, 'cleared on the customer page by the customer');
      assert.equal(await session.customer.evaluate(() => document.activeElement?.localName), focusBefore, 'the button does not take focus');
      const { frames } = await session.pump();
      assert.ok(frames.some((frame) => JSON.parse(frame).t === 'annotations-cleared'), 'the customer told the agent');
      assert.equal((await consoleAnnotations(session.agent)).length, 0, 'cleared in the console');
      assertNoOverlayOnWire(session);
    } finally {
      await session.close();
    }
  });

  test('hostile site CSS cannot hide the overlay', async () => {
    // Everything a careless or hostile stylesheet might do to an element it does not know; the cover is a site
    // layer at the highest z-index over the whole viewport.
    const hostileCss = `
      div, svg, span, button, [data-cobrowse-ui], cobrowse-guidance { display: none !important; }
      svg { width: 0 !important; height: 0 !important; }
      html > :not(head):not(body):not(.late-cover) { visibility: hidden !important; opacity: 0 !important; transform: scale(0) !important;
        clip-path: inset(50%) !important; z-index: -1 !important; position: static !important; font-size: 0 !important; }`;
    const hostileHtml = '<section id="cover" style="position:fixed;inset:0;z-index:2147483647;background:rgb(255,255,255)"></section>';
    const session = await openGuided({ hostileCss, hostileHtml });
    try {
      const geometry = await stageGeometry(session.agent);
      await session.agent.mouse.move(...onStage(geometry, 200, 200));
      await chooseTool(session.agent, 'box');
      await drag(session.agent, onStage(geometry, 500, 300), onStage(geometry, 800, 500));
      await session.agent.mouse.move(...onStage(geometry, 200, 200));
      await session.pump();
      // A layer the site adds later, after the overlay in tree order, at the same highest z-index.
      await session.customer.evaluate(() => document.documentElement.insertAdjacentHTML('beforeend',
        '<aside class="late-cover" style="position:fixed;inset:0;z-index:2147483647;background:rgb(255,255,255)"></aside>'));

      const near = paintedNear(PNG.sync.read(await session.customer.screenshot()));
      const overlay = await overlayState(session.customer);
      const agentBlue = [0x25, 0x63, 0xeb];
      const annotationRed = [0xe5, 0x48, 0x4d];
      assert.ok(near(overlay.pointer.left + 4, overlay.pointer.top + 10, agentBlue), 'the agent pointer is painted over the cover');
      const box = overlay.annotations[0].box;
      assert.ok(near(box.left, box.top + box.height / 2, annotationRed), 'the box annotation is painted (left edge)');
      assert.ok(near(box.left + box.width / 2, box.top + box.height, annotationRed), 'the box annotation is painted (bottom edge)');
      const button = overlay.clearButton;
      assert.ok(near(button.left + 4, button.top + button.height / 2, [0x11, 0x18, 0x27]), 'the clear button is painted');
      assertNoOverlayOnWire(session);
    } finally {
      await session.close();
    }
  });
});

/** Whether a screenshot shows a color within a few pixels of a point. */
function paintedNear(shot) {
  const pixel = (x, y) => {
    const at = (Math.round(y) * shot.width + Math.round(x)) * 4;
    return [shot.data[at], shot.data[at + 1], shot.data[at + 2]];
  };
  return (x, y, [r, g, b]) => {
    for (let dy = -3; dy <= 3; dy += 1) {
      for (let dx = -3; dx <= 3; dx += 1) {
        const [pr, pg, pb] = pixel(x + dx, y + dy);
        if (Math.abs(pr - r) < 40 && Math.abs(pg - g) < 40 && Math.abs(pb - b) < 40) return true;
      }
    }
    return false;
  };
}

describe('guidance safety', () => {
  test('a Content-Security-Policy without inline styles does not unstyle the overlay', async () => {
    const session = await openGuided({ contentSecurityPolicy: "style-src 'self'" });
    try {
      const blocked = await session.customer.evaluate(() => getComputedStyle(document.querySelector('.grid')).display);
      assert.notEqual(blocked, 'grid', "the policy is in force: the page's own inline <style> is blocked");
      const geometry = await stageGeometry(session.agent);
      await chooseTool(session.agent, 'box');
      await drag(session.agent, onStage(geometry, 500, 300), onStage(geometry, 800, 500));
      await session.agent.mouse.move(...onStage(geometry, 200, 200));
      await session.pump();
      const overlay = await overlayState(session.customer);
      const host = await session.customer.evaluate(() => getComputedStyle(document.querySelector('[data-cobrowse-ui]')).position);
      assert.equal(host, 'fixed', 'the host keeps its own box');
      const near = paintedNear(PNG.sync.read(await session.customer.screenshot()));
      assert.ok(near(overlay.pointer.left + 4, overlay.pointer.top + 10, [0x25, 0x63, 0xeb]), 'the agent pointer is painted');
      const box = overlay.annotations[0].box;
      assert.ok(near(box.left, box.top + box.height / 2, [0xe5, 0x48, 0x4d]), 'the box annotation is painted');
      assert.equal(overlay.pointerLabel, 'Agent');
      assertNoOverlayOnWire(session);
    } finally {
      await session.close();
    }
  });

  test('forged frames: markup in a label stays text, oversized or malformed frames are ignored', async () => {
    const session = await openGuided();
    try {
      const forged = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
      await session.customer.evaluate((text) => {
        const guidance = window.__guidance;
        guidance.apply({ v: 1, t: 'annotate', annotation: { id: 'forged', kind: 'text', color: 'red;background:url(x)', points: [[50, 60]], text, extra: '<script>' } });
        guidance.apply({ v: 1, t: 'annotate', annotation: { id: 'long', kind: 'text', color: '#000', points: [[10, 10]], text: 'x'.repeat(201) } });
        guidance.apply({ v: 1, t: 'annotate', annotation: { id: 'many', kind: 'freehand', color: '#000', points: Array.from({ length: 2001 }, (_, i) => [i, i]) } });
        guidance.apply({ v: 1, t: 'annotate', annotation: { id: 'nan', kind: 'box', color: '#000', rect: { x: 'NaN', y: 0, width: 10, height: 10 } } });
        guidance.apply({ v: 1, t: 'annotate', annotation: { id: 'bad id"><b>', kind: 'box', color: '#000', rect: { x: 0, y: 0, width: 10, height: 10 } } });
        guidance.apply({ v: 2, t: 'annotations-clear' });
        guidance.apply({ v: 1, t: 'highlight', id: '1' });
        guidance.apply(null);
      }, forged);
      await session.customer.evaluate(nextFrames);
      const overlay = await overlayState(session.customer);
      assert.deepEqual(overlay.annotations.map((annotation) => annotation.id), ['forged'], 'only the well-formed annotation is drawn');
      assert.equal(overlay.annotations[0].text, forged, 'shown as the literal text');
      assert.deepEqual(overlay.annotations[0].elements, ['text'], 'no element came out of the label');
      assert.equal(await session.customer.evaluate(() => window.__pwned), undefined);
      const color = await session.customer.evaluate(() => window.__overlayRoot.querySelector('[data-annotation="forged"] text').getAttribute('fill'));
      assert.equal(color, '#e5484d', 'an invalid color falls back to the default');

      // 2,000 points and 200 characters are the limits, not beyond.
      await session.customer.evaluate(() => {
        window.__guidance.apply({ v: 1, t: 'annotate', annotation: { id: 'max', kind: 'freehand', color: '#000', points: Array.from({ length: 2000 }, (_, i) => [i, i]) } });
        window.__guidance.apply({ v: 1, t: 'annotate', annotation: { id: 'maxtext', kind: 'text', color: '#000', points: [[0, 0]], text: 'y'.repeat(200) } });
      });
      assert.deepEqual((await overlayState(session.customer)).annotations.map((annotation) => annotation.id), ['forged', 'max', 'maxtext']);

      assertNoOverlayOnWire(session);
    } finally {
      await session.close();
    }
  });

  test('the overlay never reaches the capture, whether guidance starts before or after it', async () => {
    const context = await browser.newContext({ viewport: CUSTOMER_VIEWPORT });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/guide-page.html`);
      await page.addScriptTag({ path: join(distDir, 'cobrowse.js') });
      const frames = await page.evaluate(async () => {
        const outbox = [];
        const send = (frame) => outbox.push(JSON.stringify(frame));
        // Guidance first: the snapshot must skip the host.
        const early = window.CoBrowse.createGuidance(document, { nodeOf: () => undefined, send });
        early.apply({ v: 1, t: 'pointer', x: 10, y: 10 });
        const capture = window.CoBrowse.startCapture({ send });
        // Guidance after: the mutation batch must skip the added host.
        const late = window.CoBrowse.createGuidance(document, { nodeOf: (id) => capture.nodeOf(id), send });
        late.apply({ v: 1, t: 'annotate', annotation: { id: 'a', kind: 'text', color: '#123456', points: [[5, 5]], text: 'hello' } });
        late.apply({ v: 1, t: 'highlight', id: 3 });
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        capture.flush();
        late.dispose();
        early.dispose();
        capture.flush();
        capture.stop();
        return outbox;
      });
      assert.ok(frames.length >= 1 && JSON.parse(frames[0]).t === 'snapshot');
      for (const frame of frames) {
        const marker = [...OVERLAY_MARKERS, 'hello'].find((word) => frame.includes(word));
        assert.equal(marker, undefined, `overlay content in a captured frame: ${frame.slice(0, 300)}`);
      }
    } finally {
      await context.close();
    }
  });

  test('dispose leaves the customer DOM and listeners as they were; nodeOf finds captured nodes', async () => {
    const context = await browser.newContext({ viewport: CUSTOMER_VIEWPORT });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/guide-page.html`);
      await page.addScriptTag({ path: join(distDir, 'cobrowse.js') });
      const cdp = await context.newCDPSession(page);
      const listenerCount = async () => {
        let total = 0;
        for (const expression of ['window', 'document', 'document.documentElement']) {
          const { result } = await cdp.send('Runtime.evaluate', { expression });
          const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
          total += listeners.length;
        }
        return total;
      };
      await page.evaluate(() => {
        window.__capture = window.CoBrowse.startCapture({ send: () => {} });
      });
      const before = { html: await page.evaluate(() => document.documentElement.outerHTML), listeners: await listenerCount() };
      const found = await page.evaluate(async () => {
        const guidance = window.CoBrowse.createGuidance(document, { nodeOf: (id) => window.__capture.nodeOf(id), send: () => {} });
        // Find the id the capture gave #card-4 by asking for every id until it comes back.
        let cardId;
        for (let id = 1; id < 500 && cardId === undefined; id += 1) if (window.__capture.nodeOf(id) === document.getElementById('card-4')) cardId = id;
        guidance.apply({ v: 1, t: 'pointer', x: 20, y: 20 });
        guidance.apply({ v: 1, t: 'highlight', id: cardId });
        guidance.apply({ v: 1, t: 'annotate', annotation: { id: 'b', kind: 'box', color: '#123456', rect: { x: 1, y: 2, width: 30, height: 40 } } });
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const during = document.documentElement.outerHTML;
        guidance.dispose();
        return { cardId, changedWhileShown: during !== document.documentElement.outerHTML, missing: window.__capture.nodeOf(999999) === undefined };
      });
      assert.ok(found.cardId > 0, 'nodeOf returns the live node for its id');
      assert.ok(found.missing, 'nodeOf of an unknown id is undefined');
      assert.ok(found.changedWhileShown, 'the overlay was in the page while shown');
      assert.equal(await page.evaluate(() => document.documentElement.outerHTML), before.html, 'the DOM is as before');
      assert.equal(await listenerCount(), before.listeners, 'no listener left behind');
      await page.waitForTimeout(50);
      assert.equal(await page.evaluate(() => document.documentElement.outerHTML), before.html, 'nothing comes back after dispose');
    } finally {
      await context.close();
    }
  });
});
