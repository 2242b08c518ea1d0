/**
 * Attaching a shadow root produces no mutation record, so a host whose shadow root appears after it was sent would
 * stay empty in the mirror. A window's attachShadow (the page's, or a same-origin iframe's) is wrapped to report
 * open roots; closed roots stay private.
 */
export function watchAttachShadow(win: Window & typeof globalThis, onAttach: (host: Element) => void): () => void {
  const prototype = win.Element.prototype;
  const original = prototype.attachShadow;
  prototype.attachShadow = function attachShadow(this: Element, init: ShadowRootInit): ShadowRoot {
    const root = original.call(this, init);
    if (init.mode === 'open') onAttach(this);
    return root;
  };
  return () => {
    prototype.attachShadow = original;
  };
}
