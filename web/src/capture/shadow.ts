/**
 * Attaching a shadow root produces no mutation record, so a host whose shadow root appears after it was sent would
 * stay empty in the mirror. The page's attachShadow is wrapped to report open roots; closed roots stay private.
 */
export function watchAttachShadow(onAttach: (host: Element) => void): () => void {
  const original = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attachShadow(this: Element, init: ShadowRootInit): ShadowRoot {
    const root = original.call(this, init);
    if (init.mode === 'open') onAttach(this);
    return root;
  };
  return () => {
    Element.prototype.attachShadow = original;
  };
}
