import type {
  FormState,
  Frame,
  MutationsFrame,
  NodeId,
  ScrollPosition,
  SerializedDoctype,
  SerializedElement,
  SerializedNode,
  SnapshotFrame,
} from '../protocol/frames';
import { isAllowedElement, sanitizeAttribute } from './sanitize';

const NAMESPACES = { svg: 'http://www.w3.org/2000/svg', math: 'http://www.w3.org/1998/Math/MathML' } as const;

export interface Mirror {
  apply(frame: Frame): void;
  /** The mirror node standing for a captured node id (for pointers, highlights and tests). */
  nodeById(id: NodeId): Node | undefined;
  readonly document: Document;
}

/**
 * Rebuilds the customer's page inside a sandboxed iframe and keeps it in step with incoming frames. The iframe may
 * be same-origin with the console (so we can write into it) but never runs scripts.
 */
export function createMirror(iframe: HTMLIFrameElement): Mirror {
  iframe.setAttribute('sandbox', 'allow-same-origin');
  const nodes = new Map<NodeId, Node>();
  let doc = iframe.contentDocument;
  if (!doc) throw new Error('CoBrowse mirror: the iframe must be attached to a document');
  const mirrorDoc = (): Document => doc as Document;

  const apply = (frame: Frame): void => {
    if (frame.v !== 1) return; // a newer protocol than this console understands
    switch (frame.t) {
      case 'snapshot':
        doc = iframe.contentDocument ?? doc;
        rebuildDocument(mirrorDoc(), frame, nodes);
        return;
      case 'mutations':
        applyMutations(mirrorDoc(), frame, nodes);
        return;
      case 'input': {
        const node = nodes.get(frame.id);
        if (isElement(node)) applyFormState(node, frame.state);
        return;
      }
      case 'scroll':
        applyScroll(mirrorDoc(), frame.scroll, nodes);
        return;
      case 'viewport':
      case 'pointer':
        return; // drawn by the console around the iframe, not inside the mirrored page
    }
  };

  return { apply, nodeById: (id) => nodes.get(id), get document() { return mirrorDoc(); } };
}

function rebuildDocument(doc: Document, frame: SnapshotFrame, nodes: Map<NodeId, Node>): void {
  nodes.clear();
  // document.open/close resets the document; writing only a doctype picks standards or quirks mode like the page.
  const doctype = frame.root.children.find((child): child is SerializedDoctype => child.kind === 'doctype');
  doc.open();
  doc.write(doctype ? doctypeMarkup(doctype) : '');
  doc.close();
  while (doc.firstChild) doc.removeChild(doc.firstChild);
  nodes.set(frame.root.id, doc);
  for (const child of frame.root.children) {
    if (child.kind === 'doctype') {
      const safe = isSafeDoctype(child);
      const node = doc.implementation.createDocumentType('html', safe ? child.publicId : '', safe ? child.systemId : '');
      doc.appendChild(node);
      nodes.set(child.id, node);
      continue;
    }
    const built = buildNode(doc, child, nodes);
    if (built) doc.appendChild(built);
  }
  for (const scroll of frame.scroll) applyScroll(doc, scroll, nodes);
}

/** Only a conservative doctype reaches document.write or createDocumentType: anything unusual becomes HTML5's. */
function isSafeDoctype(doctype: SerializedDoctype): boolean {
  const safe = /^[\w\s./:+-]*$/;
  return /^html$/i.test(doctype.name) && safe.test(doctype.publicId) && safe.test(doctype.systemId);
}

function doctypeMarkup(doctype: SerializedDoctype): string {
  if (!isSafeDoctype(doctype) || (!doctype.publicId && !doctype.systemId)) return '<!DOCTYPE html>';
  return `<!DOCTYPE html PUBLIC "${doctype.publicId}"${doctype.systemId ? ` "${doctype.systemId}"` : ''}>`;
}

function buildNode(doc: Document, node: SerializedNode, nodes: Map<NodeId, Node>): Node | null {
  switch (node.kind) {
    case 'text': {
      const text = doc.createTextNode(node.text);
      nodes.set(node.id, text);
      return text;
    }
    case 'element':
      return buildElement(doc, node, nodes);
    default:
      return null; // a document or doctype never appears below the root
  }
}

function buildElement(doc: Document, node: SerializedElement, nodes: Map<NodeId, Node>): Element | null {
  if (!isAllowedElement(node.tag, node.attributes)) return null;
  let element: Element;
  try {
    element = node.namespace ? doc.createElementNS(NAMESPACES[node.namespace], node.tag) : doc.createElement(node.tag);
  } catch {
    return null; // not a valid element name
  }
  nodes.set(node.id, element);
  if (node.redacted) {
    const { width, height, inline } = node.redacted;
    element.setAttribute('data-cobrowse-redacted', '');
    element.setAttribute('style', `${inline ? 'display:inline-block;' : ''}width:${width}px;height:${height}px;background:#d0d4da;box-sizing:border-box;overflow:hidden`);
    return element;
  }
  for (const [name, value] of Object.entries(node.attributes)) setAttribute(element, name, value);
  for (const child of node.children) {
    const built = buildNode(doc, child, nodes);
    if (built) element.appendChild(built);
  }
  if (node.shadowRoot) {
    try {
      const root = element.attachShadow({ mode: 'open' });
      nodes.set(node.shadowRoot.id, root);
      for (const child of node.shadowRoot.children) {
        const built = buildNode(doc, child, nodes);
        if (built) root.appendChild(built);
      }
    } catch {
      // this element cannot host a shadow root here; its light DOM is still shown
    }
  }
  if (node.state) applyFormState(element, node.state);
  return element;
}

function setAttribute(element: Element, name: string, value: string | null): void {
  const safe = value === null ? null : sanitizeAttribute(element.localName, name, value);
  try {
    if (safe === null) element.removeAttribute(name);
    else element.setAttribute(name, safe);
  } catch {
    // an attribute name the DOM rejects; the page could have it only through the parser's leniency
  }
}

function applyMutations(doc: Document, frame: MutationsFrame, nodes: Map<NodeId, Node>): void {
  for (const id of frame.removes) {
    const node = nodes.get(id);
    if (!node) continue;
    node.parentNode?.removeChild(node);
    nodes.delete(id);
  }
  for (const add of frame.adds) {
    const parent = nodes.get(add.parentId);
    if (!parent) continue;
    const built = buildNode(doc, add.node, nodes);
    if (!built) continue;
    const next = add.nextId === null ? null : nodes.get(add.nextId);
    parent.insertBefore(built, next && next.parentNode === parent ? next : null);
  }
  for (const change of frame.attributes) {
    const node = nodes.get(change.id);
    if (isElement(node) && !node.hasAttribute('data-cobrowse-redacted')) setAttribute(node, change.name, change.value);
  }
  for (const change of frame.texts) {
    const node = nodes.get(change.id);
    if (node?.nodeType === Node.TEXT_NODE) (node as Text).data = change.text;
  }
}

function applyFormState(element: Element, state: FormState): void {
  const control = element as Partial<HTMLInputElement & HTMLOptionElement>;
  if (state.value !== undefined && 'value' in control) control.value = state.value;
  if (state.checked !== undefined && 'checked' in control) control.checked = state.checked;
  if (state.selected !== undefined && 'selected' in control) control.selected = state.selected;
}

/** Mirror nodes belong to the iframe's realm, where the console's `instanceof Element` is always false. */
function isElement(node: Node | undefined): node is Element {
  return node?.nodeType === Node.ELEMENT_NODE;
}

function applyScroll(doc: Document, scroll: ScrollPosition, nodes: Map<NodeId, Node>): void {
  const node = nodes.get(scroll.id);
  if (node === doc) doc.defaultView?.scrollTo(scroll.x, scroll.y);
  else if (isElement(node)) node.scrollTo(scroll.x, scroll.y);
}
