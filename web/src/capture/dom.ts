// Type checks that hold across realms: nodes of a same-origin iframe come from another window, whose
// HTMLInputElement (etc.) is a different constructor, so `instanceof` against ours would silently answer false.

const HTML_NS = 'http://www.w3.org/1999/xhtml';

export function isHtmlElement<K extends keyof HTMLElementTagNameMap>(node: unknown, tag: K): node is HTMLElementTagNameMap[K] {
  const element = node as Element | null;
  return !!element && element.nodeType === 1 && element.localName === tag && element.namespaceURI === HTML_NS;
}

export function isElementNode(node: unknown): node is Element {
  return !!node && (node as Node).nodeType === 1;
}

export function isShadowRoot(node: unknown): node is ShadowRoot {
  return !!node && (node as Node).nodeType === 11 && 'host' in (node as object);
}

export function isDocumentNode(node: unknown): node is Document {
  return !!node && (node as Node).nodeType === 9;
}

/** The document of a same-origin iframe, or null when it is cross-origin (or not loaded at all). */
export function frameDocumentOf(iframe: HTMLIFrameElement): Document | null {
  try {
    return iframe.contentDocument;
  } catch {
    return null;
  }
}

/** The iframe element holding a document, when the document is a same-origin frame's. */
export function frameElementOf(document: Document): Element | null {
  try {
    return document.defaultView?.frameElement ?? null;
  } catch {
    return null;
  }
}
