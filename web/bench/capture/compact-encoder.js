// EXPERIMENT, not product code: a compact snapshot encoding, to measure what a wire format change would buy before
// anyone changes web/src. It keeps the per-node work the real serializer cannot skip — a stable id per node in a
// WeakMap (mutations need it), privacy (mask/redact selectors and sensitive fields, matched once per snapshot with
// querySelectorAll instead of twice per element with matches()), form state, skipped script elements — and drops
// what costs without need: per-node objects with repeated keys, explicit ids, scroll reads on every element.
//
// Format: ids are implicit (pre-order index + `base`, in the order nodes appear); a text node is a JSON string; an
// element is [tag, attrs?, ...children] where attrs is an object present only when the element has attributes or
// state (state under keys that cannot be attribute names: " v" value, " c" checked, " s" selected); the document is
// ["#", ...children]; a doctype ["!", name, publicId, systemId]. URLs are made absolute like the real serializer
// does, or left as written when `relativeUrls` (the mirror would then resolve them with a <base href>).
(() => {
  const HTML_NS = 'http://www.w3.org/1999/xhtml';
  const SKIPPED = new Set(['script', 'noscript', 'template']);
  const URL_ATTRIBUTES = new Set(['src', 'href', 'action', 'formaction', 'poster', 'background', 'cite', 'data']);
  const MASK = '[data-cobrowse-mask]';
  const REDACT = '[data-cobrowse-redact]';

  function snapshot(document, { relativeUrls = false } = {}) {
    const ids = new WeakMap();
    let nextId = 1;
    const base = nextId;
    const masked = new Set(document.querySelectorAll(`${MASK},input[type=password],[autocomplete^="cc-"]`));
    const redacted = new Set(document.querySelectorAll(REDACT));
    const origin = document.location.origin;
    const baseUrl = document.baseURI;
    const absolute = (url) => {
      if (relativeUrls) return url;
      // Fast paths for the common shapes, the URL parser for the rest.
      if (url.startsWith('https://') || url.startsWith('http://') || url.startsWith('data:')) return url;
      if (url.startsWith('/') && !url.startsWith('//')) return origin + url;
      try { return new URL(url, baseUrl).href; } catch { return url; }
    };

    const encode = (node, inMask) => {
      if (node.nodeType === 3) {
        ids.set(node, nextId++);
        return inMask ? node.data.replace(/\S/g, '•') : node.data;
      }
      if (node.nodeType !== 1) return undefined;
      const tag = node.localName;
      if (node.namespaceURI === HTML_NS && SKIPPED.has(tag)) return undefined;
      ids.set(node, nextId++);
      if (redacted.has(node)) return [tag, { 'data-cobrowse-redacted': '' }];
      const mask = inMask || masked.has(node);
      const out = [tag];
      let attrs;
      for (const attribute of node.attributes) {
        const name = attribute.name;
        if (name.startsWith('on')) continue;
        let value = attribute.value;
        if (mask && name === 'value') value = '•'.repeat(value.length);
        else if (URL_ATTRIBUTES.has(name)) value = absolute(value);
        (attrs ??= {})[name] = value;
      }
      if (tag === 'input') {
        if (node.type === 'checkbox' || node.type === 'radio') (attrs ??= {})[' c'] = node.checked;
        else if (node.type !== 'hidden' && node.type !== 'file') (attrs ??= {})[' v'] = mask ? '•'.repeat(node.value.length) : node.value;
      } else if (tag === 'textarea' || tag === 'select') (attrs ??= {})[' v'] = mask ? '•'.repeat(node.value.length) : node.value;
      else if (tag === 'option') (attrs ??= {})[' s'] = node.selected;
      if (attrs) out.push(attrs);
      for (let child = node.firstChild; child; child = child.nextSibling) {
        const encoded = encode(child, mask);
        if (encoded !== undefined) out.push(encoded);
      }
      return out;
    };

    ids.set(document, nextId++);
    const root = ['#'];
    for (let child = document.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 10) {
        ids.set(child, nextId++);
        root.push(['!', child.name, child.publicId, child.systemId]);
      } else {
        const encoded = encode(child, false);
        if (encoded !== undefined) root.push(encoded);
      }
    }
    const win = document.defaultView;
    return JSON.stringify({
      v: 2, t: 'snapshot', url: document.URL, base,
      viewport: { width: win.innerWidth, height: win.innerHeight, devicePixelRatio: win.devicePixelRatio },
      scroll: [{ id: base, x: win.scrollX, y: win.scrollY }], root,
    });
  }

  /** Elements and text nodes in a compact snapshot (for the same honesty check as the real engines). */
  function nodeCount(text) {
    let count = 0;
    const walk = (node) => {
      if (typeof node === 'string') return void count++;
      if (node[0] === '!') return;
      if (node[0] !== '#') count++;
      for (let i = 1; i < node.length; i++) if (typeof node[i] === 'string' || Array.isArray(node[i])) walk(node[i]);
    };
    walk(JSON.parse(text).root);
    return count;
  }

  window.__compact = { snapshot, nodeCount };
})();
