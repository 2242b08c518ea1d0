// Runs in a customer page with the CoBrowseFuzz bundle: captures the page while a seeded program changes its DOM, and
// records what the transport's sender puts on the wire (JSON batches and gzip chunks, each with its link sequence
// number). Then restarts the capture on the same link, as the SDK does when an agent asks for a snapshot, and records
// that answer separately. Binary chunks travel back to Node as base64.
(() => {
  const { mulberry32 } = window.CoBrowsePrng; // support/prng.js, injected first

  const toBase64 = (buffer) => {
    const bytes = new Uint8Array(buffer);
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
  const encode = (message) => (message.kind === 'json' ? message : { kind: 'binary', b64: toBase64(message.data) });

  /** Text that gzip can hardly shrink, so a batch carrying it needs more than one 60 KB chunk. */
  const noise = (random, length) => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ';
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    return text;
  };

  function changeProgram(random) {
    const pick = (list) => list[Math.floor(random() * list.length)];
    let counter = 0;
    const roots = () => {
      const found = [document.body];
      for (const host of document.querySelectorAll('*')) if (host.shadowRoot) found.push(host.shadowRoot);
      for (const frame of document.querySelectorAll('iframe')) { try { if (frame.contentDocument?.body) found.push(frame.contentDocument.body); } catch { /* cross-origin */ } }
      return found;
    };
    const elements = () => roots().flatMap((root) => [...root.querySelectorAll('*')]).filter((el) => !['script', 'style', 'head', 'html', 'body', 'iframe'].includes(el.localName));
    const fresh = (doc) => {
      const element = doc.createElement(pick(['div', 'p', 'span', 'section', 'li', 'b', 'input', 'textarea', 'select']));
      element.className = `gen-${counter++}`;
      if (element.localName === 'select') element.innerHTML = '<option>one</option><option>two</option>';
      else if (element.localName !== 'input' && element.localName !== 'textarea') element.innerHTML = `item ${counter} <i>x${counter}</i>`;
      if (random() < 0.2) element.setAttribute('data-cobrowse-mask', '');
      return element;
    };
    return {
      add() {
        const parent = pick([...roots(), ...elements().filter((el) => !['input', 'textarea', 'select', 'img', 'br'].includes(el.localName))]);
        const doc = parent.ownerDocument ?? document;
        parent.insertBefore(fresh(doc), pick([null, ...parent.childNodes]) ?? null);
      },
      remove() { const el = pick(elements()); if (el) el.remove(); },
      move() {
        const el = pick(elements());
        const to = pick(roots());
        if (el && !el.contains(to) && to.ownerDocument === el.ownerDocument) to.insertBefore(el, pick([null, ...to.childNodes]) ?? null);
      },
      attribute() { const el = pick(elements()); if (el) el.setAttribute(pick(['title', 'data-x', 'class', 'aria-label']), `v${counter++}`); },
      removeAttribute() { const el = pick(elements().filter((e) => e.attributes.length)); if (el) el.removeAttribute(pick([...el.attributes]).name); },
      text() {
        const el = pick(elements().filter((e) => e.firstChild?.nodeType === Node.TEXT_NODE));
        if (el) el.firstChild.data = `text ${counter++}`;
      },
      value() { const field = pick(elements().filter((e) => e.localName === 'input' || e.localName === 'textarea')); if (field) field.value = `typed ${counter++}`; },
      inner() { const el = pick(elements().filter((e) => !['input', 'textarea', 'select'].includes(e.localName))); if (el) el.innerHTML = `<em>inner ${counter++}</em> tail`; },
      shadow() {
        const host = pick(elements().filter((e) => ['div', 'section', 'span', 'p'].includes(e.localName) && !e.shadowRoot));
        if (host) host.attachShadow({ mode: 'open' }).innerHTML = `<b>shadow ${counter++}</b>`;
      },
    };
  }

  window.recordStream = async ({ seed, steps, bigAt }) => {
    const random = mulberry32(seed);
    // Enough page that the snapshot is compressed into chunks.
    const filler = document.createElement('section');
    filler.id = 'filler';
    filler.innerHTML = Array.from({ length: 120 }, (_, i) => `<p class="row">Row ${i} <span title="t${i}">${noise(random, 120)}</span></p>`).join('');
    document.body.append(filler);

    const messages = [];
    const IDLE_MARK_MS = 30; // the SDK waits 2 s; the recording need not
    const idle = () => new Promise((resolve) => setTimeout(resolve, IDLE_MARK_MS * 3));
    const sender = new window.CoBrowseFuzz.FrameSender(Math.floor(random() * 2 ** 31), (message) => messages.push(message), (error) => { throw error; }, IDLE_MARK_MS);
    const start = () => window.CoBrowseFuzz.startCapture({ maskSelectors: ['.masked-by-tenant'], send: (frame) => sender.push(frame) });
    let capture = start();
    await sender.drain();
    const program = changeProgram(random);
    const operations = Object.keys(program);
    for (let step = 0; step < steps; step++) {
      if (step === bigAt) {
        const big = document.createElement('pre');
        big.textContent = noise(random, 150_000); // a mutation batch of several chunks
        document.body.append(big);
      }
      const count = 1 + Math.floor(random() * 4);
      for (let i = 0; i < count; i++) {
        try { program[operations[Math.floor(random() * operations.length)]](); } catch (error) { if (!(error instanceof DOMException)) throw error; }
      }
      capture.flush();
      await sender.drain();
      if (random() < 0.3) await idle(); // now and then the page rests: an idle mark goes out
    }
    await idle(); // the page ends at rest, its idle mark last
    const valid = messages.length;
    capture.stop();
    capture = start(); // the SDK's answer to a resync request: a new capture on the same link
    capture.flush();
    await sender.drain();
    capture.stop();
    sender.stop();
    return { messages: messages.slice(0, valid).map(encode), resync: messages.slice(valid).map(encode) };
  };
})();
