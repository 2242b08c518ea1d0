// Runs in a page with the CoBrowseFuzz bundle: thousands of small random programs of DOM changes, each writing unique
// secrets only where the page asks for privacy (password, cc-*, current-/new-password and one-time-code fields,
// data-cobrowse-mask / -redact, the tenant's selectors, inside shadow roots, textareas, selects, contenteditable, inline
// styles), while the real capture and the transport's sender run. Everything the sender would put on the wire (JSON
// batches, and gzip chunks decompressed) is checked.
//
// Privacy follows the element (docs/security/masking.md): once the capture has seen an element masked (a frame was
// built since it was protected), the page may take the protection away — show the password as text, drop the
// autocomplete token, remove data-cobrowse-mask from it or an ancestor, move it out — and keep writing secrets into it.
//
// Secrets are upper-case letters only and nothing else on the page is written in capitals, so any run of 4 or more
// capitals on the wire is a secret or a piece of one; base64 forms of each secret are looked for as well.
(() => {
  const { mulberry32 } = window.CoBrowsePrng; // support/prng.js, injected first

  const fuzz = window.CoBrowseFuzz;
  const CAPITALS = /[A-Z]{4,}/;
  const PLAIN_TAGS = ['div', 'p', 'span', 'section', 'li', 'b', 'label'];
  const SENSITIVE_TOKENS = ['cc-number', 'cc-csc', 'billing cc-exp', 'cc-name', 'shipping cc-number', 'cc-given-name',
    'current-password', 'section-login New-Password', 'One-Time-Code', 'section-a billing current-password', 'username new-password'];

  let arena;
  let plain;
  let sender;
  let capture;
  const outbox = [];
  /** Counts the drains: an element protected before the current one has been seen masked by the capture. */
  let generation = 0;

  /** Wire text of everything sent since the last call: JSON batches as sent, chunked batches decompressed. */
  async function drainWire() {
    generation++;
    capture.flush();
    await sender.drain();
    const messages = outbox.splice(0);
    const texts = [];
    let chunks = [];
    let compressed = 0;
    for (const message of messages) {
      if (message.kind === 'json') { texts.push(JSON.stringify(message.data)); continue; }
      const view = new DataView(message.data);
      chunks.push(new Uint8Array(message.data, 14));
      if (view.getUint16(10, true) + 1 === view.getUint16(12, true)) {
        texts.push(await fuzz.gunzipText(chunks));
        compressed += chunks.length;
        chunks = [];
      }
    }
    return { text: texts.join('\n'), messages: messages.length, compressed };
  }

  /** Where on the wire a secret (or 4+ characters of one, or its base64) shows up; null when nowhere. */
  function findLeak(text, secrets) {
    const capitals = CAPITALS.exec(text);
    if (capitals) return { kind: 'capitals', found: capitals[0], around: text.slice(Math.max(0, capitals.index - 160), capitals.index + 60) };
    for (const secret of secrets) {
      for (let shift = 0; shift < 3; shift++) {
        const encoded = btoa(secret.slice(shift)).replace(/=+$/, '').slice(0, -2); // whole base64 characters only
        if (encoded.length >= 8 && text.includes(encoded)) return { kind: 'base64', found: encoded, secret };
      }
    }
    return null;
  }

  window.setupMaskingFuzz = async (privacy) => {
    document.body.innerHTML = '<main id="arena"><div id="plain"><p>plain text</p></div></main>';
    arena = document.getElementById('arena');
    plain = document.getElementById('plain');
    sender = new fuzz.FrameSender(1, (message) => outbox.push(message), (error) => { throw error; }, 3_600_000);
    capture = fuzz.startCapture({ ...privacy, send: (frame) => sender.push(frame) });
    const first = await drainWire();
    return { snapshotBytes: first.text.length, leak: findLeak(first.text, []) };
  };

  function program(random, secrets) {
    const pick = (list) => list[Math.floor(random() * list.length)];
    const chance = (p) => random() < p;
    let counter = 0;
    const secret = (length = 6 + Math.floor(random() * 10)) => {
      let text = '';
      for (let i = 0; i < length; i++) text += String.fromCharCode(65 + Math.floor(random() * 26));
      secrets.push(text);
      return text;
    };
    const lower = () => `plain ${counter++} ${pick(['alpha', 'beta', 'gamma', 'delta'])}`;

    const scene = document.createElement('section');
    scene.className = 'scene';
    const plainArea = document.createElement('div');
    plainArea.innerHTML = `<p>${lower()}</p>`;
    scene.append(plainArea);
    arena.append(scene);
    /** Elements under privacy in this scene: { element, kind } where kind says what protects it. */
    const guarded = [];
    const plainSpots = [scene, plainArea];

    const guard = (element, kind) => { guarded.push({ element, kind, since: generation }); return element; };
    /** Kinds whose element's own content is secret (a vault guards only its number). */
    const CONTAINERS = ['mask', 'tenant-mask', 'vault', 'redact', 'tenant-redact', 'shadow-mask', 'unmasked', 'moved-out'];
    const maskedContainers = () => guarded.filter((g) => CONTAINERS.includes(g.kind) && g.element.isConnected).map((g) => g.element);
    const fields = () => guarded.filter((g) => ['password', 'cc', 'masked-field'].includes(g.kind) && g.element.isConnected).map((g) => g.element);
    /** Guarded entries of these kinds that a frame has been built since: the capture has seen them masked. */
    const seen = (kinds) => guarded.filter((g) => kinds.includes(g.kind) && g.since < generation && g.element.isConnected);
    const typeMore = (field) => {
      field.value += secret();
      field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    };
    const textsIn = (root) => {
      const found = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) found.push(walker.currentNode);
      return found;
    };
    /** A container under privacy, created plain or already protected; `fill` decides what goes in. */
    const protectedContainer = (kinds = ['mask', 'mask', 'tenant-mask', 'vault', 'redact', 'tenant-redact']) => {
      const element = document.createElement(pick(['div', 'section', 'p', 'span']));
      const kind = pick(kinds);
      if (kind === 'mask') element.setAttribute('data-cobrowse-mask', '');
      else if (kind === 'tenant-mask') element.className = 'tenant-mask';
      else if (kind === 'redact') element.setAttribute('data-cobrowse-redact', '');
      else if (kind === 'tenant-redact') element.className = 'tenant-redact';
      else element.className = 'vault';
      return guard(element, kind);
    };
    const secretMarkup = () => pick([
      () => `<b title="${secret()}">${secret()}</b> ${secret()}`,
      () => `<img alt="${secret()}" src="/img/${secret()}.png"><a href="/${secret()}?q=${secret()}">${secret()}</a>`,
      () => `<input value="${secret()}" placeholder="${secret()}"><textarea>${secret()}</textarea>`,
      () => `<select><option value="${secret()}">${secret()}</option><option selected>${secret()}</option></select>`,
      () => `<span class="number">${secret()}</span><i aria-label="${secret()}" data-x="${secret()}">${secret()}</i>`,
      () => `<div contenteditable="true">${secret()}</div>`,
      () => `<span style="--name: '${secret()}'; --raw: ${secret()}; content: '${secret()}'; background: url(/i/${secret()}.png) no-repeat; width: 3em">${secret()}</span>`,
    ])();
    const fillContainer = (element) => {
      if (element.classList.contains('vault')) {
        // Only `.vault .number` is the tenant's: secrets go into the number, the rest of the vault stays plain.
        element.innerHTML = `<em>${lower()}</em><span class="number">${secret()}</span>`;
        element.__numberSince = generation;
        return;
      }
      element.innerHTML = secretMarkup();
    };
    const newField = (kind) => {
      const input = document.createElement('input');
      if (kind === 'password') input.type = 'password';
      else if (kind === 'masked-field') input.setAttribute('data-cobrowse-mask', '');
      else input.setAttribute('autocomplete', pick(SENSITIVE_TOKENS));
      return guard(input, kind);
    };
    const place = (node) => {
      const parent = pick(plainSpots.filter((spot) => spot.isConnected));
      parent.insertBefore(node, pick([null, ...parent.childNodes]) ?? null);
    };
    /** Removes every secret from an element (so it may become plain), then lets it go. */
    const scrub = (element) => {
      element.replaceChildren(lower());
      for (const attribute of [...element.attributes]) if (!['data-cobrowse-mask', 'data-cobrowse-redact', 'class', 'type', 'autocomplete'].includes(attribute.name)) element.removeAttribute(attribute.name);
      if ('value' in element) element.value = '';
    };

    const operations = {
      passwordField() { const input = newField('password'); if (chance(0.5)) input.setAttribute('value', secret()); else input.value = secret(); place(input); },
      ccField() { const input = newField('cc'); place(input); input.value = secret(); },
      protectedContainer() { const element = protectedContainer(); fillContainer(element); place(element); },
      fillLater() { const element = protectedContainer(); place(element); element.__fillLater = true; },
      fillPending() { const element = maskedContainers().find((e) => e.__fillLater); if (element) { element.__fillLater = false; fillContainer(element); } },
      setFieldValue() { const field = pick(fields()); if (field) field.value = secret(); },
      typeIntoField() {
        const field = pick(fields());
        if (!field) return;
        field.value += secret();
        field.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      },
      textToPassword() {
        const input = document.createElement('input');
        input.value = lower();
        place(input);
        input.type = 'password'; // protected before the secret arrives
        guard(input, 'password');
        input.value = secret();
      },
      passwordToText() {
        const entry = guarded.find((g) => g.kind === 'password' && g.element.isConnected);
        if (!entry) return;
        entry.element.value = '';
        entry.element.removeAttribute('value');
        entry.element.type = 'text';
        entry.kind = 'released';
      },
      editMaskedText() {
        const container = pick(maskedContainers().filter((e) => !e.classList.contains('vault')));
        const text = container && pick(textsIn(container));
        if (!text) return;
        const how = pick(['set', 'append', 'split']);
        if (how === 'set') text.data = secret();
        else if (how === 'append') text.appendData(secret());
        else if (text.data.length > 2) text.splitText(1 + Math.floor(random() * (text.data.length - 1)));
      },
      setMaskedAttribute() {
        const container = pick(maskedContainers().filter((e) => !e.classList.contains('vault')));
        const element = container && pick([container.classList.contains('tenant-mask') || container.hasAttribute('data-cobrowse-mask') ? null : container, ...container.querySelectorAll('*')].filter(Boolean));
        if (element) element.setAttribute(pick(['title', 'data-info', 'aria-label', 'placeholder', 'alt', 'href', 'value']), secret());
      },
      setMaskedFormState() {
        const container = pick(maskedContainers());
        const field = container && pick([...container.querySelectorAll('input, textarea, select')]);
        if (!field) return;
        if (field.localName === 'select') { field.append(new Option(secret(), secret(), false, true)); field.selectedIndex = field.options.length - 1; }
        else field.value = secret();
      },
      contentEditableTyping() {
        const container = pick(maskedContainers().filter((e) => !e.classList.contains('vault')));
        if (!container) return;
        let editable = container.querySelector('[contenteditable]');
        if (!editable) { editable = document.createElement('div'); editable.contentEditable = 'true'; container.append(editable); }
        editable.append(secret());
        editable.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      },
      replaceMaskedChildren() {
        const container = pick(maskedContainers().filter((e) => !e.classList.contains('vault')));
        if (!container) return;
        const b = document.createElement('b');
        b.textContent = secret();
        container.replaceChildren(secret(), b, document.createElement('br'));
      },
      innerHtmlMasked() {
        const container = pick(maskedContainers());
        if (container) fillContainer(container);
      },
      moveSecretIn() {
        // Written while still plain, moved under privacy before any frame is built.
        const target = pick(maskedContainers().filter((e) => !e.classList.contains('vault')));
        if (!target) return;
        const span = document.createElement('span');
        place(span);
        span.textContent = secret();
        span.title = secret();
        target.append(span);
      },
      moveOut() {
        const container = pick(maskedContainers().filter((e) => !e.classList.contains('vault')));
        const child = container && pick([...container.children]);
        if (!child) return;
        scrub(child);
        place(child);
      },
      moveContainer() {
        const container = pick(maskedContainers());
        if (container) place(container);
      },
      cloneContainer() {
        // A copy is a new element: only one that carries its protection with it is protected (a copy of an element
        // that lost its protection is the page copying the secrets out, which no capture can tell apart from text).
        const copyable = guarded.filter((g) => !['unmasked', 'moved-out'].includes(g.kind)).map((g) => g.element);
        const container = pick(maskedContainers().filter((e) => !e.__fillLater && copyable.includes(e)));
        if (!container) return;
        const copy = container.cloneNode(true);
        const original = guarded.find((g) => g.element === container);
        guard(copy, original.kind);
        place(copy);
      },
      protectThenFill() {
        // Plain first (maybe already sent as plain), then protected, then filled.
        const element = document.createElement(pick(PLAIN_TAGS));
        element.textContent = lower();
        place(element);
        const kind = pick(['mask', 'tenant-mask', 'redact', 'tenant-redact']);
        if (kind === 'mask') element.setAttribute('data-cobrowse-mask', '');
        else if (kind === 'redact') element.setAttribute('data-cobrowse-redact', '');
        else element.classList.add(kind);
        guard(element, kind);
        fillContainer(element);
      },
      becomeVault() {
        const element = document.createElement('div');
        element.innerHTML = `<span class="number">${lower()}</span>`;
        place(element);
        element.classList.add('vault');
        guard(element, 'vault');
        element.querySelector('.number').textContent = secret();
      },
      unprotect() {
        const entry = guarded.find((g) => ['mask', 'tenant-mask', 'redact', 'tenant-redact'].includes(g.kind) && g.element.isConnected);
        if (!entry) return;
        scrub(entry.element);
        entry.element.removeAttribute('data-cobrowse-mask');
        entry.element.removeAttribute('data-cobrowse-redact');
        entry.element.classList.remove('tenant-mask', 'tenant-redact');
        entry.kind = 'released';
        entry.element.__fillLater = false;
      },
      shadowMasked() {
        const host = guard(document.createElement('div'), 'shadow-mask');
        host.setAttribute('data-cobrowse-mask', '');
        place(host);
        host.attachShadow({ mode: 'open' }).innerHTML = `<p>${secret()}</p><input value="${secret()}">`;
      },
      shadowPlainWithSecrets() {
        const host = document.createElement('div');
        place(host);
        const root = host.attachShadow({ mode: 'open' });
        root.innerHTML = `<p>${lower()}</p><div data-cobrowse-mask>${secret()}</div>`;
        const input = document.createElement('input');
        input.type = 'password';
        root.append(input);
        input.value = secret();
      },
      autocompleteToCc() {
        // A plain field (perhaps already sent as plain) becomes a card field, then gets the number.
        const input = document.createElement('input');
        input.setAttribute('autocomplete', pick(['name', 'off', 'email']));
        input.value = lower();
        place(input);
        input.__becomeCc = true;
      },
      becomeCcPending() {
        const input = [...scene.querySelectorAll('input')].find((e) => e.__becomeCc);
        if (!input) return;
        input.__becomeCc = false;
        input.setAttribute('autocomplete', pick(SENSITIVE_TOKENS));
        guard(input, 'cc');
        input.value = secret();
      },
      maskedHostLater() {
        const host = guard(document.createElement('div'), 'shadow-mask');
        host.className = 'tenant-mask';
        place(host);
        host.__shadowLater = true; // its shadow root is attached on a later step, after the host was sent
      },
      attachPendingShadow() {
        const host = [...scene.querySelectorAll('.tenant-mask')].find((e) => e.__shadowLater);
        if (!host) return;
        host.__shadowLater = false;
        host.attachShadow({ mode: 'open' }).innerHTML = `<b>${secret()}</b><textarea>${secret()}</textarea>`;
      },
      textarea() {
        const container = protectedContainer(['mask', 'tenant-mask', 'redact', 'tenant-redact']); // a vault guards only its number
        const area = document.createElement('textarea');
        container.append(area);
        place(container);
        area.value = secret();
        if (chance(0.5)) area.textContent = secret();
      },
      bigMaskedBlock() {
        // A batch big enough to be gzipped into chunks.
        const block = guard(document.createElement('div'), 'mask');
        block.setAttribute('data-cobrowse-mask', '');
        block.textContent = Array.from({ length: 40 }, () => secret(500)).join(' ');
        place(block);
      },
      maskedField() { const input = newField('masked-field'); place(input); input.value = secret(); },
      showPassword() {
        // The eye button: the field keeps what was typed, shows it as text, and the customer goes on typing.
        const entry = pick(seen(['password']).filter((g) => g.element.type === 'password'));
        if (!entry) return;
        entry.element.type = 'text';
        if (chance(0.6)) typeMore(entry.element);
        if (chance(0.3)) entry.element.setAttribute('value', entry.element.value); // a page reflecting it
        if (chance(0.3)) { entry.element.type = 'password'; typeMore(entry.element); entry.element.type = 'text'; }
      },
      dropAutocomplete() {
        // The page stops saying the field is sensitive (a re-render without the token).
        const entry = pick(seen(['cc']));
        if (!entry) return;
        if (chance(0.5)) entry.element.removeAttribute('autocomplete');
        else entry.element.setAttribute('autocomplete', pick(['off', 'name', 'email']));
        if (chance(0.7)) typeMore(entry.element);
      },
      unmaskField() {
        const entry = pick(seen(['masked-field']));
        if (!entry) return;
        entry.element.removeAttribute('data-cobrowse-mask');
        if (chance(0.7)) typeMore(entry.element);
      },
      unmaskKeepingSecrets() {
        // Protection removed from a container (or an ancestor of fields) whose secrets stay where they are; more follow.
        const entry = pick(seen(['mask', 'tenant-mask', 'redact', 'tenant-redact']));
        if (!entry) return;
        entry.element.removeAttribute('data-cobrowse-mask');
        entry.element.removeAttribute('data-cobrowse-redact');
        entry.element.classList.remove('tenant-mask', 'tenant-redact');
        entry.kind = 'unmasked';
        entry.element.__fillLater = false;
        const field = entry.element.querySelector('input, textarea');
        if (field && chance(0.5)) typeMore(field);
      },
      vaultLosesClass() {
        // A vault guards only its number: once it stops being a vault, its number (seen masked) stays masked. A number
        // put in since the last frame was never seen under the vault: the vault keeps its class until it has been.
        const entry = pick(seen(['vault']).filter((g) => !(g.element.__numberSince >= generation)));
        if (!entry) return;
        entry.element.classList.remove('vault');
        entry.kind = 'released';
        const number = entry.element.querySelector('.number');
        if (number && chance(0.5)) number.firstChild?.appendData?.(secret());
      },
      moveOutKeepingSecrets() {
        // A child of a protected container (a field of a masked form) moved to a plain place with its secrets.
        const container = pick(seen(['mask', 'tenant-mask', 'redact', 'tenant-redact', 'unmasked']).map((g) => g.element));
        const child = container && pick([...container.children]);
        if (!child) return;
        place(child);
        guard(child, 'moved-out');
        const field = child.matches('input, textarea') ? child : child.querySelector('input, textarea');
        if (field && chance(0.5)) typeMore(field);
      },
      styleSecrets() {
        // A framework writes data into the inline style of a protected element: custom properties, content, url().
        const container = pick([...maskedContainers().filter((e) => !e.classList.contains('vault')), ...fields()]);
        const element = container && pick([container, ...container.querySelectorAll('*')]);
        if (!element) return;
        const how = pick(['attribute', 'property', 'append']);
        if (how === 'attribute') {
          element.setAttribute('style', `--v: '${secret()}'; --w: ${secret()}; color: rgb(1, 2, 3); width: ${counter++}px; background-image: url(/img/${secret()}.png)`);
        } else if (how === 'property') {
          element.style.setProperty(pick(['--label', '--account', '--x']), pick([`'${secret()}'`, secret()]));
        } else {
          element.style.cssText += `; content: '${secret()}'; cursor: url(/c/${secret()}.png), auto; height: 2em`;
        }
      },
      plainNoise() {
        const spot = pick(plainSpots);
        const action = pick(['add', 'remove', 'text', 'attribute']);
        if (action === 'add') spot.append(Object.assign(document.createElement(pick(PLAIN_TAGS)), { textContent: lower() }));
        else if (action === 'remove') [...spot.children].find((e) => !e.__keep && e.localName === 'b')?.remove();
        else if (action === 'text') plainArea.firstElementChild && (plainArea.firstElementChild.textContent = lower());
        else spot.setAttribute('data-state', lower());
      },
    };
    return { operations, scene };
  }

  const WEIGHTS = { bigMaskedBlock: 0.01 };

  /**
   * Runs `count` sequences from `seed`; each is 3–8 operations with frames now and then in between. Returns counts and
   * the first leaks found (with the sequence's seed, so one can be replayed alone).
   */
  window.runMaskingSequences = async (seed, count) => {
    const stats = { sequences: 0, operations: 0, byOperation: {}, messages: 0, compressedChunks: 0, wireChars: 0, placeholders: 0, secrets: 0, leakingSequences: 0, leaks: [] };
    for (let n = 0; n < count; n++) {
      const sequenceSeed = seed * 100_003 + n;
      const random = mulberry32(sequenceSeed);
      const secrets = [];
      const { operations, scene } = program(random, secrets);
      const names = Object.keys(operations);
      const steps = 3 + Math.floor(random() * 6);
      const trace = [];
      let wire = '';
      for (let step = 0; step < steps; step++) {
        let name = names[Math.floor(random() * names.length)];
        if (WEIGHTS[name] !== undefined && random() > WEIGHTS[name]) name = 'plainNoise';
        try {
          operations[name]();
        } catch (error) {
          if (!(error instanceof DOMException)) throw error; // moving a node into itself and the like
        }
        trace.push(name);
        stats.byOperation[name] = (stats.byOperation[name] ?? 0) + 1;
        if (random() < 0.35) {
          const sent = await drainWire();
          wire += sent.text;
          stats.messages += sent.messages;
          stats.compressedChunks += sent.compressed;
        }
      }
      const sent = await drainWire();
      wire += sent.text;
      stats.messages += sent.messages;
      stats.compressedChunks += sent.compressed;
      scene.remove();
      const cleared = await drainWire();
      wire += cleared.text;
      stats.messages += cleared.messages;
      stats.sequences++;
      stats.operations += steps;
      stats.secrets += secrets.length;
      stats.wireChars += wire.length;
      stats.placeholders += wire.split('•').length - 1;
      const leak = findLeak(wire, secrets);
      if (leak) stats.leakingSequences++;
      if (leak && stats.leaks.length < 5) stats.leaks.push({ sequenceSeed, trace, ...leak });
    }
    return stats;
  };

  /** The detector itself: a secret written where nothing protects it must be found (else a pass means nothing). */
  window.leakDetectorSelfTest = async () => {
    const secret = 'QWERTYZXCV';
    const span = document.createElement('span');
    span.textContent = `oops ${secret.slice(2, 7)}`; // five capitals of it, in plain text
    plain.append(span);
    const plainLeak = findLeak((await drainWire()).text, [secret]);
    span.remove();
    await drainWire();
    const lowered = `x${btoa(secret).toLowerCase()}x`; // not base64 of it any more: must not be found
    return { plainLeak: plainLeak?.kind ?? null, base64Leak: findLeak(`"${btoa(secret)}"`, [secret])?.kind ?? null, harmless: findLeak(lowered, [secret]) };
  };
})();
