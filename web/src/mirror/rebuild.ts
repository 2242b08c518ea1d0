import { DETAIL, type Frame, type MutationsFrame, type Namespace, type NodeDetails, type NodeId, type ScrollPosition, type SnapshotFrame, type StyleFrame } from '../protocol/frames';
import { childrenStart, detailsOf, doctypeOf, isEncodedNode, skipChildren, skipNode, type Doctype, type IdCursor } from './decode';
import { hasFrameShape } from './shape';
import { applyMediaState, applySelection, CanvasPainter } from './live-state';
import type { MediaState } from '../protocol/frames';
import { defaultResourcePolicy, mirrorContentSecurityPolicy, ResourceGuard, type HeldBackHost, type ResourcePolicy } from './resources';
import { isAllowedElement, sanitizeAttribute, sanitizeCssRule, sanitizeSheetText } from './sanitize';
import { deleteRule, insertRule, MirrorSheets, replaceRules, type RuleFilter } from './sheets';

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const NAMESPACES = { svg: 'http://www.w3.org/2000/svg', math: 'http://www.w3.org/1998/Math/MathML' } as const;
const FOCUS_ATTRIBUTE = 'data-cobrowse-focus';
/** Frames nested deeper than real pages do are left empty: a forged frame could otherwise nest without end. */
const MAX_FRAME_DEPTH = 8;

export interface Mirror {
  /**
   * Applies a frame. False when the frame did not fit the mirror (a known frame type with the wrong shape, a node id
   * the mirror never had, an id still in use, a change the frame's target cannot take): the mirror may now differ from
   * the page, and only a fresh snapshot brings it back. Frames of unknown types or protocol versions are ignored (true).
   */
  apply(frame: Frame): boolean;
  /** The mirror node standing for a captured node id (for pointers, highlights and tests). */
  nodeById(id: NodeId): Node | undefined;
  /** The captured node id a mirror node stands for (for clicks in the mirror). */
  idOf(node: Node): NodeId | undefined;
  /** Hosts whose resources the mirror did not load (not allowed by the tenant), most referenced first. */
  heldBack(): HeldBackHost[];
  readonly document: Document;
}

export interface MirrorOptions {
  /** Where page resources may come from (the tenant's policy); without one, only the console's own origin and data:. */
  resources?: ResourcePolicy;
  /** A resource was held back (called for each; throttle what it does). */
  onHeldBack?: () => void;
}

/** Work that needs the built node connected to a document: frame contents, sheet rules, media playback. */
type Pending = Array<() => void>;

/**
 * Rebuilds the customer's page inside a sandboxed iframe and keeps it in step with incoming frames. The iframe may
 * be same-origin with the console (so we can write into it) but never runs scripts. A frame that does not make
 * sense is ignored, never thrown: it may be forged, or come from a newer capture.
 */
export function createMirror(iframe: HTMLIFrameElement, options: MirrorOptions = {}): Mirror {
  iframe.setAttribute('sandbox', 'allow-same-origin');
  const initial = iframe.contentDocument;
  if (!initial) throw new Error('CoBrowse mirror: the iframe must be attached to a document');
  const policy = options.resources ?? defaultResourcePolicy(iframe.ownerDocument.defaultView ?? window);
  const state = new MirrorState(initial, new ResourceGuard(policy, options.onHeldBack));
  state.guardDocument(initial);

  const apply = (frame: Frame): boolean => {
    if (!frame || typeof frame !== 'object' || frame.v !== 1) return true; // a newer protocol than this console understands
    if (!hasFrameShape(frame)) return false;
    try {
      return state.apply(frame, iframe);
    } catch (error) {
      console.warn('CoBrowse mirror: a frame could not be applied', error);
      return false; // how much of it was applied is unknown
    }
  };

  return {
    apply,
    nodeById: (id) => state.nodes.get(id),
    idOf: (node) => state.idOf(node),
    heldBack: () => state.resources.heldBack(),
    get document() { return state.doc; },
  };
}

class MirrorState {
  readonly nodes = new Map<NodeId, Node>();
  private ids = new WeakMap<Node, NodeId>();
  /** Ids the frames gave to nodes the mirror left out on purpose (refused elements, unwritable frames and shadow
   *  roots): changes to them are expected and ignored, unlike changes to ids it never heard of. */
  private readonly absent = new Set<NodeId>();
  private readonly markAbsent = (id: NodeId): void => { this.absent.add(id); };
  /** Cleared by anything in the frame being applied that does not fit the mirror's nodes. */
  private consistent = true;
  private readonly ruleFilter: RuleFilter = (rule) => sanitizeCssRule(rule, this.resources);
  private readonly sheets = new MirrorSheets(this.ruleFilter);
  /** Text of <style> children as the frames sent it; the mirror writes each sheet's judged whole (see writeStyle). */
  private styleText = new WeakMap<Text, string>();
  /** Documents that already hold the mirror's policy: document.open() keeps it, and each copy would be one more to check. */
  private readonly guarded = new WeakSet<Document>();
  private readonly reportRefused = (event: Event): void => {
    const { blockedURI, effectiveDirective } = event as SecurityPolicyViolationEvent;
    // A refused <base> or form target is not a resource the page missed.
    if (typeof blockedURI === 'string' && effectiveDirective !== 'base-uri' && effectiveDirective !== 'form-action') this.resources.refused(blockedURI);
  };
  private readonly canvases = new CanvasPainter();
  private focusedId: NodeId | null = null;
  /**
   * Scroll positions not reached yet: a snapshot's scroll lands before the mirror's sheets, fonts and images have
   * loaded, when the page may still be too short to scroll that far. Each load inside the mirror tries again.
   */
  private readonly unreachedScroll = new Map<NodeId, ScrollPosition>();
  private readonly retryUnreachedScroll = (): void => {
    for (const scroll of [...this.unreachedScroll.values()]) this.applyScroll(scroll);
  };

  constructor(public doc: Document, readonly resources: ResourceGuard) {}

  /**
   * Puts the mirror's Content-Security-Policy (and no DNS prefetching, no Referer) first into a mirror document,
   * once per document: the browser then refuses any fetch the checks here might have let through, in this document
   * and in the frames it holds. A meta policy stays in force after its element is removed and across
   * document.open() (checked in Chromium), so the rebuild may clear the document afterwards.
   */
  guardDocument(doc: Document, doctype = ''): void {
    const first = !this.guarded.has(doc);
    doc.open();
    doc.write(doctype + (first ? policyMarkup(this.resources.policy) : ''));
    doc.close();
    this.guarded.add(doc);
    // Whatever the browser refuses counts as held back too (a sheet from an allowed origin that loads elsewhere).
    doc.addEventListener('securitypolicyviolation', this.reportRefused);
  }

  idOf(node: Node): NodeId | undefined {
    const id = this.ids.get(node);
    return id !== undefined && this.nodes.get(id) === node ? id : undefined;
  }

  private register(id: NodeId, node: Node): void {
    // Ids are never reused while a capture runs: one that still names a node in the page means a lost step.
    if (this.nodes.get(id)?.isConnected) this.consistent = false;
    this.nodes.set(id, node);
    this.ids.set(node, id);
    this.absent.delete(id);
  }

  /** The node a change refers to; undefined (and the frame marked as not fitting) when the id was never given. */
  private target(id: unknown): Node | undefined {
    const node = typeof id === 'number' ? this.nodes.get(id) : undefined;
    if (!node && !(typeof id === 'number' && this.absent.has(id))) this.consistent = false;
    return node;
  }

  apply(frame: Frame, iframe: HTMLIFrameElement): boolean {
    this.consistent = true;
    this.applyKnown(frame, iframe);
    return this.consistent;
  }

  private applyKnown(frame: Frame, iframe: HTMLIFrameElement): void {
    switch (frame.t) {
      case 'snapshot':
        this.doc = iframe.contentDocument ?? this.doc;
        this.rebuild(frame);
        return;
      case 'mutations':
        this.applyMutations(frame);
        return;
      case 'input': {
        const node = this.target(frame.id);
        if (isElement(node)) applyFormState(node, frame.state);
        else if (node) this.consistent = false;
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
    if (typeof frame.id !== 'number' || !Array.isArray(frame.root) || frame.root[0] !== '#') return; // not a page: keep the current one
    this.nodes.clear();
    this.absent.clear();
    this.ids = new WeakMap();
    this.styleText = new WeakMap();
    this.resources.setPageUrl(frame.url);
    this.sheets.reset();
    this.focusedId = null; // ids restart with a new capture; the focus frame after the snapshot says where it is
    this.unreachedScroll.clear();
    for (const definition of frame.sheets ?? []) this.sheets.define(definition);
    this.writeDocument(this.doc, frame.root, { next: frame.id });
    for (const scroll of frame.scroll) this.applyScroll(scroll);
    this.retryScrollOnLoad(this.doc);
  }

  private retryScrollOnLoad(doc: Document): void {
    // Again after every rebuild: document.open() erased the document's listeners. The same function is added once.
    // Capture phase: load events of <link> and <img> do not bubble.
    doc.addEventListener('load', this.retryUnreachedScroll, true);
  }

  /** Fills a mirror document (the main one, or a nested frame's about:blank) with an encoded document. */
  private writeDocument(doc: Document, root: readonly unknown[], cursor: IdCursor): void {
    // document.open/close resets the document; writing only a doctype picks standards or quirks mode like the page.
    const start = childrenStart(root);
    const doctypeItem = root.slice(start).find((child) => Array.isArray(child) && child[0] === '!');
    const doctype = doctypeItem === undefined ? undefined : doctypeOf(doctypeItem as unknown[]);
    this.guardDocument(doc, doctype ? doctypeMarkup(doctype) : '');
    while (doc.firstChild) doc.removeChild(doc.firstChild);
    this.register(cursor.next++, doc);
    const pending: Pending = [];
    this.buildChildren(doc, doc, root, start, cursor, 'html', pending);
    this.sheets.adopt(doc, sheetIds(detailsOf(root)?.[DETAIL.adoptedSheets]));
    runPending(pending);
  }

  /** Builds and appends the children of an encoded document, shadow root or element, from index `from`. */
  private buildChildren(doc: Document, host: Node, list: readonly unknown[], from: number, cursor: IdCursor, namespace: Namespace, pending: Pending): void {
    for (let index = from; index < list.length; index++) {
      const item = list[index];
      if (typeof item === 'number') {
        if (Number.isSafeInteger(item)) cursor.next = item;
        continue;
      }
      if (!isEncodedNode(item)) continue; // garbled: takes no id
      if (typeof item === 'string') {
        const text = this.createText(doc, host, item);
        this.register(cursor.next++, text);
        appendChild(host, text);
      } else if (item[0] === '!') {
        this.buildDoctype(host, item, cursor);
      } else if (item[0] === '#s') {
        this.buildShadowRoot(doc, host, item, cursor, pending);
      } else if (item[0] === '#') {
        this.buildFrameDocument(host, item, cursor, pending);
      } else {
        const element = this.buildElement(doc, item, cursor, namespace, pending);
        if (element) appendChild(host, element);
      }
    }
  }

  private buildDoctype(host: Node, item: unknown[], cursor: IdCursor): void {
    const id = cursor.next++;
    if (host.nodeType !== Node.DOCUMENT_NODE) return; // a doctype only belongs to a document
    const doctype = doctypeOf(item);
    const safe = isSafeDoctype(doctype);
    const node = (host as Document).implementation.createDocumentType('html', safe ? doctype.publicId : '', safe ? doctype.systemId : '');
    appendChild(host, node);
    this.register(id, node);
  }

  private buildShadowRoot(doc: Document, host: Node, item: unknown[], cursor: IdCursor, pending: Pending): void {
    const id = cursor.next++;
    const start = childrenStart(item);
    let root: ShadowRoot;
    try {
      if (!isElement(host)) throw new Error('not a host');
      root = host.attachShadow({ mode: 'open' });
    } catch {
      this.absent.add(id);
      skipChildren(item, start, cursor, this.markAbsent); // this element cannot host a shadow root here; its light DOM is still shown
      return;
    }
    this.register(id, root);
    this.buildChildren(doc, root, item, start, cursor, 'html', pending);
    const adopted = detailsOf(item)?.[DETAIL.adoptedSheets];
    if (adopted !== undefined) this.sheets.adopt(root, sheetIds(adopted));
  }

  /** A same-origin frame's document, written once the frame element is connected and has its about:blank. */
  private buildFrameDocument(host: Node, item: unknown[], cursor: IdCursor, pending: Pending): void {
    const start = cursor.next;
    const ids: NodeId[] = [];
    skipNode(item, cursor, (id) => ids.push(id)); // the rest of the parent's ids continue after the frame's, whenever it is written
    const leftOut = (): void => { for (const id of ids) this.absent.add(id); };
    if (!isElement(host) || host.localName !== 'iframe' || host.namespaceURI !== HTML_NS) return leftOut();
    pending.push(() => {
      const nested = (host as HTMLIFrameElement).contentDocument;
      if (nested && frameDepth(nested) <= MAX_FRAME_DEPTH) this.writeDocument(nested, item, { next: start });
      else leftOut();
    });
  }

  private buildElement(doc: Document, item: unknown[], cursor: IdCursor, parentNamespace: Namespace, pending: Pending): Element | null {
    const id = cursor.next++;
    const tag = item[0] as string;
    const details: NodeDetails = detailsOf(item) ?? {};
    const start = childrenStart(item);
    const namespace = namespaceFrom(details[DETAIL.namespace], parentNamespace);
    let element: Element | null = null;
    if (isAllowedElement(tag, details)) {
      try {
        element = namespace === 'html' ? doc.createElement(tag) : doc.createElementNS(NAMESPACES[namespace], tag);
      } catch {
        element = null; // not a valid element name
      }
    }
    if (!element) {
      this.absent.add(id);
      skipChildren(item, start, cursor, this.markAbsent);
      return null;
    }
    this.register(id, element);
    const redacted = details[DETAIL.redacted] as { width?: unknown; height?: unknown; inline?: unknown } | undefined;
    if (redacted && typeof redacted === 'object') {
      element.setAttribute('data-cobrowse-redacted', '');
      element.setAttribute('style', `${redacted.inline === true ? 'display:inline-block;' : ''}width:${Number(redacted.width)}px;height:${Number(redacted.height)}px;background:#d0d4da;box-sizing:border-box;overflow:hidden`);
      skipChildren(item, start, cursor, this.markAbsent);
      return element;
    }
    for (const name in details) {
      if (name.charCodeAt(0) !== 32 && Object.hasOwn(details, name)) setAttribute(element, name, details[name] as string, this.resources);
    }
    this.buildChildren(doc, element, item, start, cursor, namespace, pending);
    if (isStyle(element)) this.writeStyle(element); // before the sheet is connected, so only judged text is ever parsed
    applyFormState(element, formStateOfDetails(details));
    this.buildSpecial(element, namespace, details, pending);
    return element;
  }

  private buildSpecial(element: Element, namespace: Namespace, details: NodeDetails, pending: Pending): void {
    if (namespace !== 'html') return;
    const rules = details[DETAIL.cssRules];
    if (Array.isArray(rules) && element.localName === 'style') {
      pending.push(() => {
        const sheet = (element as HTMLStyleElement).sheet;
        if (sheet) replaceRules(sheet, rules, this.ruleFilter);
      });
    }
    const media = details[DETAIL.media];
    if (media !== undefined) pending.push(() => applyMediaState(element, media as MediaState));
    if (details[DETAIL.modal] === true && element.localName === 'dialog') pending.push(() => showModal(element as HTMLDialogElement));
  }

  private applyMutations(frame: MutationsFrame): void {
    for (const definition of frame.sheets ?? []) this.sheets.define(definition);
    for (const id of frame.removes) {
      const node = this.target(id);
      if (!node) continue;
      const parent = node.parentNode;
      parent?.removeChild(node);
      this.nodes.delete(id);
      if (isStyle(parent)) this.writeStyle(parent);
    }
    for (const add of frame.adds) {
      // An add is a text node or an element; documents, shadow roots and doctypes only come inside a snapshot's tree.
      if (typeof add.id !== 'number' || !isEncodedNode(add.node) || (Array.isArray(add.node) && /^[#!]/.test(add.node[0]))) {
        this.consistent = false;
        continue;
      }
      const parent = this.target(add.parentId);
      const next = add.nextId === null ? null : this.target(add.nextId);
      if (!parent) {
        // Under a node left out on purpose (or a lost one, already reported): its subtree is left out as well.
        skipNode(add.node, { next: add.id }, this.markAbsent);
        continue;
      }
      // The capture sends the next sibling only once it is in place (last added child first).
      if (next && next.parentNode !== parent) this.consistent = false;
      const pending: Pending = [];
      const built = this.buildAdded(documentOf(parent), parent, add.node, { next: add.id }, pending);
      if (!built) continue;
      parent.insertBefore(built, next && next.parentNode === parent ? next : null);
      if (isStyle(parent)) this.writeStyle(parent);
      runPending(pending);
    }
    for (const change of frame.attributes) {
      if (typeof change.name !== 'string' || (typeof change.value !== 'string' && change.value !== null)) {
        this.consistent = false;
        continue;
      }
      const node = this.target(change.id);
      if (node && !isElement(node)) this.consistent = false;
      else if (node && !node.hasAttribute('data-cobrowse-redacted')) setAttribute(node, change.name, change.value, this.resources);
    }
    for (const change of frame.texts) {
      const node = this.target(change.id);
      if (typeof change.text !== 'string' || (node && node.nodeType !== Node.TEXT_NODE)) this.consistent = false;
      else if (node && isStyle(node.parentNode)) {
        this.styleText.set(node as Text, change.text);
        this.writeStyle(node.parentNode);
      } else if (node) (node as Text).data = change.text;
    }
    this.markFocus(); // the focused element may have been replaced by a fresh copy
  }

  private buildAdded(doc: Document, parent: Node, node: string | unknown[], cursor: IdCursor, pending: Pending): Node | null {
    if (typeof node !== 'string') return this.buildElement(doc, node, cursor, isElement(parent) ? namespaceOfNode(parent) : 'html', pending);
    const text = this.createText(doc, parent, node);
    this.register(cursor.next, text);
    return text;
  }

  /** A text node; inside a <style> it starts empty and its text waits for writeStyle, which judges the whole sheet. */
  private createText(doc: Document, parent: Node, data: string): Text {
    if (!isStyle(parent)) return doc.createTextNode(data);
    const text = doc.createTextNode('');
    this.styleText.set(text, data);
    return text;
  }

  /**
   * A <style>'s sheet is the text of all its text children together, so it is judged whole: URL references the
   * tenant does not allow are dropped (resources.ts), and a script hook empties it. The whole goes into the first
   * text node and the others stay empty; the others are emptied first, so no step in between gives the browser a
   * sheet that was not judged (a text split "url(http://ev" + "il)" or a piece alone are never parsed).
   */
  private writeStyle(style: Element): void {
    const texts = [...style.childNodes].filter((child): child is Text => child.nodeType === Node.TEXT_NODE);
    if (texts.length === 0) return;
    const whole = texts.map((text) => this.styleText.get(text) ?? text.data).join('');
    for (const text of texts.slice(1)) {
      if (!this.styleText.has(text)) this.styleText.set(text, text.data);
      if (text.data !== '') text.data = '';
    }
    if (!this.styleText.has(texts[0])) this.styleText.set(texts[0], texts[0].data);
    const judged = sanitizeSheetText(whole, this.resources);
    if (texts[0].data !== judged) texts[0].data = judged;
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
      if (change.op === 'insert') insertRule(sheet, change.rule, change.index, this.ruleFilter);
      else if (change.op === 'delete') deleteRule(sheet, change.index);
      else if (change.op === 'set' && Array.isArray(change.rules)) replaceRules(sheet, change.rules, this.ruleFilter);
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
    let reached = true;
    if (node?.nodeType === Node.DOCUMENT_NODE) {
      const view = (node as Document).defaultView;
      view?.scrollTo({ left: scroll.x, top: scroll.y, behavior: 'instant' });
      if (view) reached = Math.abs(view.scrollX - scroll.x) < 1 && Math.abs(view.scrollY - scroll.y) < 1;
    } else if (isElement(node)) {
      node.scrollTo({ left: scroll.x, top: scroll.y, behavior: 'instant' });
      reached = Math.abs(node.scrollLeft - scroll.x) < 1 && Math.abs(node.scrollTop - scroll.y) < 1;
    }
    if (reached) this.unreachedScroll.delete(scroll.id);
    else this.unreachedScroll.set(scroll.id, scroll);
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
function isSafeDoctype(doctype: Doctype): boolean {
  const safe = /^[\w\s./:+-]*$/;
  return /^html$/i.test(doctype.name) && safe.test(doctype.publicId) && safe.test(doctype.systemId);
}

function doctypeMarkup(doctype: Doctype): string {
  if (!isSafeDoctype(doctype) || (!doctype.publicId && !doctype.systemId)) return '<!DOCTYPE html>';
  return `<!DOCTYPE html PUBLIC "${doctype.publicId}"${doctype.systemId ? ` "${doctype.systemId}"` : ''}>`;
}

function setAttribute(element: Element, name: string, value: string | null, resources: ResourceGuard): void {
  const safe = value === null ? null : sanitizeAttribute(element, name, String(value), resources);
  try {
    if (safe === null) element.removeAttribute(name);
    else element.setAttribute(name, safe);
  } catch {
    // an attribute name the DOM rejects; the page could have it only through the parser's leniency
  }
}

/** Live form state from a node's details (or an input frame's state), only of the expected types. */
type FormStateInput = { value?: unknown; checked?: unknown; selected?: unknown; indeterminate?: unknown };

function applyFormState(element: Element, state: FormStateInput): void {
  const control = element as Partial<HTMLInputElement & HTMLOptionElement>;
  if (typeof state.value === 'string' && 'value' in control) control.value = state.value;
  if (typeof state.checked === 'boolean' && 'checked' in control) control.checked = state.checked;
  if (typeof state.indeterminate === 'boolean' && 'indeterminate' in control) control.indeterminate = state.indeterminate;
  if (typeof state.selected === 'boolean' && 'selected' in control) control.selected = state.selected;
}

function formStateOfDetails(details: NodeDetails): FormStateInput {
  return { value: details[DETAIL.value], checked: details[DETAIL.checked], selected: details[DETAIL.selected], indeterminate: details[DETAIL.indeterminate] ?? false };
}

/**
 * A modal dialog in the mirror: in the top layer with its backdrop, like the customer's. showModal() also moves the
 * keyboard focus into the dialog; the console keeps its own (the agent may be typing there).
 */
function showModal(dialog: HTMLDialogElement): void {
  if (!dialog.isConnected) return;
  const consoleFocus = document.activeElement;
  dialog.removeAttribute('open'); // showModal() refuses a dialog that is already open
  dialog.showModal();
  const mirrorFocus = dialog.ownerDocument.activeElement as HTMLElement | null;
  if (mirrorFocus && mirrorFocus !== dialog.ownerDocument.body) mirrorFocus.blur();
  if (consoleFocus instanceof HTMLElement && consoleFocus !== document.activeElement) consoleFocus.focus({ preventScroll: true });
}

/** Appending can fail on a forged tree (text at a document's top, a second root element): that node is left out. */
function appendChild(host: Node, child: Node): void {
  try {
    host.appendChild(child);
  } catch {
    // not a place this node can go
  }
}

function namespaceFrom(value: unknown, inherited: Namespace): Namespace {
  return value === 'html' || value === 'svg' || value === 'math' ? value : inherited;
}

function namespaceOfNode(element: Element): Namespace {
  if (element.namespaceURI === NAMESPACES.svg) return 'svg';
  if (element.namespaceURI === NAMESPACES.math) return 'math';
  return 'html';
}

function isStyle(node: Node | null | undefined): node is Element {
  return isElement(node ?? undefined) && (node as Element).localName === 'style';
}

/** The mirror's own policy, first in every mirror document (values are checked origins: nothing to escape). */
function policyMarkup(policy: ResourcePolicy): string {
  return `<meta http-equiv="Content-Security-Policy" content="${mirrorContentSecurityPolicy(policy)}">` +
    '<meta http-equiv="x-dns-prefetch-control" content="off"><meta name="referrer" content="no-referrer">';
}

/** Mirror nodes belong to the iframe's realm, where the console's `instanceof Element` is always false. */
function isElement(node: Node | undefined): node is Element {
  return node?.nodeType === Node.ELEMENT_NODE;
}
