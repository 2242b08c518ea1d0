import type {
  FormState,
  Frame,
  MutationsFrame,
  NodeId,
  ScrollPosition,
  SerializedDoctype,
  SerializedDocument,
  SerializedElement,
  SerializedNode,
  SnapshotFrame,
  StyleFrame,
} from '../protocol/frames';
import { applyMediaState, applySelection, CanvasPainter } from './live-state';
import { isAllowedElement, sanitizeAttribute } from './sanitize';
import { deleteRule, insertRule, MirrorSheets, replaceRules } from './sheets';

const NAMESPACES = { svg: 'http://www.w3.org/2000/svg', math: 'http://www.w3.org/1998/Math/MathML' } as const;
const FOCUS_ATTRIBUTE = 'data-cobrowse-focus';
/** Frames nested deeper than real pages do are left empty: a forged frame could otherwise nest without end. */
const MAX_FRAME_DEPTH = 8;

export interface Mirror {
  apply(frame: Frame): void;
  /** The mirror node standing for a captured node id (for pointers, highlights and tests). */
  nodeById(id: NodeId): Node | undefined;
  readonly document: Document;
}

/** Work that needs the built node connected to a document: frame contents, sheet rules, media playback. */
type Pending = Array<() => void>;

/**
 * Rebuilds the customer's page inside a sandboxed iframe and keeps it in step with incoming frames. The iframe may
 * be same-origin with the console (so we can write into it) but never runs scripts. A frame that does not make
 * sense is ignored, never thrown: it may be forged, or come from a newer capture.
 */
export function createMirror(iframe: HTMLIFrameElement): Mirror {
  iframe.setAttribute('sandbox', 'allow-same-origin');
  const initial = iframe.contentDocument;
  if (!initial) throw new Error('CoBrowse mirror: the iframe must be attached to a document');
  const state = new MirrorState(initial);

  const apply = (frame: Frame): void => {
    if (!frame || typeof frame !== 'object' || frame.v !== 1) return; // a newer protocol than this console understands
    try {
      state.apply(frame, iframe);
    } catch (error) {
      console.warn('CoBrowse mirror: ignoring a frame it could not apply', error);
    }
  };

  return { apply, nodeById: (id) => state.nodes.get(id), get document() { return state.doc; } };
}

class MirrorState {
  readonly nodes = new Map<NodeId, Node>();
  private readonly sheets = new MirrorSheets();
  private readonly canvases = new CanvasPainter();
  private focusedId: NodeId | null = null;

  constructor(public doc: Document) {}

  apply(frame: Frame, iframe: HTMLIFrameElement): void {
    switch (frame.t) {
      case 'snapshot':
        this.doc = iframe.contentDocument ?? this.doc;
        this.rebuild(frame);
        return;
      case 'mutations':
        this.applyMutations(frame);
        return;
      case 'input': {
        const node = this.nodes.get(frame.id);
        if (isElement(node)) applyFormState(node, frame.state);
        return;
      }
      case 'scroll':
        this.applyScroll(frame.scroll);
        return;
      case 'style':
        this.applyStyle(frame);
        return;
      case 'focus':
        this.applyFocus(typeof frame.id === 'number' ? frame.id : null);
        return;
      case 'selection':
        applySelection(frame, this.nodes);
        return;
      case 'media': {
        const node = this.nodes.get(frame.id);
        if (isElement(node)) applyMediaState(node, frame.state);
        return;
      }
      case 'canvas': {
        const node = this.nodes.get(frame.id);
        if (isElement(node)) this.canvases.paint(node, frame.image);
        return;
      }
      case 'viewport':
      case 'pointer':
        return; // drawn by the console around the iframe, not inside the mirrored page
      default:
        return; // a frame type this mirror does not know (e.g. guidance or transport frames)
    }
  }

  private rebuild(frame: SnapshotFrame): void {
    this.nodes.clear();
    this.sheets.reset();
    this.focusedId = null; // ids restart with a new capture; the focus frame after the snapshot says where it is
    for (const definition of frame.sheets ?? []) this.sheets.define(definition);
    this.writeDocument(this.doc, frame.root);
    for (const scroll of frame.scroll) this.applyScroll(scroll);
  }

  /** Fills a mirror document (the main one, or a nested frame's about:blank) with a serialized document. */
  private writeDocument(doc: Document, root: SerializedDocument): void {
    // document.open/close resets the document; writing only a doctype picks standards or quirks mode like the page.
    const doctype = root.children.find((child): child is SerializedDoctype => child.kind === 'doctype');
    doc.open();
    doc.write(doctype ? doctypeMarkup(doctype) : '');
    doc.close();
    while (doc.firstChild) doc.removeChild(doc.firstChild);
    this.nodes.set(root.id, doc);
    const pending: Pending = [];
    for (const child of root.children) {
      if (child.kind === 'doctype') {
        const safe = isSafeDoctype(child);
        const node = doc.implementation.createDocumentType('html', safe ? child.publicId : '', safe ? child.systemId : '');
        doc.appendChild(node);
        this.nodes.set(child.id, node);
        continue;
      }
      const built = this.buildNode(doc, child, pending);
      if (built) doc.appendChild(built);
    }
    this.sheets.adopt(doc, sheetIds(root.adoptedSheets));
    runPending(pending);
  }

  private buildNode(doc: Document, node: SerializedNode, pending: Pending): Node | null {
    switch (node.kind) {
      case 'text': {
        const text = doc.createTextNode(String(node.text));
        this.nodes.set(node.id, text);
        return text;
      }
      case 'element':
        return this.buildElement(doc, node, pending);
      default:
        return null; // a document or doctype never appears below the root
    }
  }

  private buildElement(doc: Document, node: SerializedElement, pending: Pending): Element | null {
    if (!isAllowedElement(node.tag, node.attributes)) return null;
    let element: Element;
    try {
      element = node.namespace ? doc.createElementNS(NAMESPACES[node.namespace], node.tag) : doc.createElement(node.tag);
    } catch {
      return null; // not a valid element name
    }
    this.nodes.set(node.id, element);
    if (node.redacted) {
      const { width, height, inline } = node.redacted;
      element.setAttribute('data-cobrowse-redacted', '');
      element.setAttribute('style', `${inline ? 'display:inline-block;' : ''}width:${Number(width)}px;height:${Number(height)}px;background:#d0d4da;box-sizing:border-box;overflow:hidden`);
      return element;
    }
    for (const [name, value] of Object.entries(node.attributes)) setAttribute(element, name, value);
    for (const child of node.children) {
      const built = this.buildNode(doc, child, pending);
      if (built) element.appendChild(built);
    }
    if (node.shadowRoot) {
      try {
        const root = element.attachShadow({ mode: 'open' });
        this.nodes.set(node.shadowRoot.id, root);
        for (const child of node.shadowRoot.children) {
          const built = this.buildNode(doc, child, pending);
          if (built) root.appendChild(built);
        }
        if (node.shadowRoot.adoptedSheets) this.sheets.adopt(root, sheetIds(node.shadowRoot.adoptedSheets));
      } catch {
        // this element cannot host a shadow root here; its light DOM is still shown
      }
    }
    if (node.state) applyFormState(element, node.state);
    this.buildSpecial(element, node, pending);
    return element;
  }

  private buildSpecial(element: Element, node: SerializedElement, pending: Pending): void {
    const rules = node.cssRules;
    if (Array.isArray(rules) && element.localName === 'style') {
      pending.push(() => {
        const sheet = (element as HTMLStyleElement).sheet;
        if (sheet) replaceRules(sheet, rules);
      });
    }
    const content = node.contentDocument;
    if (content && element.localName === 'iframe' && !node.namespace) {
      pending.push(() => {
        const nested = (element as HTMLIFrameElement).contentDocument;
        if (!nested || content.kind !== 'document' || !Array.isArray(content.children)) return;
        if (frameDepth(nested) <= MAX_FRAME_DEPTH) this.writeDocument(nested, content);
      });
    }
    if (node.media) {
      const media = node.media;
      pending.push(() => applyMediaState(element, media));
    }
  }

  private applyMutations(frame: MutationsFrame): void {
    for (const definition of frame.sheets ?? []) this.sheets.define(definition);
    for (const id of frame.removes) {
      const node = this.nodes.get(id);
      if (!node) continue;
      node.parentNode?.removeChild(node);
      this.nodes.delete(id);
    }
    for (const add of frame.adds) {
      const parent = this.nodes.get(add.parentId);
      if (!parent) continue;
      const pending: Pending = [];
      const built = this.buildNode(documentOf(parent), add.node, pending);
      if (!built) continue;
      const next = add.nextId === null ? null : this.nodes.get(add.nextId);
      parent.insertBefore(built, next && next.parentNode === parent ? next : null);
      runPending(pending);
    }
    for (const change of frame.attributes) {
      const node = this.nodes.get(change.id);
      if (isElement(node) && !node.hasAttribute('data-cobrowse-redacted')) setAttribute(node, change.name, change.value);
    }
    for (const change of frame.texts) {
      const node = this.nodes.get(change.id);
      if (node?.nodeType === Node.TEXT_NODE) (node as Text).data = String(change.text);
    }
    this.markFocus(); // the focused element may have been replaced by a fresh copy
  }

  private applyStyle(frame: StyleFrame): void {
    for (const definition of frame.definitions ?? []) this.sheets.define(definition);
    for (const change of frame.changes ?? []) {
      if (typeof change.sheet === 'number') {
        if (change.op === 'insert') this.sheets.insert(change.sheet, change.index, change.rule);
        else if (change.op === 'delete') this.sheets.delete(change.sheet, change.index);
        else if (change.op === 'set') this.sheets.define({ id: change.sheet, rules: change.rules });
        continue;
      }
      const owner = typeof change.node === 'number' ? this.nodes.get(change.node) : undefined;
      const sheet = isElement(owner) && owner.localName === 'style' ? (owner as HTMLStyleElement).sheet : null;
      if (!sheet) continue;
      if (change.op === 'insert') insertRule(sheet, change.rule, change.index);
      else if (change.op === 'delete') deleteRule(sheet, change.index);
      else if (change.op === 'set' && Array.isArray(change.rules)) replaceRules(sheet, change.rules);
    }
    for (const adoption of frame.adoptions ?? []) {
      const root = this.nodes.get(adoption.root);
      if (root && (root.nodeType === Node.DOCUMENT_NODE || root.nodeType === Node.DOCUMENT_FRAGMENT_NODE)) {
        this.sheets.adopt(root as Document | ShadowRoot, sheetIds(adoption.sheets));
      }
    }
  }

  /** Marks the focused element for the mirror's outline style; the console's own keyboard focus is left alone. */
  private applyFocus(id: NodeId | null): void {
    const previous = this.focusedId === null ? undefined : this.nodes.get(this.focusedId);
    if (isElement(previous)) previous.removeAttribute(FOCUS_ATTRIBUTE);
    this.focusedId = id;
    this.markFocus();
  }

  private markFocus(): void {
    const focused = this.focusedId === null ? undefined : this.nodes.get(this.focusedId);
    if (!isElement(focused) || !focused.isConnected) return;
    focused.setAttribute(FOCUS_ATTRIBUTE, '');
    const root = focused.getRootNode();
    if (root.nodeType === Node.DOCUMENT_NODE || root.nodeType === Node.DOCUMENT_FRAGMENT_NODE) {
      this.sheets.ensureMirrorRules(root as Document | ShadowRoot);
    }
  }

  private applyScroll(scroll: ScrollPosition): void {
    const node = this.nodes.get(scroll.id);
    if (node?.nodeType === Node.DOCUMENT_NODE) (node as Document).defaultView?.scrollTo(scroll.x, scroll.y);
    else if (isElement(node)) node.scrollTo(scroll.x, scroll.y);
  }
}

/** How many frames a mirror document sits below the mirror's own iframe. */
function frameDepth(doc: Document): number {
  let depth = 0;
  for (let win: Window | null = doc.defaultView; win && win !== window && win !== win.parent && depth <= MAX_FRAME_DEPTH + 1; win = win.parent) depth++;
  return depth;
}

function runPending(pending: Pending): void {
  for (const task of pending) {
    try {
      task();
    } catch {
      // one frame, sheet or media element that refuses its content does not stop the rest
    }
  }
}

function sheetIds(ids: unknown): number[] {
  return Array.isArray(ids) ? ids.filter((id): id is number => typeof id === 'number') : [];
}

function documentOf(node: Node): Document {
  return node.nodeType === Node.DOCUMENT_NODE ? (node as Document) : (node.ownerDocument as Document);
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

function setAttribute(element: Element, name: string, value: string | null): void {
  const safe = value === null ? null : sanitizeAttribute(element.localName, name, String(value));
  try {
    if (safe === null) element.removeAttribute(name);
    else element.setAttribute(name, safe);
  } catch {
    // an attribute name the DOM rejects; the page could have it only through the parser's leniency
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
