// The capture → wire → mirror path in a real Chromium: fidelity of the mirror, masking under a fuzzed sequence of
// DOM changes, and the mirror's refusal to run or carry anything executable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { allNodes, decodeNodes, decodeSnapshot, mirrorOutline, launchChromium, openSession, snapshotIdOf, sourceOutline, startFixtureServer } from './support/browser.mjs';

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

const SECRET_MARKERS = ['SECRET', '4111'];
const findMarker = (text) => SECRET_MARKERS.find((marker) => text.includes(marker));

describe('mirror fidelity', () => {
  test('the mirror of the shop page equals the masked page, before and after it changes', async () => {
    const session = await openSession(browser, server.url, 'shop.html');
    try {
      await session.pump();
      assert.deepEqual(await mirrorOutline(session), await sourceOutline(session));

      await session.customer.evaluate(() => {
        document.getElementById('count').textContent = '2';
        const card = document.getElementById('p2').cloneNode(true);
        card.id = 'p4';
        card.querySelector('h2').textContent = 'Hoodie';
        document.querySelector('main').insertBefore(card, document.getElementById('p3'));
        document.getElementById('p1').remove();
        document.querySelector('footer').append(document.getElementById('p3'));
        document.getElementById('badge-host').shadowRoot.querySelector('i').textContent = '€ 40';
        document.getElementById('loyalty').textContent = 'LC-999';
        const lateHost = document.createElement('div');
        lateHost.id = 'late-host';
        document.body.append(lateHost);
      });
      await session.pump();
      assert.deepEqual(await mirrorOutline(session), await sourceOutline(session));

      // A shadow root attached after its host was sent produces no mutation record of its own.
      await session.customer.evaluate(() => {
        document.getElementById('late-host').attachShadow({ mode: 'open' }).innerHTML = '<p>Late <b>offer</b></p>';
      });
      await session.pump();
      const mirror = await mirrorOutline(session);
      assert.ok(mirror.some((line) => line.includes('"offer"')), 'the late shadow root reached the mirror');
      assert.deepEqual(mirror, await sourceOutline(session));
    } finally {
      await session.close();
    }
  });

  test('a node moved into a fresh subtree keeps its id (an id marker), later changes to it apply, SVG keeps its namespace', async () => {
    const session = await openSession(browser, server.url, 'shop.html');
    try {
      await session.pump();
      const snapshot = JSON.parse(session.wire[0]);
      const snapshotNodes = allNodes(decodeSnapshot(snapshot));
      const cardId = snapshotIdOf(snapshot, 'p3');
      assert.ok(cardId > snapshot.id);
      assert.equal(new Set(snapshotNodes.map((node) => node.id)).size, snapshotNodes.length, 'every node has its own id');

      await session.customer.evaluate(() => {
        const section = document.createElement('section');
        section.id = 'wrap';
        const before = document.createElement('p');
        before.textContent = 'new before';
        const after = document.createElement('p');
        after.textContent = 'new after';
        section.append(before, document.getElementById('p3'), after);
        document.querySelector('main').append(section);
      });
      const frames = (await session.pump()).map((frame) => JSON.parse(frame));
      const add = frames.filter((frame) => frame.t === 'mutations').flatMap((frame) => frame.adds).find((entry) => Array.isArray(entry.node) && entry.node[0] === 'section');
      assert.ok(add, 'the new section was sent as one add');
      const added = allNodes(decodeNodes(add.node, add.id));
      assert.equal(added.find((node) => node.attributes?.id === 'p3')?.id, cardId, 'the moved card kept its id');
      const fresh = added.filter((node) => node.kind === 'text' && node.text.startsWith('new '));
      const largest = Math.max(...snapshotNodes.map((node) => node.id));
      assert.ok(fresh.length === 2 && fresh.every((node) => node.id > largest), 'fresh nodes around it got fresh ids');

      await session.customer.evaluate(() => { document.querySelector('#p3 h2').firstChild.data = 'Sticker XL'; });
      await session.pump();
      const mirror = await mirrorOutline(session);
      assert.ok(mirror.some((line) => line.includes('"Sticker XL"')), 'a text change inside the moved card reached the mirror');
      assert.deepEqual(mirror, await sourceOutline(session));
      const circleNamespace = await session.agent.evaluate(() => document.getElementById('mirror').contentDocument.querySelector('#wrap #p3 circle')?.namespaceURI);
      assert.equal(circleNamespace, 'http://www.w3.org/2000/svg');
    } finally {
      await session.close();
    }
  });

  test('the mirror follows the scroll of the window and of scrolled elements', async () => {
    const session = await openSession(browser, server.url, 'form.html');
    try {
      await session.customer.evaluate(() => {
        const note = document.getElementById('note');
        note.value = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
        note.style.height = '40px';
        document.body.style.height = '3000px';
      });
      await session.pump();
      await session.customer.bringToFront();
      await session.customer.evaluate(async () => {
        window.scrollTo(0, 500);
        document.getElementById('note').scrollTop = 120;
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      });
      await session.pump();
      const scroll = await session.agent.evaluate(() => {
        const doc = document.getElementById('mirror').contentDocument;
        return { window: doc.defaultView.scrollY, note: doc.getElementById('note').scrollTop };
      });
      assert.deepEqual(scroll, { window: 500, note: 120 });
    } finally {
      await session.close();
    }
  });

  test('the snapshot carries absolute URLs for images, srcset, links, style sheets and css url()', async () => {
    const session = await openSession(browser, server.url, 'shop.html');
    try {
      const [snapshot] = (await session.pump()).map((frame) => JSON.parse(frame));
      const text = JSON.stringify(snapshot);
      for (const url of ['img/mug.png 1x', 'img/mug@2x.png 2x', 'shop.css', 'img/banner.png', 'img/tee.png', 'print.css', 'cart.html?x=1']) {
        assert.ok(text.includes(`${server.url}/${url}`), `expected ${url} to be absolute`);
      }
      assert.equal(snapshot.t, 'snapshot');
      assert.equal(snapshot.v, 1);
      assert.deepEqual(snapshot.viewport, { width: 1024, height: 768, devicePixelRatio: 1 });
    } finally {
      await session.close();
    }
  });

  test('the mirror of the form page equals the masked page, including values typed by the customer', async () => {
    const privacy = { maskSelectors: ['.tenant-secret'] };
    const session = await openSession(browser, server.url, 'form.html', privacy);
    try {
      await session.pump();
      assert.deepEqual(await mirrorOutline(session), await sourceOutline(session, privacy));

      await session.customer.bringToFront(); // background pages get one animation frame per second
      await session.customer.fill('#name', 'Grace Hopper');
      await session.customer.fill('#password', 'new-password');
      await session.customer.fill('#card', '5555 5555 5555 4444');
      await session.customer.selectOption('#country', 'nl');
      await session.customer.check('#express');
      await session.customer.uncheck('#gift');
      await session.customer.fill('#note', 'Ring twice');
      await session.customer.evaluate(() => { document.getElementById('iban').value = 'DE89370400440532013000'; });
      await session.pump();

      const mirror = await mirrorOutline(session);
      assert.deepEqual(mirror, await sourceOutline(session, privacy));
      const wire = session.wire.join('\n');
      for (const secret of ['new-password', '5555', 'DE89', 'hunter22', '4000 0000', 'NL91', 'token-123', 'Member since']) {
        assert.ok(!wire.includes(secret), `${secret} must not be on the wire`);
      }
    } finally {
      await session.close();
    }
  });
});

describe('masking under a fuzzed sequence of DOM changes', () => {
  const privacy = { maskSelectors: ['.tenant-mask', '.vault .number'], redactSelectors: ['.tenant-redact'] };

  for (const seed of [1, 2, 3, 4, 5]) {
    test(`no frame ever carries a secret marker, and the mirror still equals the masked page (seed ${seed}, 300 steps)`, async () => {
      const session = await openSession(browser, server.url, 'secrets.html', privacy);
      try {
        await session.pump();
        await session.customer.type('#pw', 'SECRET-4111-typed');
        await session.customer.type('#cc', '4111 1111 1111 1111');
        await session.pump();
        await session.customer.addScriptTag({ path: join(import.meta.dirname, 'fixtures', 'pages', 'fuzz.js') });

        // The fuzzer runs in slices so the wire is pumped while changes are still coming.
        for (let slice = 0; slice < 5; slice++) {
          await session.customer.evaluate(([s, n]) => window.runFuzz(s, n), [seed * 100 + slice, 60]);
          await session.pump();
        }

        for (const [index, frame] of session.wire.entries()) {
          const marker = findMarker(frame);
          assert.equal(marker, undefined, `frame ${index} leaks ${marker}: ${frame.slice(Math.max(0, frame.indexOf(marker ?? '') - 200), frame.indexOf(marker ?? '') + 100)}`);
        }
        assert.ok(session.wire.length > 5, 'frames were sent');
        assert.deepEqual(await mirrorOutline(session), await sourceOutline(session, privacy));
      } finally {
        await session.close();
      }
    });
  }
});

describe('mirror sanitizer', () => {
  const inspectMirror = (session) =>
    session.agent.evaluate(() => {
      const iframe = document.getElementById('mirror');
      const doc = iframe.contentDocument;
      const all = [...doc.querySelectorAll('*')];
      for (const host of all.filter((el) => el.shadowRoot)) all.push(...host.shadowRoot.querySelectorAll('*'));
      const attributes = all.flatMap((el) => [...el.attributes].map((a) => [el.localName, a.name, a.value]));
      return {
        sandbox: iframe.getAttribute('sandbox'),
        scripts: all.filter((el) => el.localName === 'script').length,
        refreshes: all.filter((el) => el.localName === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') ?? '')).length,
        handlers: attributes.filter(([, name]) => name.startsWith('on')),
        javascriptUrls: attributes.filter(([, , value]) => /javascript:/i.test(value.replace(/[\s\u0000-\u001f]/g, ''))),
        srcdocs: attributes.filter(([, name]) => name === 'srcdoc'),
        pageScriptRan: iframe.contentWindow.__pageScriptRan,
        pwned: window.__pwned,
        text: doc.body?.textContent ?? '',
      };
    });

  test('a hostile page reaches the mirror without scripts, handlers, javascript: URLs, refresh or srcdoc', async () => {
    const session = await openSession(browser, server.url, 'hostile.html');
    try {
      assert.equal(await session.customer.evaluate(() => window.__pageScriptRan), true, 'the page script runs on the customer side');
      await session.pump();
      await new Promise((resolve) => setTimeout(resolve, 300)); // time for any stray image error handler
      const mirror = await inspectMirror(session);

      assert.equal(mirror.sandbox, 'allow-same-origin');
      assert.equal(mirror.scripts, 0);
      assert.equal(mirror.refreshes, 0);
      assert.deepEqual(mirror.handlers, []);
      assert.deepEqual(mirror.javascriptUrls, []);
      assert.deepEqual(mirror.srcdocs, []);
      assert.equal(mirror.pageScriptRan, undefined);
      assert.equal(mirror.pwned, undefined);
      assert.match(mirror.text, /Click/);
    } finally {
      await session.close();
    }
  });

  test('forged frames cannot put executable content into the mirror either', async () => {
    const session = await openSession(browser, server.url, 'hostile.html');
    try {
      await session.pump();
      // Ids are implicit (pre-order from the frame's id); 16 is an explicit marker. The refused <script> still takes
      // ids 5 and 6, so the meta is 7 and the body 8, which the mutations below address.
      const forged = [
        {
          v: 1, t: 'snapshot', url: 'https://evil.example/', viewport: { width: 800, height: 600, devicePixelRatio: 1 }, scroll: [], id: 1,
          root: ['#',
            ['!', 'html"><script>parent.__pwned=1</script>', '', ''],
            ['html',
              ['head',
                ['script', 'window.__forgedScriptRan = true; parent.__pwned = "script"'],
                ['meta', { 'http-equiv': 'Refresh', content: '0;url=https://evil.example/' }],
              ],
              ['body', { onload: 'parent.__pwned = "onload"' },
                ['img', { src: 'x', onerror: 'parent.__pwned = "img"' }],
                ['a', { href: '\tjavascript:parent.__pwned="href"' }, 'link'],
                ['iframe', { srcdoc: '<script>parent.parent.__pwned="srcdoc"</script>', src: 'javascript:1' }],
                ['object', { data: 'javascript:1' }],
                16, ['div', 'forged body'],
              ],
            ],
          ],
        },
        {
          v: 1, t: 'mutations', removes: [], texts: [],
          adds: [
            { parentId: 8, nextId: null, id: 14, node: ['script', 'parent.__pwned = "added script"'] },
            { parentId: 8, nextId: null, id: 18, node: ['meta', { 'http-equiv': 'refresh', content: '0' }] },
          ],
          attributes: [
            { id: 16, name: 'onclick', value: 'parent.__pwned = "onclick"' },
            { id: 10, name: 'href', value: 'JAVASCRIPT:parent.__pwned="attr"' },
            { id: 12, name: 'srcdoc', value: '<p>x</p>' },
            { id: 16, name: 'title', value: 'still applied' },
          ],
        },
      ];
      await session.agent.evaluate((frames) => { for (const frame of frames) window.__mirror.apply(frame); }, forged);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const mirror = await inspectMirror(session);

      assert.equal(mirror.scripts, 0);
      assert.equal(mirror.refreshes, 0);
      assert.deepEqual(mirror.handlers, []);
      assert.deepEqual(mirror.javascriptUrls, []);
      assert.deepEqual(mirror.srcdocs, []);
      assert.equal(mirror.pwned, undefined);
      assert.match(mirror.text, /forged body/);
      const title = await session.agent.evaluate(() => document.getElementById('mirror').contentDocument.querySelector('div').title);
      assert.equal(title, 'still applied', 'harmless attributes still apply');
    } finally {
      await session.close();
    }
  });
});
