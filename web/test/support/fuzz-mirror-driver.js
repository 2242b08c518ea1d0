// Runs in an agent page with the CoBrowseFuzz bundle: feeds recorded wire streams (mutated) and random frames through
// the agent's real receiving path — FrameReceiver → deliverToView → console view → mirror — and judges the result.
// A mutated stream must leave the mirror equal to the mirror of the valid stream, or the receiver must have asked for
// a snapshot: no silent divergence. Afterwards the SDK's recorded answer to a resync must bring the mirror back.
(() => {
  const { mulberry32 } = window.CoBrowsePrng; // support/prng.js, injected first

  const fuzz = window.CoBrowseFuzz;
  const container = document.body.appendChild(document.createElement('div'));
  container.style.cssText = 'width:1024px;height:768px';
  const view = fuzz.createConsole(container, { send: () => undefined });
  const deliver = fuzz.deliverToView(view);
  window.__fuzzView = view; // for direct checks of apply()'s answer
  const mirrorDocument = () => view.mirror.document;

  // Anything that runs script in the mirror calls one of these: a hit is a failure, whatever the frames were.
  window.__pwned = undefined;
  window.__fuzzPwned = () => { window.__pwned = true; };
  const errors = [];
  window.addEventListener('error', (event) => errors.push(String(event.message)));
  window.addEventListener('unhandledrejection', (event) => errors.push(`unhandled rejection: ${event.reason?.stack ?? event.reason}`));

  const fromBase64 = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
  const decode = (message) => (message.kind === 'json' ? { kind: 'json', data: message.data } : { kind: 'binary', data: fromBase64(message.b64) });
  const clone = (message) => (message.kind === 'json' ? { kind: 'json', data: structuredClone(message.data) } : { kind: 'binary', data: message.data.slice(0) });

  /** Everything of a mirror document a person could see or the agent could act on: nodes, attributes, form state. */
  function outline(doc) {
    const lines = [];
    const walk = (node, depth) => {
      const pad = ' '.repeat(depth);
      switch (node.nodeType) {
        case Node.TEXT_NODE: lines.push(`${pad}"${node.data}"`); return;
        case Node.DOCUMENT_TYPE_NODE: lines.push(`${pad}<!doctype ${node.name}>`); return;
        case Node.ELEMENT_NODE: {
          const attributes = [...node.attributes].filter((a) => a.name !== 'data-cobrowse-focus').map((a) => `${a.name}=${JSON.stringify(a.value)}`).sort();
          let state = '';
          if ('value' in node && ['input', 'textarea', 'select'].includes(node.localName)) state += ` value=${JSON.stringify(node.value)}`;
          if ('checked' in node && node.localName === 'input') state += node.checked ? ' [checked]' : '';
          if (node.localName === 'option' && node.selected) state += ' [selected]';
          lines.push(`${pad}<${node.namespaceURI === 'http://www.w3.org/1999/xhtml' ? '' : 'ns:'}${node.localName} ${attributes.join(' ')}>${state}`);
          if (node.shadowRoot) { lines.push(`${pad} #shadow`); for (const c of node.shadowRoot.childNodes) walk(c, depth + 2); }
          for (const c of node.childNodes) walk(c, depth + 1);
          if (node.localName === 'iframe' && node.contentDocument) { lines.push(`${pad} #document`); for (const c of node.contentDocument.childNodes) walk(c, depth + 2); }
          return;
        }
        default:
      }
    };
    for (const child of doc.childNodes) walk(child, 0);
    return lines.join('\n');
  }

  const BLANK = { v: 1, t: 'snapshot', url: 'about:blank', viewport: { width: 1024, height: 768, devicePixelRatio: 1 }, scroll: [], id: 1, root: ['#'] };
  /** Starts each run from an empty mirror, so nothing of the previous run can make it pass. */
  const resetMirror = () => { view.apply(BLANK); };

  async function feed(messages, receiver) {
    for (const message of messages) receiver.receive(message.data);
    await receiver.idle();
  }
  /**
   * A receiver as a fresh agent connection has it: the agent asked for a snapshot on joining, so it wants one until a
   * snapshot arrives (link.ts keeps asking while it does). `requests` lists the receiver's own requests, and
   * `requests.wanted` is true while a request is outstanding: the agent knows its mirror is not in step.
   */
  function newReceiver(requests) {
    requests.wanted = true;
    return new fuzz.FrameReceiver({
      deliver: (frames) => { for (const frame of frames) deliver(frame); },
      needSnapshot: (reason) => { requests.push(reason); requests.wanted = true; },
      synced: () => { requests.wanted = false; },
    });
  }

  // --- mutations of a recorded stream -------------------------------------------------------------------------------
  const REQUIRED = {
    snapshot: ['id', 'root', 'scroll', 'url', 'viewport'], mutations: ['removes', 'adds', 'attributes', 'texts'], input: ['id', 'state'],
    scroll: ['scroll'], viewport: ['viewport'], pointer: ['x', 'y'], focus: ['id'], selection: ['document', 'ranges'],
    media: ['id', 'state'], canvas: ['id', 'image'], style: [],
  };
  const UNKNOWN_IDS = [-1, -7, -(2 ** 31), 2 ** 31, 2 ** 53 - 1, 1e9 + 7, 0.5, '12', true, {}];

  function renumbered(messages, shift) {
    return messages.map((message) => { const copy = clone(message); setSeq(copy, seqOf(message) + shift); return copy; });
  }

  function seqOf(message) {
    return message.kind === 'json' ? message.data.seq : new DataView(message.data).getUint32(6, true);
  }
  function setSeq(message, seq) {
    if (message.kind === 'json') message.data.seq = seq;
    else new DataView(message.data).setUint32(6, seq >>> 0, true);
  }

  /**
   * Changes the stream in place and returns { name, mustDetect, detail, frames }. Wire operators change `messages`;
   * frame operators (frames: true) change `batches`, the frames of every batch, decompressed, which are then sent
   * again through a sender, so snapshots inside gzip chunks get corrupted too. mustDetect: the change leaves the
   * stream inconsistent with itself (a receiver can know); false for changes that yield other well-formed frames
   * (a shorter list, a longer text), which no receiver can tell from a real page change.
   */
  function mutate(messages, batches, random) {
    const pick = (list) => list[Math.floor(random() * list.length)];
    const index = () => Math.floor(random() * messages.length);
    const jsonFrames = () => batches.flatMap((frames) => frames.map((frame, i) => ({ frames, i, frame })));
    const framesOfType = (...types) => jsonFrames().filter(({ frame }) => types.includes(frame.t));
    const operators = {
      drop() { messages.splice(index(), 1); return { mustDetect: true }; },
      duplicate() { const i = index(); messages.splice(i + 1 + Math.floor(random() * (messages.length - i)), 0, clone(messages[i])); return { mustDetect: true }; },
      reorder() { const i = index(); const j = index(); [messages[i], messages[j]] = [messages[j], messages[i]]; return { mustDetect: true }; },
      sequence() {
        const i = index();
        const delta = pick([-3, -1, 1, 2, 2 ** 31, 2 ** 32 - 1]);
        setSeq(messages[i], seqOf(messages[i]) + delta);
        return { mustDetect: true, detail: `message ${i} of ${messages.length}, seq ${delta > 0 ? '+' : ''}${delta}` };
      },
      link() {
        const i = index();
        if (messages[i].kind === 'json') messages[i].data.link = (messages[i].data.link + 1) >>> 0;
        else new DataView(messages[i].data).setUint32(2, new DataView(messages[i].data).getUint32(2, true) + 1, true);
        return { mustDetect: true };
      },
      corruptChunk() {
        const chunks = messages.filter((m) => m.kind === 'binary');
        if (!chunks.length) return null;
        const chunk = pick(chunks);
        const bytes = new Uint8Array(chunk.data);
        const how = pick(['flip', 'truncate', 'header', 'encoding']);
        if (how === 'flip') for (let n = 0; n < 1 + random() * 8; n++) bytes[14 + Math.floor(random() * (bytes.length - 14))] ^= 1 + Math.floor(random() * 255);
        else if (how === 'truncate') chunk.data = chunk.data.slice(0, 14 + Math.floor(random() * (bytes.length - 14)));
        else if (how === 'header') new DataView(chunk.data).setUint16(pick([10, 12]), Math.floor(random() * 5), true);
        else bytes[pick([0, 1])] = 7;
        return { mustDetect: true, name: `corruptChunk.${how}` };
      },
      unknownId() {
        const candidates = [
          ...framesOfType('mutations').flatMap(({ frame }) => [
            ...frame.removes.map((_, i) => (v) => { frame.removes[i] = v; }),
            ...frame.adds.flatMap((add) => [(v) => { add.parentId = v; }, (v) => { add.id = v; }, (v) => { if (typeof v === 'number') add.nextId = v; }]),
            ...frame.attributes.map((change) => (v) => { change.id = v; }),
            ...frame.texts.map((change) => (v) => { change.id = v; }),
          ]),
          ...framesOfType('input').map(({ frame }) => (v) => { frame.id = v; }),
        ];
        if (!candidates.length) return null;
        pick(candidates)(pick(UNKNOWN_IDS));
        return { mustDetect: true, frames: true };
      },
      flipType() {
        const entry = pick(jsonFrames().filter(({ frame }) => frame && frame.t in REQUIRED));
        if (!entry) return null;
        const target = pick(Object.keys(REQUIRED).filter((t) => t !== entry.frame.t));
        // Flipped into a type whose fields it already has, it is a well-formed frame of that type.
        const wellFormed = target !== 'style' && REQUIRED[target].every((key) => key in entry.frame);
        entry.frame.t = target;
        return { mustDetect: !wellFormed, name: `flipType.${wellFormed ? 'wellFormed' : 'malformed'}`, frames: true, detail: `${entry.frame.t}` };
      },
      wrongFieldType() {
        const entry = pick(jsonFrames().filter(({ frame }) => frame && frame.t in REQUIRED && REQUIRED[frame.t].length));
        if (!entry) return null;
        const { frame } = entry;
        const setters = REQUIRED[frame.t].map((key) => () => { frame[key] = pick(['x', 5, null, [], { nested: true }].filter((v) => typeof v !== typeof frame[key] || Array.isArray(v) !== Array.isArray(frame[key]))); });
        if (frame.t === 'mutations') {
          for (const change of frame.attributes) setters.push(() => { change.value = pick([5, {}, [], true]); }, () => { change.name = pick([5, null, {}]); });
          for (const change of frame.texts) setters.push(() => { change.text = pick([7, null, ['a'], {}]); });
          for (const add of frame.adds) setters.push(() => { add.node = pick([5, null, {}, [], [7], ['#', 'doc'], ['!', 'html', '', '']]); });
        }
        if (frame.t === 'input') setters.push(() => { frame.state = { value: pick([5, null, ['x'], {}]) }; });
        if (frame.t === 'snapshot') setters.push(() => { frame.root = pick(['x', [], ['div'], [5], { '#': 1 }]); });
        pick(setters)();
        return { mustDetect: true, frames: true, detail: frame.t };
      },
      swapParent() {
        // The added node claims its parent's id and the parent the node's: a node that is its own ancestor.
        const adds = framesOfType('mutations').flatMap(({ frame }) => frame.adds);
        if (!adds.length) return null;
        const add = pick(adds);
        [add.parentId, add.id] = [add.id, add.parentId];
        return { mustDetect: true, frames: true };
      },
      truncate() {
        const lists = [
          ...framesOfType('mutations').flatMap(({ frame }) => ['removes', 'adds', 'attributes', 'texts'].filter((k) => frame[k].length).map((k) => frame[k])),
          ...framesOfType('mutations').flatMap(({ frame }) => frame.adds.map((add) => add.node).filter((n) => Array.isArray(n) && n.length > 2)),
          ...batches.filter((frames) => frames.length > 1),
        ];
        if (!lists.length) return null;
        const list = pick(lists);
        list.length = Math.floor(random() * list.length);
        return { mustDetect: false, frames: true };
      },
      oversized() {
        const huge = 'Ω'.repeat(1_000_000 + Math.floor(random() * 3_000_000));
        const slots = [
          ...framesOfType('mutations').flatMap(({ frame }) => [
            ...frame.texts.map((change) => () => { change.text = huge; }),
            ...frame.attributes.map((change) => () => { change.value = huge; }),
            ...frame.adds.map((add) => () => { add.node = ['div', { title: huge }, huge]; }),
          ]),
          ...framesOfType('input').map(({ frame }) => () => { frame.state = { value: huge }; }),
        ];
        if (!slots.length) return null;
        pick(slots)();
        return { mustDetect: false, frames: true };
      },
    };
    const names = Object.keys(operators);
    for (let attempt = 0; attempt < 20; attempt++) {
      const name = pick(names);
      const result = operators[name]();
      if (result) return { name, ...result };
    }
    return { name: 'none', mustDetect: true };
  }

  const state = { streams: new Map() };

  /** Loads a recorded stream and checks the valid stream itself: it applies without a single snapshot request. */
  /** The frames of each batch of a stream (chunked ones decompressed), and its link. */
  async function batchesOf(messages) {
    const batches = [];
    let chunks = [];
    for (const message of messages) {
      if (message.kind === 'json') { batches.push(message.data.frames); continue; }
      const view = new DataView(message.data);
      chunks.push(new Uint8Array(message.data, 14));
      if (view.getUint16(10, true) + 1 === view.getUint16(12, true)) {
        batches.push(JSON.parse(await fuzz.gunzipText(chunks)));
        chunks = [];
      }
    }
    const first = messages[0];
    return { batches, link: first.kind === 'json' ? first.data.link : new DataView(first.data).getUint32(2, true) };
  }

  /** Sends batches again through the product's sender on the same link: numbering and chunking as the SDK does. */
  async function encode(batches, link) {
    const out = [];
    const sender = new fuzz.FrameSender(link, (message) => out.push(message), (error) => { throw error; }, 3_600_000);
    for (const frames of batches) {
      for (const frame of frames) sender.push(frame);
      await sender.drain();
    }
    sender.stop();
    return out;
  }

  window.loadStream = async (name, recorded) => {
    const messages = recorded.messages.map(decode);
    const resync = recorded.resync.map(decode);
    const { batches, link } = await batchesOf(messages);
    resetMirror();
    const requests = [];
    const receiver = newReceiver(requests);
    await feed(messages, receiver);
    const expected = outline(mirrorDocument());
    await feed(resync, receiver);
    const afterResync = outline(mirrorDocument());
    state.streams.set(name, { messages, resync, expected, batches, link });
    return { requests, stillWanted: requests.wanted, chunks: messages.filter((m) => m.kind === 'binary').length, messages: messages.length, resyncMatches: afterResync === expected, nodes: mirrorDocument().querySelectorAll('*').length };
  };

  /** Runs `runs` mutated copies of a loaded stream; returns counts and every silent divergence or failed recovery. */
  window.fuzzStream = async (name, seed, runs) => {
    const { messages, resync, expected, batches, link } = state.streams.get(name);
    const random = mulberry32(seed);
    const stats = { runs: 0, frames: 0, byOperator: {}, diverged: 0, detected: 0, silentByDesign: 0, failures: [], recoveryFailures: [], slowestMs: 0 };
    for (let run = 0; run < runs; run++) {
      let copy = messages.map(clone);
      const batchesCopy = structuredClone(batches);
      const mutation = mutate(copy, batchesCopy, random);
      if (mutation.frames) copy = await encode(batchesCopy, link);
      resetMirror();
      const requests = [];
      const receiver = newReceiver(requests);
      const started = performance.now();
      await feed(copy, receiver);
      stats.slowestMs = Math.max(stats.slowestMs, performance.now() - started);
      stats.runs++;
      stats.frames += batchesCopy.reduce((n, frames) => n + frames.length, 0);
      const diverged = outline(mirrorDocument()) !== expected;
      const detected = requests.wanted;
      const counts = (stats.byOperator[mutation.name] ??= { runs: 0, diverged: 0, detected: 0 });
      counts.runs++;
      if (diverged) counts.diverged++;
      if (detected) counts.detected++;
      if (diverged) stats.diverged++;
      if (detected) stats.detected++;
      if (diverged && !detected) {
        if (mutation.mustDetect) stats.failures.push({ run, operator: mutation.name, detail: mutation.detail, requests: requests.join(',') });
        else stats.silentByDesign++;
      }
      if (diverged || detected) {
        // The SDK answers each request with a fresh capture on the same link, numbered on; the agent asks again every
        // few seconds while no snapshot got through (a number pushed ahead can make the first answer look old).
        for (let answer = 0; answer < 3; answer++) {
          await feed(answer === 0 ? resync : renumbered(resync, answer * resync.length), receiver);
          if (!requests.wanted) break;
        }
        if (outline(mirrorDocument()) !== expected) stats.recoveryFailures.push({ run, operator: mutation.name, requests: requests.join(',') });
      }
    }
    return stats;
  };

  // --- purely random frames ------------------------------------------------------------------------------------------
  const HOSTILE_STRINGS = [
    '<script>parent.__fuzzPwned()</script>', 'javascript:parent.__fuzzPwned()', ' java\tscript:parent.__fuzzPwned()', 'parent.__fuzzPwned()',
    '<img src=x onerror=parent.__fuzzPwned()>', 'data:text/html,<script>parent.__fuzzPwned()</script>', 'expression(parent.__fuzzPwned())',
    '0;url=javascript:parent.__fuzzPwned()', '', ' ', '\u0000', '\ud800', '#', '#s', '!', 'x'.repeat(5000),
  ];
  const TAGS = ['div', 'script', 'iframe', 'img', 'a', 'svg', 'math', 'style', 'meta', 'object', 'embed', 'template', 'input', 'select', 'option',
    'textarea', 'dialog', 'video', 'canvas', 'link', 'base', 'form', 'frame', 'noscript', '#', '#s', '!', 'x y', '1', 'foreignObject', 'animate', 'set'];
  const ATTRIBUTES = ['onload', 'onerror', 'onclick', 'href', 'src', 'srcdoc', 'style', 'http-equiv', 'content', 'action', 'formaction', 'xlink:href',
    'sandbox', 'allow', 'title', 'value', 'type', ' v', ' c', ' s', ' i', ' modal', ' n', ' r', ' css', ' m', ' a', 'attributeName', 'to', 'values', 'data'];
  const TYPES = [...Object.keys(REQUIRED), 'batch', 'resync', 'annotations-cleared', 'control-refused', 'unknown'];

  function randomValue(random, depth) {
    const pick = (list) => list[Math.floor(random() * list.length)];
    const roll = random();
    if (depth > 3 || roll < 0.25) return pick([null, true, false, 0, -1, 1.5, 2 ** 53, NaN, Infinity, pick(HOSTILE_STRINGS), Math.floor(random() * 400)]);
    if (roll < 0.55) return randomNode(random, depth + 1);
    if (roll < 0.75) return Array.from({ length: Math.floor(random() * 5) }, () => randomValue(random, depth + 1));
    const object = {};
    for (let i = 0; i < random() * 5; i++) object[pick([...ATTRIBUTES, 'id', 'parentId', 'nextId', 't', 'v', 'node', 'state', 'x', 'y'])] = randomValue(random, depth + 1);
    return object;
  }
  function randomNode(random, depth) {
    const pick = (list) => list[Math.floor(random() * list.length)];
    if (random() < 0.3) return pick(HOSTILE_STRINGS);
    const node = [pick(TAGS)];
    if (random() < 0.7) {
      const details = {};
      for (let i = 0; i < random() * 4; i++) details[pick(ATTRIBUTES)] = random() < 0.8 ? pick(HOSTILE_STRINGS) : randomValue(random, depth + 1);
      node.push(details);
    }
    for (let i = 0; depth < 6 && i < random() * 4; i++) node.push(random() < 0.15 ? Math.floor(random() * 400) - 50 : randomNode(random, depth + 1));
    return node;
  }
  function randomFrame(random) {
    const pick = (list) => list[Math.floor(random() * list.length)];
    const roll = random();
    if (roll < 0.1) return randomValue(random, 2);
    const frame = { v: random() < 0.95 ? 1 : pick([0, 2, '1', null]), t: pick(TYPES) };
    const id = () => (random() < 0.8 ? Math.floor(random() * 400) : randomValue(random, 3));
    switch (frame.t) {
      case 'snapshot': Object.assign(frame, { url: pick(HOSTILE_STRINGS), viewport: { width: 800, height: 600, devicePixelRatio: 1 }, scroll: [], id: id(), root: ['#', ...Array.from({ length: 3 }, () => randomNode(random, 1))] }); break;
      case 'mutations': Object.assign(frame, {
        removes: Array.from({ length: Math.floor(random() * 3) }, id),
        adds: Array.from({ length: Math.floor(random() * 4) }, () => ({ parentId: id(), nextId: random() < 0.5 ? null : id(), id: id(), node: randomNode(random, 1) })),
        attributes: Array.from({ length: Math.floor(random() * 4) }, () => ({ id: id(), name: pick(ATTRIBUTES), value: random() < 0.9 ? pick(HOSTILE_STRINGS) : randomValue(random, 3) })),
        texts: Array.from({ length: Math.floor(random() * 3) }, () => ({ id: id(), text: pick(HOSTILE_STRINGS) })),
      }); break;
      case 'style': Object.assign(frame, { definitions: [{ id: id(), rules: [pick(HOSTILE_STRINGS), '@import "javascript:parent.__fuzzPwned()";', 'a{background:url(javascript:parent.__fuzzPwned())}'] }], changes: [{ node: id(), op: pick(['insert', 'delete', 'set']), index: id(), rule: pick(HOSTILE_STRINGS), rules: [pick(HOSTILE_STRINGS)] }], adoptions: [{ root: id(), sheets: [id()] }] }); break;
      default:
        for (const key of REQUIRED[frame.t] ?? []) frame[key] = random() < 0.7 ? id() : randomValue(random, 2);
        if (random() < 0.5) frame.state = { value: pick(HOSTILE_STRINGS), checked: random() < 0.5, paused: false };
        if (random() < 0.3) frame.image = pick(['data:image/png;base64,AAAA', 'javascript:parent.__fuzzPwned()', pick(HOSTILE_STRINGS)]);
    }
    return frame;
  }

  /** Random envelopes (and now and then random bytes as a chunk) on one link; returns how many frames went in. */
  window.fuzzRandom = async (seed, batches) => {
    const random = mulberry32(seed);
    resetMirror();
    const requests = [];
    const receiver = newReceiver(requests);
    const link = 77;
    let frames = 0;
    let slowestMs = 0;
    for (let seq = 0; seq < batches; seq++) {
      const started = performance.now();
      if (random() < 0.05) {
        const bytes = new Uint8Array(14 + Math.floor(random() * 200)).map(() => Math.floor(random() * 256));
        new DataView(bytes.buffer).setUint8(0, 1);
        new DataView(bytes.buffer).setUint8(1, 1);
        new DataView(bytes.buffer).setUint32(2, link, true);
        new DataView(bytes.buffer).setUint32(6, seq, true);
        receiver.receive(bytes.buffer);
        frames++;
      } else {
        const list = Array.from({ length: 1 + Math.floor(random() * 6) }, () => randomFrame(random));
        // Every few batches a well-formed snapshot lets the receiver deliver again after it asked for one.
        if (random() < 0.3) list.unshift({ v: 1, t: 'snapshot', url: 'http://x/', viewport: { width: 800, height: 600, devicePixelRatio: 1 }, scroll: [], id: 1, root: ['#', ['html', ['head'], ['body', randomNode(random, 2)]]] });
        frames += list.length;
        receiver.receive(random() < 0.05 ? randomValue(random, 1) : { v: 1, t: 'batch', link, seq: random() < 0.03 ? seq + 5 : seq, frames: list });
      }
      await receiver.idle();
      slowestMs = Math.max(slowestMs, performance.now() - started);
    }
    return { frames, requests: requests.length, slowestMs };
  };

  const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'codebase', 'cite']);

  /** What must hold after any input: nothing ran, nothing executable is in the mirror, no error escaped. */
  window.fuzzVerdict = async () => {
    await new Promise((resolve) => setTimeout(resolve, 200)); // time for a stray image error or load handler
    const doc = mirrorDocument();
    const all = [...doc.querySelectorAll('*')];
    for (const host of all.filter((el) => el.shadowRoot)) all.push(...host.shadowRoot.querySelectorAll('*'));
    const attributes = all.flatMap((el) => [...el.attributes].map((a) => [el.localName, a.name, a.value]));
    return {
      pwned: window.__pwned ?? null,
      scripts: all.filter((el) => el.localName === 'script').length,
      handlers: attributes.filter(([, name]) => name.toLowerCase().startsWith('on')).length,
      javascriptUrls: attributes.filter(([, name, value]) => URL_ATTRIBUTES.has(name.toLowerCase()) && /^(javascript|vbscript|data:text\/html)/i.test(value.replace(/[\s\u0000-\u001f]/g, ''))).length,
      srcdocs: attributes.filter(([, name]) => name === 'srcdoc').length,
      sandbox: view.mirror.document.defaultView?.frameElement?.getAttribute('sandbox') ?? null,
      errors: errors.splice(0),
    };
  };
})();
