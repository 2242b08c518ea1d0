import type { ScrollPosition, SerializedDocument, SheetDefinition, SerializedElement, SerializedNode } from '../protocol/frames';
import { frameDocumentOf, isHtmlElement } from './dom';
import { formStateOf } from './form-state';
import { maskText, maskValue, survivesMasking, type MaskPolicy, type OwnPrivacy } from './mask';
import { isMediaElement, mediaStateOf } from './media';
import type { NodeIds } from './node-ids';
import type { StyleCapture } from './styles';
import { absoluteCssUrls, absoluteSrcset, absoluteUrl } from './urls';

/** Nodes the mirror never needs: they would cost bytes and the mirror would drop them anyway. */
const SKIPPED_ELEMENTS = new Set(['SCRIPT', 'NOSCRIPT', 'TEMPLATE']);

/** Elements that need more than attributes and children; checked by tag so the common path stays one lookup. */
const SPECIAL_ELEMENTS = new Set(['style', 'iframe', 'video', 'audio', 'canvas']);

/** What the serializer reports to the rest of the capture while it walks. */
export interface SerializerHooks {
  onShadowRoot(root: ShadowRoot): void;
  /** An iframe was serialized; `document` is its content when same-origin (to watch like the page's). */
  onFrame(iframe: HTMLIFrameElement, document: Document | null): void;
  /** A canvas in a plain context was serialized. */
  onCanvas(canvas: HTMLCanvasElement): void;
  styles: StyleCapture;
}

const URL_ATTRIBUTES = new Set(['src', 'href', 'action', 'formaction', 'poster', 'background', 'cite', 'data', 'xlink:href']);

/**
 * Turns live nodes into frame nodes with the privacy rules applied on the way: masking is a property of how a node
 * is written, never a pass over a finished frame. Used by the snapshot and by every mutation batch.
 */
export class Serializer {
  private readonly recordedPrivacy = new WeakMap<Element, OwnPrivacy>();
  /** Elements sent as redaction boxes: their content must never follow. */
  readonly redactedBoxes = new WeakSet<Element>();
  /** Above zero while a whole document is being serialized (the snapshot, or a frame's document). */
  private documentDepth = 0;
  /** Scrolled elements met while serializing, for the snapshot's scroll list. */
  scrolled: ScrollPosition[] = [];

  constructor(
    private readonly ids: NodeIds,
    private readonly policy: MaskPolicy,
    private readonly hooks: SerializerHooks,
  ) {}

  /** Constructed sheets that nodes serialized since the last call adopt and the mirror does not know yet. */
  takeSheetDefinitions(): SheetDefinition[] | undefined {
    return this.hooks.styles.takeDefinitions();
  }

  /** The privacy an element had when it was last serialized, to notice when an attribute change flips it. */
  privacyWhenSent(element: Element): OwnPrivacy | undefined {
    return this.recordedPrivacy.get(element);
  }

  serialize(node: Node, masked: boolean): SerializedNode | null {
    switch (node.nodeType) {
      case Node.ELEMENT_NODE:
        return this.serializeElement(node as Element, masked);
      case Node.TEXT_NODE:
        return this.serializeText(node as Text, masked);
      case Node.DOCUMENT_NODE:
        return this.serializeDocument(node as Document, masked);
      case Node.DOCUMENT_TYPE_NODE: {
        const doctype = node as DocumentType;
        this.ids.markMirrored(node);
        return { kind: 'doctype', id: this.ids.idOf(node), name: doctype.name, publicId: doctype.publicId, systemId: doctype.systemId };
      }
      default:
        return null; // comments, processing instructions
    }
  }

  /** Text as it must appear in a frame: masked, or with absolute URLs when it is a style sheet. */
  textOf(text: Text, masked: boolean): string {
    if (masked) return maskText(text.data);
    if (isHtmlElement(text.parentNode, 'style')) return absoluteCssUrls(text.data, text.baseURI);
    return text.data;
  }

  /** An attribute as it must appear in a frame, or null when it must not appear at all. */
  attributeOf(element: Element, name: string, value: string, masked: boolean): string | null {
    if (name.startsWith('on')) return null; // event handler code is never useful to the mirror
    // A frame's inline document (unmasked HTML): the frame's content is captured as a document, masked, instead.
    if (name === 'srcdoc') return null;
    if (name === 'value' && (masked || isHiddenInput(element))) return masked ? maskValue(value) : null;
    if (masked && !survivesMasking(name)) return URL_ATTRIBUTES.has(name) || name === 'srcset' ? null : maskValue(value);
    if (URL_ATTRIBUTES.has(name)) return absoluteUrl(value, element.baseURI);
    if (name === 'srcset') return absoluteSrcset(value, element.baseURI);
    if (name === 'style') return absoluteCssUrls(value, element.baseURI);
    return value;
  }

  private serializeDocument(document: Document, masked: boolean): SerializedDocument {
    this.ids.markMirrored(document);
    this.documentDepth++;
    let children: SerializedNode[];
    try {
      children = this.serializeChildren(document, masked);
    } finally {
      this.documentDepth--;
    }
    const serialized: SerializedDocument = { kind: 'document', id: this.ids.idOf(document), children };
    const adopted = this.hooks.styles.adoptedSheetsOf(document);
    if (adopted) serialized.adoptedSheets = adopted;
    return serialized;
  }

  private serializeText(text: Text, masked: boolean): SerializedNode {
    this.ids.markMirrored(text);
    return { kind: 'text', id: this.ids.idOf(text), text: this.textOf(text, masked) };
  }

  private serializeElement(element: Element, inheritedMask: boolean): SerializedElement | null {
    if (SKIPPED_ELEMENTS.has(element.tagName) && element.namespaceURI === HTML_NS) return null;
    const own = this.policy.ownPrivacy(element);
    this.recordedPrivacy.set(element, own);
    this.ids.markMirrored(element);
    const id = this.ids.idOf(element);
    const tag = element.namespaceURI === HTML_NS ? element.localName : element.tagName;
    const namespace = NAMESPACES[element.namespaceURI ?? ''];

    if (own === 'redact') {
      this.redactedBoxes.add(element);
      const box = element.getBoundingClientRect();
      const inline = (element.ownerDocument.defaultView ?? window).getComputedStyle(element).display === 'inline';
      return { kind: 'element', id, tag, ...(namespace && { namespace }), attributes: {}, children: [], redacted: { width: box.width, height: box.height, inline } };
    }

    const masked = inheritedMask || own === 'mask';
    const attributes: Record<string, string> = {};
    for (const attribute of element.attributes) {
      const value = this.attributeOf(element, attribute.name, attribute.value, masked);
      if (value !== null) attributes[attribute.name] = value;
    }
    const serialized: SerializedElement = { kind: 'element', id, tag, attributes, children: this.serializeChildren(element, masked) };
    if (namespace) serialized.namespace = namespace;
    const state = formStateOf(element, masked);
    if (state) serialized.state = state;
    if (element.shadowRoot) {
      const root = element.shadowRoot;
      this.ids.markMirrored(root);
      this.hooks.onShadowRoot(root);
      serialized.shadowRoot = { id: this.ids.idOf(root), children: this.serializeChildren(root, masked) };
      const adopted = this.hooks.styles.adoptedSheetsOf(root);
      if (adopted) serialized.shadowRoot.adoptedSheets = adopted;
    }
    if (SPECIAL_ELEMENTS.has(element.localName) && !namespace) this.serializeSpecial(element, serialized, masked);
    // Only a whole-document pass sends scroll offsets (the snapshot's list); reading them while a mutation batch is
    // serialized would force a synchronous layout of the page for nothing: a node just inserted is not scrolled.
    if (this.documentDepth > 0 && (element.scrollTop !== 0 || element.scrollLeft !== 0)) {
      this.scrolled.push({ id, x: element.scrollLeft, y: element.scrollTop });
    }
    return serialized;
  }

  private serializeSpecial(element: Element, serialized: SerializedElement, masked: boolean): void {
    if (isHtmlElement(element, 'style')) {
      // Masked style text is masked like any text; its CSSOM stays home too.
      const rules = masked ? undefined : this.hooks.styles.rulesOfStyleElement(element, this.documentDepth > 0);
      if (rules) serialized.cssRules = rules;
    } else if (isHtmlElement(element, 'iframe')) {
      const document = frameDocumentOf(element);
      this.hooks.onFrame(element, document);
      if (document) {
        serialized.contentDocument = this.serializeDocument(document, masked);
        const win = document.defaultView;
        if (win && (win.scrollX !== 0 || win.scrollY !== 0)) this.scrolled.push({ id: serialized.contentDocument.id, x: win.scrollX, y: win.scrollY });
      }
    } else if (isHtmlElement(element, 'canvas')) {
      if (!masked) this.hooks.onCanvas(element);
    } else if (isMediaElement(element)) {
      serialized.media = mediaStateOf(element);
    }
  }

  private serializeChildren(parent: Node, masked: boolean): SerializedNode[] {
    const children: SerializedNode[] = [];
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      const serialized = this.serialize(child, masked);
      if (serialized) children.push(serialized);
    }
    return children;
  }
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const NAMESPACES: Record<string, 'svg' | 'math' | undefined> = {
  'http://www.w3.org/2000/svg': 'svg',
  'http://www.w3.org/1998/Math/MathML': 'math',
};

function isHiddenInput(element: Element): boolean {
  return isHtmlElement(element, 'input') && element.type === 'hidden';
}
