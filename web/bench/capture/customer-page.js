// The benchmark's code inside the customer page (installed as an init script after instrument.js): starts one
// engine, drives the mutation script, and reports. It only uses the native functions saved by instrument.js, so
// none of its own time is counted as engine time.
(() => {
  const bench = window.__bench;
  const now = performance.now.bind(performance);
  const nextFrame = () => new Promise((resolve) => bench.native.requestAnimationFrame(resolve));
  const nextTask = () => new Promise((resolve) => bench.native.setTimeout(resolve, 0));

  /** Elements and text nodes, the unit both engines serialize (the generated pages have no comments or scripts). */
  function domNodeCount(root = document) {
    let count = 0;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) count++;
    return count;
  }

  /** Values typed before the capture starts, so properties differ from attributes as after real typing. */
  function prefill(entries) {
    const fields = document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=range]):not([type=color]):not([type=date]):not([type=time]):not([type=number]), textarea');
    for (const { index, value } of entries) if (fields[index]) fields[index].value = value;
  }

  /** Every frame or event goes on the wire as JSON text: the stringify is part of the engine's cost. */
  const wire = { frames: [], stringifyMs: 0 };
  function toWire(message) {
    const start = now();
    const text = JSON.stringify(message);
    wire.stringifyMs += now() - start;
    wire.frames.push(text);
  }

  function startOurs({ returnSnapshot = true } = {}) {
    const send = bench.timed('send', toWire);
    const start = now();
    bench.capture = window.CoBrowse.startCapture({ send });
    const ms = now() - start;
    const snapshot = wire.frames.splice(0);
    const bytes = snapshot.reduce((sum, text) => sum + text.length, 0);
    return { ms, stringifyMs: wire.stringifyMs, snapshot: returnSnapshot ? snapshot : [], chars: bytes, hooked: bench.hookEngineSetters() };
  }

  /** The experimental compact encoder (compact-encoder.js), timed the same way: serialization plus the JSON text. */
  function compactSnapshot(options) {
    const start = now();
    const text = window.__compact.snapshot(document, options);
    const ms = now() - start;
    return { ms, text, nodes: window.__compact.nodeCount(text) };
  }

  function startRrweb() {
    const emit = bench.timed('emit', toWire);
    const start = now();
    bench.stopRecording = window.rrweb.record({ emit });
    const ms = now() - start;
    // record() serializes synchronously once the document has loaded: Meta then FullSnapshot, nothing after them.
    const types = wire.frames.map((text) => JSON.parse(text).type);
    return { ms, stringifyMs: wire.stringifyMs, snapshot: wire.frames.splice(0), types, hooked: bench.hookEngineSetters() };
  }

  /**
   * Runs `batches` batches of realistic DOM changes, one per animation frame, each in a task of its own after the
   * frame's callbacks (so an engine that flushes on requestAnimationFrame sees exactly one batch per flush).
   */
  async function runMutations({ seed, batches, newItems }) {
    await nextFrame();
    await nextFrame();
    wire.frames.splice(0);
    wire.stringifyMs = 0;
    bench.reset();
    const random = seededRandom(seed);
    const int = (n) => Math.floor(random() * n);
    const items = document.getElementsByClassName('item');
    const texts = document.getElementsByClassName('tx');
    const swaps = document.getElementsByClassName('swap');
    const controls = document.querySelectorAll('input:not([type=hidden]), select, textarea');
    const scratch = document.createElement('div');
    let added = 0;
    let ops = 0;
    const SWAPS = ['<span class="badge">Sale</span>', '<span class="badge badge--new">New</span> <b>-20%</b>', '',
      '<em>Only <strong>2</strong> left</em>', '<span class="error">This field is required</span>'];
    const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];

    const operations = [
      // text change: a new text node (childList) or the same node's data (characterData)
      [30, () => {
        const element = texts[int(texts.length)];
        if (!element) return;
        const text = `${WORDS[int(8)]} ${int(1000)}`;
        if (int(2) === 0 && element.firstChild?.nodeType === Node.TEXT_NODE) element.firstChild.data = text;
        else element.textContent = text;
      }],
      // class and attribute toggles
      [25, () => {
        const item = items[int(items.length)];
        if (!item) return;
        const roll = int(4);
        if (roll === 0) item.classList.toggle('is-favorite');
        else if (roll === 1) item.setAttribute('data-stock', String(int(40)));
        else if (roll === 2) item.classList.toggle('is-invalid');
        else {
          const target = item.querySelector('button, input, select, img, a');
          if (!target) return;
          if (target.localName === 'img') target.setAttribute('src', `/img/alt${int(500)}.jpg`);
          else if (target.localName === 'a') target.setAttribute('href', `/product/${int(9999)}`);
          else target.toggleAttribute('disabled');
        }
      }],
      // a new card / field row / block
      [8, () => {
        const reference = items[int(items.length)];
        if (!reference) return;
        scratch.innerHTML = newItems[added++ % newItems.length];
        const node = scratch.firstElementChild;
        node.id = `${node.id}-${added}`;
        reference.parentNode.insertBefore(node, int(2) === 0 ? reference : reference.nextSibling);
      }],
      // remove one
      [8, () => { if (items.length > 10) items[int(items.length)].remove(); }],
      // move one elsewhere
      [8, () => {
        const node = items[int(items.length)];
        const before = items[int(items.length)];
        if (node && before && node !== before) before.parentNode.insertBefore(node, before);
      }],
      // value set by script (no event fires)
      [13, () => {
        const control = controls[int(controls.length)];
        if (!control || !control.isConnected) return;
        if (control.localName === 'select') control.selectedIndex = int(control.options.length);
        else if (control.type === 'checkbox' || control.type === 'radio') control.checked = !control.checked;
        else if (['range', 'number'].includes(control.type)) control.value = String(int(100));
        else if (['color', 'date', 'time'].includes(control.type)) return;
        else control.value = `${WORDS[int(8)]} ${int(100)}`;
      }],
      // innerHTML swap of a small subtree
      [8, () => {
        const element = swaps[int(swaps.length)];
        if (element) element.innerHTML = SWAPS[int(SWAPS.length)];
      }],
    ];
    const totalWeight = operations.reduce((sum, [weight]) => sum + weight, 0);
    const operation = () => {
      let roll = int(totalWeight);
      for (const [weight, run] of operations) {
        if (roll < weight) return run();
        roll -= weight;
      }
    };

    const wallStart = now();
    for (let batch = 0; batch < batches; batch++) {
      await nextFrame();
      await nextTask();
      const count = 1 + int(8);
      for (let i = 0; i < count; i++) operation();
      ops += count;
    }
    // Let every engine deliver its last batch: a frame for rAF batching, a task for deferred setter hooks.
    for (let i = 0; i < 3; i++) { await nextFrame(); await nextTask(); }
    const wallMs = now() - wallStart;
    return {
      ms: bench.ms, calls: bench.calls, byKind: bench.byKind, stringifyMs: wire.stringifyMs, wallMs, ops,
      frames: wire.frames.splice(0), domNodes: domNodeCount(),
    };
  }

  function seededRandom(seed) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  window.__customer = { domNodeCount, prefill, startOurs, startRrweb, runMutations, compactSnapshot };
})();
