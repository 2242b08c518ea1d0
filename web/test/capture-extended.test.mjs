// Capture completeness in a real Chromium: CSSOM changes, constructed and adopted sheets, same-origin iframes
// (with masking inside them), focus, selection, media play state and canvas pixels, and the mirror's refusal of
// forged style frames.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { allNodes, decodeSnapshot, launchChromium, openSession, outline, snapshotIdOf, startFixtureServer } from './support/browser.mjs';

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

/** Runs `fn(doc, arg)` on a document of each side: the page's (or a frame's, by iframe id) and the mirror's. */
const inSource = (session, fn, arg, frameId = null) =>
  session.customer.evaluate(([source, a, id]) => {
    const doc = id ? document.getElementById(id).contentDocument : document;
    return new Function(`return (${source})`)()(doc, a);
  }, [fn.toString(), arg, frameId]);
const inMirror = (session, fn, arg, frameId = null) =>
  session.agent.evaluate(([source, a, id]) => {
    const top = document.getElementById('mirror').contentDocument;
    const doc = id ? top.getElementById(id).contentDocument : top;
    return new Function(`return (${source})`)()(doc, a);
  }, [fn.toString(), arg, frameId]);

const colorOf = (doc, id) => {
  const element = doc.getElementById(id);
  return element ? doc.defaultView.getComputedStyle(element).color : 'missing';
};
/** Computed colors of the given ids on both sides. */
const colors = async (session, ids, frameId = null) => ({
  source: await Promise.all(ids.map((id) => inSource(session, colorOf, id, frameId))),
  mirror: await Promise.all(ids.map((id) => inMirror(session, colorOf, id, frameId))),
});

/** The shared outline() of a frame's document (its source masking knows nothing of the frame's container: use on plain frames). */
const frameOutline = (doc, options) => new Function(`return (${options.fn})`)()(doc, options);
const sourceFrameOutline = (session, frameId, privacy = {}) =>
  inSource(session, frameOutline, { fn: outline.toString(), applyMasking: true, ...privacy }, frameId);
const mirrorFrameOutline = (session, frameId) => inMirror(session, frameOutline, { fn: outline.toString(), applyMasking: false }, frameId);

const assertNoMarker = (session, marker) => {
  for (const [index, frame] of session.wire.entries()) {
    assert.ok(!frame.includes(marker), `frame ${index} leaks ${marker}: ${frame.slice(Math.max(0, frame.indexOf(marker) - 150), frame.indexOf(marker) + 60)}`);
  }
};

const waitFor = async (probe, what, timeoutMs = 4000) => {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last.ok) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${what}: ${JSON.stringify(last)}`);
};

describe('style sheets changed through the CSSOM', () => {
  test('rules inserted and deleted by script, before and after the capture started, reach the mirror', async () => {
    const session = await openSession(browser, server.url, 'ext-cssom.html');
    try {
      await session.pump();
      const ids = ['early-target', 'authored-target', 'runtime-target', 'nested-target'];
      let { source, mirror } = await colors(session, ids);
      assert.equal(source[0], 'rgb(10, 20, 30)', 'the fixture styled its element before the capture');
      assert.deepEqual(mirror, source);

      await session.customer.evaluate(() => {
        const runtime = document.getElementById('runtime').sheet;
        runtime.insertRule('#runtime-target { color: rgb(200, 0, 0); background: url("img/dot.png"); }', runtime.cssRules.length);
        const authored = document.getElementById('authored').sheet;
        authored.deleteRule(0); // #authored-target loses its blue
        authored.cssRules[0].insertRule('#nested-target { color: rgb(0, 99, 0); }', 1); // inside @media
        runtime.addRule('#early-target', 'outline: 1px solid rgb(3, 3, 3)'); // the legacy API
      });
      await session.pump();
      ({ source, mirror } = await colors(session, ids));
      assert.deepEqual(source, ['rgb(10, 20, 30)', 'rgb(0, 0, 0)', 'rgb(200, 0, 0)', 'rgb(0, 99, 0)']);
      assert.deepEqual(mirror, source);
      assert.ok(session.wire.join('\n').includes(`${server.url}/img/dot.png`), 'URLs in inserted rules are absolute');

      // Declarations changed on a rule object (JSS updates dynamic values this way), top-level and nested.
      await session.customer.evaluate(() => {
        const runtime = document.getElementById('runtime').sheet;
        const rule = [...runtime.cssRules].find((r) => r.selectorText === '#runtime-target');
        rule.style.setProperty('color', 'rgb(0, 60, 120)');
        const nested = document.getElementById('authored').sheet.cssRules[0].cssRules[1];
        nested.style.setProperty('color', 'rgb(44, 44, 44)');
      });
      await session.pump();
      ({ source, mirror } = await colors(session, ids));
      assert.deepEqual([source[2], source[3]], ['rgb(0, 60, 120)', 'rgb(44, 44, 44)']);
      assert.deepEqual(mirror, source);

      // A <style> added and filled through the CSSOM in the same frame arrives with its rules exactly once.
      await session.customer.evaluate(() => {
        const style = document.createElement('style');
        document.head.append(style);
        style.sheet.insertRule('#runtime-target { border-left: 3px solid rgb(1, 2, 3); }');
        style.sheet.insertRule('#authored-target { color: rgb(5, 6, 7); }');
      });
      await session.pump();
      ({ source, mirror } = await colors(session, ids));
      assert.equal(source[1], 'rgb(5, 6, 7)');
      assert.deepEqual(mirror, source);
      const ruleCounts = (doc) => [...doc.head.querySelectorAll('style')].map((style) => style.sheet?.cssRules.length ?? -1);
      assert.deepEqual(await inMirror(session, ruleCounts), await inSource(session, ruleCounts));
    } finally {
      await session.close();
    }
  });

  test('a <style> in a masked subtree (also in a masked shadow root) styles the mirror; only its quoted strings are masked, CSSOM changes too', async () => {
    const session = await openSession(browser, server.url, 'ext-cssom.html');
    const mirrorStyle = () => session.agent.evaluate(() => {
      const doc = document.getElementById('mirror').contentDocument;
      const p = doc.getElementById('masked-p');
      const b = doc.getElementById('masked-card').shadowRoot?.querySelector('b');
      return { fontSize: getComputedStyle(p).fontSize, color: getComputedStyle(p).color, after: getComputedStyle(p, '::after').content,
        before: getComputedStyle(p, '::before').content, text: p.textContent, shadowSize: b && getComputedStyle(b).fontSize, shadowText: b?.textContent };
    });
    try {
      await session.pump();
      let style = await mirrorStyle();
      assert.equal(style.fontSize, '30px', 'the masked subtree\'s own style sheet applies in the mirror');
      assert.equal(style.shadowSize, '26px', 'so does the style sheet of a masked shadow root');
      assert.equal(style.after, `"${'•'.repeat('SECRET-css-x'.length)}"`, 'a quoted string becomes a same-length placeholder');
      assert.equal(style.text, '•••••• ••••', 'text stays masked');
      assert.equal(style.shadowText, '•'.repeat('SECRET-shadow'.length));

      await session.customer.evaluate(() => {
        const sheet = document.getElementById('masked-style').sheet;
        sheet.insertRule('#masked-styles p { color: rgb(0, 0, 200); }', sheet.cssRules.length);
        sheet.insertRule('#masked-p::before { content: \'SECRET-css-inserted\'; }', 0);
      });
      await session.pump();
      style = await mirrorStyle();
      assert.equal(style.color, 'rgb(0, 0, 200)', 'a rule inserted through the CSSOM reaches the mirror');
      assert.equal(style.before, `"${'•'.repeat('SECRET-css-inserted'.length)}"`);
      assertNoMarker(session, 'SECRET');
    } finally {
      await session.close();
    }
  });

  test('constructed sheets adopted by the document and by a shadow root are built in the mirror and follow changes', async () => {
    const session = await openSession(browser, server.url, 'ext-cssom.html');
    try {
      await session.pump();
      let { source, mirror } = await colors(session, ['adopted-early']);
      assert.deepEqual(source, ['rgb(40, 50, 60)']);
      assert.deepEqual(mirror, source, 'a sheet adopted before the capture is in the snapshot');

      await session.customer.evaluate(() => {
        window.shared = new CSSStyleSheet();
        window.shared.replaceSync('#adopted-late, span { color: rgb(0, 128, 0); }');
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, window.shared];
        const root = document.getElementById('widget').attachShadow({ mode: 'open' });
        root.innerHTML = '<span id="in-shadow">shadow text</span>';
        root.adoptedStyleSheets = [window.shared];
      });
      await session.pump();
      const shadowColor = (doc) => {
        const span = doc.getElementById('widget').shadowRoot?.getElementById('in-shadow');
        return span ? doc.defaultView.getComputedStyle(span).color : 'missing';
      };
      ({ source, mirror } = await colors(session, ['adopted-early', 'adopted-late']));
      assert.deepEqual(source, ['rgb(40, 50, 60)', 'rgb(0, 128, 0)']);
      assert.deepEqual(mirror, source);
      assert.equal(await inMirror(session, shadowColor), 'rgb(0, 128, 0)');

      await session.customer.evaluate(async () => {
        window.shared.replaceSync('#adopted-late, span { color: rgb(128, 0, 128); }');
        window.shared.insertRule('#adopted-early { color: rgb(9, 9, 9) !important; }', 1);
        await window.shared.replace('#adopted-late, span { color: rgb(7, 77, 177); } #adopted-early { color: rgb(3, 3, 3) !important; }');
      });
      await session.pump();
      ({ source, mirror } = await colors(session, ['adopted-early', 'adopted-late']));
      assert.deepEqual(source, ['rgb(3, 3, 3)', 'rgb(7, 77, 177)']);
      assert.deepEqual(mirror, source);
      assert.equal(await inMirror(session, shadowColor), await inSource(session, shadowColor));

      await session.customer.evaluate(() => { document.adoptedStyleSheets = []; });
      await session.pump();
      ({ source, mirror } = await colors(session, ['adopted-early', 'adopted-late']));
      assert.deepEqual(source, ['rgb(0, 0, 0)', 'rgb(0, 0, 0)']);
      assert.deepEqual(mirror, source, 'un-adopting is mirrored too');
    } finally {
      await session.close();
    }
  });

  test('sheets adopted in place with push() are found too, and stop() gives the page back its own CSSOM in every frame', async () => {
    const session = await openSession(browser, server.url, 'ext-cssom.html');
    try {
      await session.pump();
      await session.customer.evaluate(() => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync('#adopted-late { color: rgb(0, 0, 200); }');
        document.adoptedStyleSheets.push(sheet); // an in-place change: no setter runs
      });
      await waitFor(async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await session.pump();
        const { source, mirror } = await colors(session, ['adopted-late']);
        return { ok: source[0] === 'rgb(0, 0, 200)' && mirror[0] === source[0], source, mirror };
      }, 'the pushed sheet is adopted in the mirror');

      await session.customer.evaluate(() => document.body.append(document.createElement('iframe')));
      await session.pump(); // the new frame is now captured, its realm wrapped
      const wrapped = await session.customer.evaluate(() => {
        const win = document.querySelector('body > iframe:last-of-type').contentWindow;
        return /\[native code\]/.test(Function.prototype.toString.call(win.CSSStyleSheet.prototype.insertRule));
      });
      assert.equal(wrapped, false, 'a captured frame has its CSSOM wrapped');
      await session.customer.evaluate(() => window.__capture.stop());
      const after = await session.customer.evaluate(() => {
        const isNative = (fn) => /\[native code\]/.test(Function.prototype.toString.call(fn));
        return [window, ...[...document.querySelectorAll('iframe')].map((frame) => frame.contentWindow)].map((win) => [
          win.CSSStyleSheet.prototype.insertRule, win.CSSStyleSheet.prototype.replaceSync, win.Element.prototype.attachShadow,
          win.CSSGroupingRule.prototype.insertRule, win.CSSStyleDeclaration.prototype.setProperty,
          win.CanvasRenderingContext2D.prototype.fillRect, win.WebGLRenderingContext.prototype.drawArrays,
          Object.getOwnPropertyDescriptor(win.Document.prototype, 'adoptedStyleSheets').set,
          Object.getOwnPropertyDescriptor(win.HTMLInputElement.prototype, 'value').set,
        ].every(isNative));
      });
      assert.ok(after.length >= 2 && after.every(Boolean), `every realm is restored: ${after}`);
    } finally {
      await session.close();
    }
  });

  test('forged style frames cannot bring script URLs, legacy hooks or non-http imports, and bad frames never throw', async () => {
    const session = await openSession(browser, server.url, 'ext-cssom.html');
    try {
      await session.pump();
      const snapshot = JSON.parse(session.wire[0]);
      const styleId = snapshotIdOf(snapshot, 'runtime');
      const bodyId = allNodes(decodeSnapshot(snapshot)).find((node) => node.tag === 'body').id;
      assert.ok(styleId && bodyId);
      const result = await session.agent.evaluate(([id, body]) => {
        const errors = [];
        const apply = (frame) => { try { window.__mirror.apply(frame); } catch (error) { errors.push(String(error)); } };
        apply({ v: 1, t: 'style', changes: [
          { node: id, op: 'insert', index: 0, rule: '#a { background: url("javascript:parent.__pwned=1"); }' },
          { node: id, op: 'insert', index: 0, rule: '#b { width: expression(alert(1)); }' },
          { node: id, op: 'insert', index: 0, rule: '#c { behavior: url(x.htc); }' },
          { node: id, op: 'insert', index: 0, rule: '#d { background: url("java\\73 cript:alert(1)"); }' },
          { node: id, op: 'set', rules: ['@import url("data:text/css,p{color:red}");', '#e { color: rgb(1, 1, 1); }'] },
          { node: id, op: 'insert', index: 2, rule: '#f { color: rgb(2, 2, 2); }' },
        ] });
        apply({ v: 1, t: 'style', definitions: [{ id: 99, rules: ['#g { background: url(javascript:1) }'] }], adoptions: [{ root: 1, sheets: [99] }] });
        for (const bad of [null, 7, 'x', {}, { v: 1 }, { v: 1, t: 'nonsense' }, { v: 1, t: 'style', changes: 5 }, { v: 1, t: 'mutations' },
          { v: 1, t: 'selection', document: 1, ranges: 'x' }, { v: 1, t: 'media', id: 1, state: null }, { v: 1, t: 'canvas', id: 1, image: 'javascript:1' },
          { v: 1, t: 'focus', id: 'x' }, { v: 2, t: 'snapshot' }]) apply(bad);
        // Frames nested without end stop at a fixed depth instead of hanging the console.
        // Trees that fit no shape of the node encoding are skipped without a throw.
        for (const node of [null, 5, {}, [], [7, 'x'], [{}], ['#'], ['#s', ['b']], ['!', 'html'], ['div', { ' r': 'x', ' n': 9 }, [null], [[]], 'ok'],
          ['div', { id: { toString: null } }], ['div', NaN, 1e300, 'x'], { kind: 'element', tag: 'p', attributes: {}, children: [] }]) {
          apply({ v: 1, t: 'mutations', removes: [], attributes: [], texts: [], adds: [{ parentId: body, nextId: null, id: 7000, node }] });
        }
        apply({ v: 1, t: 'mutations', removes: [], attributes: [], texts: [], adds: [{ parentId: body, nextId: null, id: 'x', node: 'text' }] });
        apply({ v: 1, t: 'snapshot', url: 'x', viewport: {}, scroll: [], id: 1, root: ['div'] });
        apply({ v: 1, t: 'snapshot', url: 'x', viewport: {}, scroll: [], id: 1, root: { kind: 'document', id: 1, children: [] } });
        // Frames nested without end stop at a fixed depth instead of hanging the console.
        const nest = (depth) => ['#', ['body', ...(depth > 40 ? [] : [['iframe', nest(depth + 1)]])]];
        apply({ v: 1, t: 'mutations', removes: [], attributes: [], texts: [], adds: [{ parentId: body, nextId: null, id: 999, node: ['iframe', { id: 'nest' }, nest(0)] }] });
        // A forged frame document gets the same sanitizer as the page itself.
        apply({ v: 1, t: 'mutations', removes: [], attributes: [], texts: [], adds: [{ parentId: body, nextId: null, id: 5000, node: [
          'iframe', { id: 'forged-frame', sandbox: 'allow-scripts', srcdoc: '<script>parent.parent.__pwned=1</script>' },
          ['#', ['html', ['body', { onload: 'parent.parent.__pwned=2' },
            ['script', 'parent.parent.__pwned=3'],
            ['a', { href: 'javascript:parent.parent.__pwned=4' }, 'forged frame text'],
          ]]],
        ] }] });
        const forgedFrame = document.getElementById('mirror').contentDocument.getElementById('forged-frame');
        const forgedDoc = forgedFrame.contentDocument;
        const forgedAll = [...forgedDoc.querySelectorAll('*')];
        const forgedReport = {
          attributes: [...forgedFrame.attributes].map((a) => a.name),
          scripts: forgedAll.filter((el) => el.localName === 'script').length,
          handlers: forgedAll.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on') || /javascript:/i.test(a.value)).map((a) => a.name)),
          text: forgedDoc.body?.textContent,
        };
        let depth = 0;
        for (let frame = document.getElementById('mirror').contentDocument.getElementById('nest'); frame?.contentDocument?.querySelector('iframe'); frame = frame.contentDocument.querySelector('iframe')) depth++;
        const doc = document.getElementById('mirror').contentDocument;
        const texts = [...doc.querySelectorAll('style')].flatMap((style) => [...style.sheet.cssRules].map((rule) => rule.cssText));
        texts.push(...doc.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)));
        return { errors, texts, pwned: window.__pwned, depth, forgedReport };
      }, [styleId, bodyId]);
      assert.deepEqual(result.errors, []);
      assert.equal(result.pwned, undefined);
      assert.ok(result.depth >= 3 && result.depth <= 10, `nested frames are built to a bounded depth (${result.depth})`);
      assert.deepEqual(result.forgedReport, { attributes: ['id'], scripts: 0, handlers: [], text: 'forged frame text' });
      const all = result.texts.join('\n');
      for (const banned of ['javascript', 'expression', 'behavior', '@import', 'java\\73']) assert.ok(!all.includes(banned), `${banned} reached the mirror: ${all}`);
      assert.ok(all.includes('#e') && all.includes('#f'), 'harmless rules still apply, at the indices the page used');
    } finally {
      await session.close();
    }
  });
});

describe('same-origin iframes', () => {
  const privacy = { maskSelectors: ['.tenant-mask'] };
  const loaded = (session) => session.customer.waitForFunction(() => document.getElementById('child').contentDocument?.getElementById('child-list'));

  test('frame documents are mirrored with masking applied inside them, and follow mutations and typing', async () => {
    const session = await openSession(browser, server.url, 'ext-frames.html', privacy);
    try {
      await loaded(session);
      await session.pump();
      // The child frame may have loaded after the snapshot: its load event re-sends it.
      await waitFor(async () => {
        await session.pump();
        const mirror = await mirrorFrameOutline(session, 'child');
        return { ok: mirror.some((line) => line.includes('Hello from the frame')), mirror };
      }, 'the child frame reached the mirror');
      assert.deepEqual(await mirrorFrameOutline(session, 'child'), await sourceFrameOutline(session, 'child', privacy));
      assert.deepEqual(await mirrorFrameOutline(session, 'inline'), await sourceFrameOutline(session, 'inline', privacy));

      const maskedFrame = await mirrorFrameOutline(session, 'masked-frame');
      assert.ok(maskedFrame.some((line) => /^\s*"•{22}"$/.test(line)), `a frame inside a masked element is masked: ${maskedFrame}`);

      await session.customer.bringToFront();
      const child = session.customer.frameLocator('#child');
      await child.locator('#child-name').fill('Grace');
      await child.locator('#child-pw').fill('SECRET-typed-pw');
      await child.locator('#child-masked-input').fill('SECRET-typed-mi');
      await session.customer.evaluate(() => {
        const doc = document.getElementById('child').contentDocument;
        doc.getElementById('child-list').innerHTML = '<ul><li>one</li><li class="tenant-mask">SECRET-added</li></ul>';
        doc.getElementById('child-title').textContent = 'Changed in the frame';
        doc.getElementById('child-masked').append(' SECRET-appended');
        doc.querySelector('p').className = 'tenant-mask'; // becomes masked after it was sent
      });
      await session.pump();
      const mirror = await mirrorFrameOutline(session, 'child');
      assert.ok(mirror.some((line) => line.includes('"Changed in the frame"')));
      assert.ok(mirror.some((line) => line.includes('value="Grace"')));
      assert.deepEqual(mirror, await sourceFrameOutline(session, 'child', privacy));
      assertNoMarker(session, 'SECRET');

      // CSSOM changes and constructed sheets inside the frame (its own realm, wrapped when the frame was captured).
      await session.customer.evaluate(() => {
        const win = document.getElementById('child').contentWindow;
        win.document.querySelector('style').sheet.insertRule('#child-title { color: rgb(150, 0, 0); }');
        const sheet = new win.CSSStyleSheet();
        sheet.replaceSync('#child-name { color: rgb(0, 150, 0); }');
        win.document.adoptedStyleSheets = [sheet];
      });
      await session.pump();
      const frameColors = await colors(session, ['child-title', 'child-name'], 'child');
      assert.deepEqual(frameColors.source, ['rgb(150, 0, 0)', 'rgb(0, 150, 0)']);
      assert.deepEqual(frameColors.mirror, frameColors.source);

      // Scrolling inside the frame, and the pointer over it (in the page's coordinates).
      await session.customer.evaluate(async () => {
        const frame = document.getElementById('child');
        frame.contentDocument.body.style.height = '3000px';
        frame.contentWindow.scrollTo(0, 200);
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      });
      const box = await session.customer.locator('#child').boundingBox();
      await session.customer.mouse.move(box.x + 50, box.y + 60);
      await session.customer.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const frames = (await session.pump()).map((frame) => JSON.parse(frame));
      const pointer = frames.filter((frame) => frame.t === 'pointer').at(-1);
      assert.deepEqual(pointer && [Math.round(pointer.x), Math.round(pointer.y)], [Math.round(box.x + 50), Math.round(box.y + 60)]);
      assert.equal(await inMirror(session, (doc) => doc.defaultView.scrollY, null, 'child'), 200);
    } finally {
      await session.close();
    }
  });

  test('a frame added later, one that navigates, and a cross-origin frame', async () => {
    const session = await openSession(browser, server.url, 'ext-frames.html', privacy);
    try {
      await loaded(session);
      await session.pump();
      await session.customer.evaluate(() => {
        const late = document.createElement('iframe');
        late.id = 'late';
        late.src = 'ext-frame-child.html';
        document.body.append(late);
        document.getElementById('inline').srcdoc = '<p id="navigated">Navigated SECRET-nav-visible-is-fine</p><input type="password" value="SECRET-nav-pw">';
      });
      await session.customer.waitForFunction(() => document.getElementById('late').contentDocument?.getElementById('child-list')
        && document.getElementById('inline').contentDocument?.getElementById('navigated'));
      await waitFor(async () => {
        await session.pump();
        const late = await mirrorFrameOutline(session, 'late').catch(() => []);
        const inline = await mirrorFrameOutline(session, 'inline').catch(() => []);
        return { ok: late.some((line) => line.includes('Hello from the frame')) && inline.some((line) => line.includes('Navigated')), late, inline };
      }, 'the late and the navigated frames reached the mirror');
      assert.deepEqual(await mirrorFrameOutline(session, 'late'), await sourceFrameOutline(session, 'late', privacy));
      const lateColors = await colors(session, ['child-list'], 'late');
      assert.deepEqual(lateColors.source, ['rgb(9, 8, 7)']);
      assert.deepEqual(lateColors.mirror, lateColors.source, 'a rule the frame inserted before it was captured is in the mirror');
      assert.deepEqual(await mirrorFrameOutline(session, 'inline'), await sourceFrameOutline(session, 'inline', privacy));
      for (const marker of ['SECRET-frame-pw', 'SECRET-frame-masked', 'SECRET-frame-tenant', 'SECRET-frame-redacted', 'SECRET-nav-pw', 'SECRET-inline-pw']) {
        assertNoMarker(session, marker);
      }

      const opaque = await inMirror(session, (doc) => {
        const frame = doc.getElementById('opaque');
        return { exists: !!frame, src: frame?.getAttribute('src'), text: frame?.contentDocument?.body?.textContent ?? '' };
      });
      assert.deepEqual(opaque, { exists: true, src: null, text: '' }, 'a cross-origin frame stays an empty box');
    } finally {
      await session.close();
    }
  });
});

describe('masking inside a same-origin iframe under a fuzzed sequence of DOM changes', () => {
  const privacy = { maskSelectors: ['.tenant-mask', '.vault .number'], redactSelectors: ['.tenant-redact'] };

  for (const seed of [11, 12]) {
    test(`no frame ever carries a secret marker from inside the iframe (seed ${seed}, 180 steps)`, async () => {
      const session = await openSession(browser, server.url, 'ext-fuzz-frame.html', privacy);
      try {
        await session.customer.waitForFunction(() => document.getElementById('vault').contentDocument?.getElementById('host-plain')?.shadowRoot);
        await waitFor(async () => {
          await session.pump();
          const mirror = await mirrorFrameOutline(session, 'vault').catch(() => []);
          return { ok: mirror.some((line) => line.includes('Hello there')) };
        }, 'the vault frame reached the mirror');
        await session.customer.bringToFront();
        const vault = session.customer.frameLocator('#vault');
        await vault.locator('#pw').pressSequentially('SECRET-4111-typed');
        await vault.locator('#cc').pressSequentially('4111 1111');
        await session.pump();
        await session.customer.evaluate(() => new Promise((resolve, reject) => {
          const frame = document.getElementById('vault').contentWindow;
          frame.__capture = window.__capture; // the fuzzer ticks the capture itself
          const script = frame.document.createElement('script');
          script.src = 'fuzz.js';
          script.onload = resolve;
          script.onerror = reject;
          frame.document.head.append(script);
        }));
        for (let slice = 0; slice < 3; slice++) {
          await session.customer.evaluate(([s, n]) => document.getElementById('vault').contentWindow.runFuzz(s, n), [seed * 100 + slice, 60]);
          await session.pump();
        }
        for (const marker of ['SECRET', '4111']) assertNoMarker(session, marker);
        assert.deepEqual(await mirrorFrameOutline(session, 'vault'), await sourceFrameOutline(session, 'vault', privacy));
      } finally {
        await session.close();
      }
    });
  }
});

describe('focus, selection, media and canvas', () => {
  const focusedInMirror = (session) => session.agent.evaluate(() => {
    const top = document.getElementById('mirror').contentDocument;
    const docs = [top, top.getElementById('frame')?.contentDocument].filter(Boolean);
    const found = [];
    for (const doc of docs) {
      const all = [...doc.querySelectorAll('*')];
      for (const host of all.filter((el) => el.shadowRoot)) all.push(...host.shadowRoot.querySelectorAll('*'));
      found.push(...all.filter((el) => el.hasAttribute('data-cobrowse-focus')).map((el) => ({ id: el.id, outline: doc.defaultView.getComputedStyle(el).outlineStyle })));
    }
    return { found, consoleFocus: document.activeElement?.id ?? null };
  });

  test('the focused element is marked in the mirror, inside shadow roots and frames too, without taking the console focus', async () => {
    const session = await openSession(browser, server.url, 'ext-live.html');
    try {
      await session.pump();
      await session.agent.evaluate(() => {
        const input = document.createElement('input');
        input.id = 'agent-chat';
        document.body.append(input);
        input.focus();
      });
      await session.customer.bringToFront();
      await session.customer.focus('#name');
      await session.pump();
      assert.deepEqual(await focusedInMirror(session), { found: [{ id: 'name', outline: 'solid' }], consoleFocus: 'agent-chat' });

      await session.customer.evaluate(() => document.getElementById('host').shadowRoot.getElementById('shadow-input').focus());
      await session.pump();
      assert.deepEqual((await focusedInMirror(session)).found, [{ id: 'shadow-input', outline: 'solid' }]);

      await session.customer.evaluate(() => document.getElementById('frame').contentDocument.getElementById('frame-input').focus());
      await session.pump();
      assert.deepEqual((await focusedInMirror(session)).found, [{ id: 'frame-input', outline: 'solid' }]);

      await session.customer.evaluate(() => document.activeElement.blur());
      await session.pump();
      assert.deepEqual(await focusedInMirror(session), { found: [], consoleFocus: 'agent-chat' });
    } finally {
      await session.close();
    }
  });

  test('focus in a frame on nothing inside it (its body) is no focus: the mirror marks neither the frame nor anything in it', async () => {
    const session = await openSession(browser, server.url, 'ext-live.html');
    try {
      await session.pump();
      await session.customer.bringToFront();
      await session.customer.evaluate(() => document.getElementById('frame').contentDocument.getElementById('frame-input').focus());
      await session.pump();
      assert.deepEqual((await focusedInMirror(session)).found, [{ id: 'frame-input', outline: 'solid' }]);

      const topFocus = await session.customer.evaluate(() => {
        document.getElementById('frame').contentDocument.activeElement.blur();
        return document.activeElement.id;
      });
      assert.equal(topFocus, 'frame', 'the page still has its focus in the frame');
      await session.pump();
      assert.deepEqual((await focusedInMirror(session)).found, []);
      const focusFrames = session.wire.map((frame) => JSON.parse(frame)).filter((frame) => frame.t === 'focus');
      assert.equal(focusFrames.at(-1).id, null);
    } finally {
      await session.close();
    }
  });

  test('a checkbox\'s indeterminate state reaches the mirror: in the snapshot, in an added node, set by script and cleared by a click', async () => {
    const session = await openSession(browser, server.url, 'ext-live.html');
    const mirrorBoxes = () => session.agent.evaluate(() => {
      const doc = document.getElementById('mirror').contentDocument;
      return ['tri', 'tri2'].map((id) => doc.getElementById(id)).filter(Boolean).map((box) => ({ id: box.id, indeterminate: box.indeterminate, checked: box.checked }));
    });
    try {
      await session.pump();
      assert.deepEqual(await mirrorBoxes(), [{ id: 'tri', indeterminate: true, checked: false }]);

      await session.customer.evaluate(() => {
        document.getElementById('tri').indeterminate = false;
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.id = 'tri2';
        box.indeterminate = true;
        document.body.append(box);
      });
      await session.pump();
      assert.deepEqual(await mirrorBoxes(), [{ id: 'tri', indeterminate: false, checked: false }, { id: 'tri2', indeterminate: true, checked: false }]);

      await session.customer.click('#tri2');
      await session.customer.evaluate(() => { document.getElementById('tri').indeterminate = true; });
      await session.pump();
      assert.deepEqual(await mirrorBoxes(), [{ id: 'tri', indeterminate: true, checked: false }, { id: 'tri2', indeterminate: false, checked: true }]);
    } finally {
      await session.close();
    }
  });

  test('a dialog opened with showModal() is modal in the mirror too (top layer, backdrop), without taking the console focus; close() and show() follow', async () => {
    const session = await openSession(browser, server.url, 'ext-live.html');
    const mirrorDialog = () => session.agent.evaluate(() => {
      const dialog = document.getElementById('mirror').contentDocument.getElementById('dialog');
      return { open: dialog.open, modal: dialog.matches(':modal'), text: dialog.textContent, consoleFocus: document.activeElement?.id ?? null };
    });
    try {
      await session.pump();
      await session.agent.evaluate(() => {
        const input = document.createElement('input');
        input.id = 'agent-chat';
        document.body.append(input);
        input.focus();
      });
      assert.deepEqual(await mirrorDialog(), { open: false, modal: false, text: 'Are you sure?OK', consoleFocus: 'agent-chat' });

      await session.customer.evaluate(() => document.getElementById('dialog').showModal());
      await session.pump();
      assert.deepEqual(await mirrorDialog(), { open: true, modal: true, text: 'Are you sure?OK', consoleFocus: 'agent-chat' });

      await session.customer.evaluate(() => document.getElementById('dialog').close());
      await session.pump();
      assert.deepEqual(await mirrorDialog(), { open: false, modal: false, text: 'Are you sure?OK', consoleFocus: 'agent-chat' });

      await session.customer.evaluate(() => document.getElementById('dialog').show());
      await session.pump();
      assert.deepEqual(await mirrorDialog(), { open: true, modal: false, text: 'Are you sure?OK', consoleFocus: 'agent-chat' });
    } finally {
      await session.close();
    }
  });

  test('text selections are reproduced by position; masked text is selected without ever being sent', async () => {
    const session = await openSession(browser, server.url, 'ext-live.html');
    try {
      await session.pump();
      const select = (id, start, end) => session.customer.evaluate(([target, from, to]) => {
        const text = document.getElementById(target).firstChild;
        document.getSelection().setBaseAndExtent(text, from, text, to);
        return document.getSelection().toString();
      }, [id, start, end]);
      const mirrorSelection = () => session.agent.evaluate(() => document.getElementById('mirror').contentDocument.getSelection().toString());

      const plain = await select('plain', 4, 19);
      assert.equal(plain, 'quick brown fox');
      await session.pump();
      assert.equal(await mirrorSelection(), plain);

      // Across elements: from inside #plain to inside #masked (child index boundaries on the way).
      await session.customer.evaluate(() => {
        const range = document.createRange();
        range.setStart(document.getElementById('plain').firstChild, 35);
        range.setEnd(document.getElementById('masked').firstChild, 6);
        document.getSelection().removeAllRanges();
        document.getSelection().addRange(range);
      });
      await session.pump();
      const across = await mirrorSelection();
      assert.match(across, /^lazy dog\s+••••••$/);

      // Inside an open shadow root (Chromium's document selection reports the shadow tree's own nodes).
      const inShadow = await session.customer.evaluate(() => {
        const text = document.getElementById('host').shadowRoot.getElementById('shadow-text').firstChild;
        document.getSelection().setBaseAndExtent(text, 6, text, 17);
        return document.getSelection().toString();
      });
      assert.equal(inShadow, 'in a shadow');
      await session.pump();
      assert.equal(await mirrorSelection(), inShadow);

      const masked = await select('masked', 0, 20);
      assert.equal(masked, 'SECRET-selected-text');
      await session.pump();
      assert.equal(await mirrorSelection(), '•'.repeat(20));
      assertNoMarker(session, 'SECRET');

      await session.customer.evaluate(() => document.getSelection().removeAllRanges());
      await session.pump();
      assert.equal(await mirrorSelection(), '');
    } finally {
      await session.close();
    }
  });

  test('media play state and position reach the mirror', async () => {
    const session = await openSession(browser, server.url, 'ext-live.html');
    try {
      await session.customer.waitForFunction(() => document.getElementById('audio').readyState >= 1);
      await session.pump();
      await session.customer.bringToFront();
      await session.customer.evaluate(() => new Promise((resolve) => {
        const audio = document.getElementById('audio');
        audio.addEventListener('seeked', resolve, { once: true });
        audio.volume = 0.5;
        audio.playbackRate = 1.5;
        audio.currentTime = 1.75;
      }));
      await session.pump();
      const mirrorAudio = () => session.agent.evaluate(() => {
        const audio = document.getElementById('mirror').contentDocument.getElementById('audio');
        return { paused: audio.paused, time: audio.currentTime, volume: audio.volume, rate: audio.playbackRate, muted: audio.muted };
      });
      await waitFor(async () => {
        const state = await mirrorAudio();
        return { ok: state.paused && Math.abs(state.time - 1.75) < 0.05 && state.volume === 0.5 && state.rate === 1.5, state };
      }, 'the mirror audio is paused at 1.75 s');

      await session.customer.evaluate(async () => {
        const audio = document.getElementById('audio');
        audio.muted = true; // muted playback needs no user gesture
        await audio.play();
      });
      await session.pump();
      await waitFor(async () => {
        const state = await mirrorAudio();
        return { ok: !state.paused && state.muted && state.time >= 1.75, state };
      }, 'the mirror audio plays');

      await session.customer.evaluate(() => document.getElementById('audio').pause());
      await session.pump();
      await waitFor(async () => ({ ok: (await mirrorAudio()).paused }), 'the mirror audio pauses again');
    } finally {
      await session.close();
    }
  });

  test('a plain canvas reaches the mirror as an image; a masked canvas never leaves the page', async () => {
    const session = await openSession(browser, server.url, 'ext-live.html');
    try {
      await session.pump();
      await session.customer.evaluate(() => {
        for (const [id, color] of [['canvas', 'rgb(220, 20, 30)'], ['masked-canvas', 'rgb(20, 200, 30)']]) {
          const context = document.getElementById(id).getContext('2d');
          context.fillStyle = color;
          context.fillRect(0, 0, 40, 30);
        }
      });
      const pixel = () => session.agent.evaluate(() => {
        const canvas = document.getElementById('mirror').contentDocument.getElementById('canvas');
        return [...canvas.getContext('2d').getImageData(20, 15, 1, 1).data];
      });
      await waitFor(async () => {
        await session.pump();
        const [r, g, b, a] = await pixel();
        return { ok: Math.abs(r - 220) < 12 && Math.abs(g - 20) < 12 && Math.abs(b - 30) < 12 && a === 255, pixel: [r, g, b, a] };
      }, 'the canvas image was drawn in the mirror');
      const snapshot = JSON.parse(session.wire[0]);
      const maskedId = snapshotIdOf(snapshot, 'masked-canvas');
      const canvasFrames = session.wire.map((frame) => JSON.parse(frame)).filter((frame) => frame.t === 'canvas');
      assert.ok(canvasFrames.length >= 1);
      assert.ok(canvasFrames.every((frame) => frame.id !== maskedId), 'no image of the masked canvas');

      // Unchanged pixels are not sent again.
      const before = canvasFrames.length;
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await session.pump();
      assert.equal(session.wire.map((frame) => JSON.parse(frame)).filter((frame) => frame.t === 'canvas').length, before);

      // Drawing again sends a new image.
      await session.customer.evaluate(() => {
        const context = document.getElementById('canvas').getContext('2d');
        context.fillStyle = 'rgb(10, 40, 230)';
        context.fillRect(0, 0, 40, 30);
      });
      await waitFor(async () => {
        await session.pump();
        const [r, g, b] = await pixel();
        return { ok: Math.abs(r - 10) < 12 && Math.abs(g - 40) < 12 && Math.abs(b - 230) < 12, pixel: [r, g, b] };
      }, 'the redrawn canvas reached the mirror');
    } finally {
      await session.close();
    }
  });
});
