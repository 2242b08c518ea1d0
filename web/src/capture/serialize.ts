import {
  DETAIL,
  type EncodedChild,
  type EncodedDocument,
  type EncodedElement,
  type EncodedNode,
  type FormState,
  type Namespace,
  type NodeDetails,
  type NodeId,
  type RedactedBox,
  type ScrollPosition,
  type SheetDefinition,
} from '../protocol/frames';
import { frameDocumentOf, isHtmlElement } from './dom';
import { formStateOf } from './form-state';
import {
  maskCssStrings,
  maskInlineStyle,
  maskText,
  maskValue,
  remember,
  rememberedContext,
  survivesMasking,
  type MaskPolicy,
  type OwnPrivacy,
} from './mask';
import { isMediaElement, mediaStateOf } from './media';
import type { NodeIds } from './node-ids';
import type { StyleCapture } from './styles';
import { absoluteCssUrls, absoluteSrcset, absoluteUrl } from './urls';

/** Nodes the mirror never needs: they would cost bytes and the mirror would drop them anyway. */
const SKIPPED_ELEMENTS = new Set(['SCRIPT', 'NOSCRIPT', 'TEMPLATE']);

/** CoBrowse's own UI on the page (the guidance overlay's host, sdk/guidance/overlay.ts): never sent. */
const OWN_UI_ATTRIBUTE = 'data-cobrowse-ui';

/** Elements that need more than attributes and children; checked by tag so the common path stays one lookup. */
const SPECIAL_ELEMENTS = new Set(['style', 'iframe', 'video', 'audio', 'canvas', 'dialog']);

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
  private readonly modalDialogs = new WeakMap<Element, boolean>();
  /** Elements sent as redaction boxes: their content must never follow. */
  readonly redactedBoxes = new WeakSet<Element>();
  /** Above zero while a whole document is being serialized (the snapshot, or a frame's document). */
  private documentDepth = 0;
  /** Scrolled elements met while serializing, for the snapshot's scroll list. */
  scrolled: ScrollPosition[] = [];
  /** The id the next written node gets without a marker (the previous node's id + 1). */
  private expectedId = NaN;

  constructor(
    private readonly ids: NodeIds,
    private readonly policy: MaskPolicy,
    private readonly hooks: SerializerHooks,
  ) {}

  /** Constructed sheets that nodes serialized since the last call adopt and the mirror does not know yet. */
  takeSheetDefinitions(): SheetDefinition[] | undefined {
    return this.hooks.styles.takeDefinitions();
  }

  /** Whether a <dialog> was modal when it was last serialized (showModal and close change only its open attribute). */
  modalWhenSent(dialog: Element): boolean | undefined {
    return this.modalDialogs.get(dialog);
  }

  /** The privacy an element had when it was last serialized, to notice when an attribute change flips it. */
  privacyWhenSent(element: Element): OwnPrivacy | undefined {
    return this.recordedPrivacy.get(element);
  }

  /**
   * A node and its subtree in the wire encoding (see NODE ENCODING in protocol/frames.ts), with the id of the node
   * itself; the ids below it follow implicitly. Null for nodes the mirror never gets (comments, scripts).
   */
  serialize(node: Node, masked: boolean): { id: NodeId; node: EncodedNode } | null {
    const out: EncodedChild[] = [];
    this.expectedId = NaN; // the root's id travels beside it, never as a marker: force one and take it back out
    const parent = node.parentNode;
    this.write(node, masked, parent?.nodeType === Node.ELEMENT_NODE ? namespaceOf(parent as Element) : 'html', out);
    return out.length === 2 ? { id: out[0] as NodeId, node: out[1] as EncodedNode } : null;
  }

  /** Appends the node's encoding to `out`, preceded by an id marker when its id does not follow the previous one. */
  private write(node: Node, masked: boolean, parentNamespace: Namespace, out: EncodedChild[]): void {
    switch (node.nodeType) {
      case Node.ELEMENT_NODE:
        this.writeElement(node as Element, masked, parentNamespace, out);
        return;
      case Node.TEXT_NODE: {
        // A text node that left a redacted subtree is never sent; one seen masked stays masked wherever it went.
        const seen = rememberedContext(node);
        if (seen === 'redacted') return;
        const textMasked = masked || seen === 'masked';
        if (textMasked) remember(node, 'masked');
        this.ids.markMirrored(node);
        this.writeId(node, out);
        out.push(this.textOf(node as Text, textMasked));
        return;
      }
      case Node.DOCUMENT_NODE:
        this.writeDocument(node as Document, masked, out);
        return;
      case Node.DOCUMENT_TYPE_NODE: {
        const doctype = node as DocumentType;
        this.ids.markMirrored(node);
        this.writeId(node, out);
        out.push(['!', doctype.name, doctype.publicId, doctype.systemId]);
        return;
      }
      default:
        return; // comments, processing instructions
    }
  }

  /** Gives the node its id in the encoding: implicit when it is the next one, else a marker. */
  private writeId(node: Node, out: EncodedChild[]): NodeId {
    const id = this.ids.idOf(node);
    if (id !== this.expectedId) out.push(id);
    this.expectedId = id + 1;
    return id;
  }

  /** Text as it must appear in a frame: masked, or with absolute URLs when it is a style sheet. */
  textOf(text: Text, masked: boolean): string {
    if (isHtmlElement(text.parentNode, 'style')) {
      // A style sheet is the tenant's CSS: even in a masked subtree only its quoted strings are masked.
      const css = absoluteCssUrls(text.data, text.baseURI);
      return masked ? maskCssStrings(css) : css;
    }
    return masked ? maskText(text.data) : text.data;
  }

  /** An attribute as it must appear in a frame, or null when it must not appear at all. */
  attributeOf(element: Element, name: string, value: string, masked: boolean): string | null {
    if (name.startsWith('on')) return null; // event handler code is never useful to the mirror
    // A frame's inline document (unmasked HTML): the frame's content is captured as a document, masked, instead.
    if (name === 'srcdoc') return null;
    if (name === 'value' && (masked || isHiddenInput(element))) return masked ? maskValue(value) : null;
    if (masked && !survivesMasking(name)) return URL_ATTRIBUTES.has(name) || name === 'srcset' ? null : maskValue(value);
    if (name === 'style') return masked ? maskInlineStyle(value) : absoluteCssUrls(value, element.baseURI);
    if (URL_ATTRIBUTES.has(name)) return absoluteUrl(value, element.baseURI);
    if (name === 'srcset') return absoluteSrcset(value, element.baseURI);
    return value;
  }

  private writeDocument(document: Document, masked: boolean, out: EncodedChild[]): NodeId {
    this.ids.markMirrored(document);
    const id = this.writeId(document, out);
    const encoded: unknown[] = ['#'];
    const adopted = this.hooks.styles.adoptedSheetsOf(document);
    if (adopted) encoded.push({ [DETAIL.adoptedSheets]: adopted });
    this.documentDepth++;
    try {
      this.writeChildren(document, masked, 'html', encoded as EncodedChild[]);
    } finally {
      this.documentDepth--;
    }
    out.push(encoded as EncodedDocument);
    return id;
  }

  private writeElement(element: Element, inheritedMask: boolean, parentNamespace: Namespace, out: EncodedChild[]): void {
    if (SKIPPED_ELEMENTS.has(element.tagName) && element.namespaceURI === HTML_NS) return;
    if (element.hasAttribute(OWN_UI_ATTRIBUTE)) return;
    let own = this.policy.ownPrivacy(element);
    if (own === 'plain' && inheritedMask) {
      // Seen masked through an ancestor: it stays masked when it is moved out or the ancestor's mask is removed.
      remember(element, 'masked');
      own = 'mask';
    }
    this.recordedPrivacy.set(element, own);
    this.ids.markMirrored(element);
    const id = this.writeId(element, out);
    const namespace = namespaceOf(element);
    const encoded: unknown[] = [namespace === 'html' ? element.localName : element.tagName];
    out.push(encoded as EncodedElement);
    let details: NodeDetails | undefined;
    if (namespace !== parentNamespace) details = { [DETAIL.namespace]: namespace };

    if (own === 'redact') {
      this.redactedBoxes.add(element);
      const box = element.getBoundingClientRect();
      const inline = (element.ownerDocument.defaultView ?? window).getComputedStyle(element).display === 'inline';
      const redacted: RedactedBox = { width: box.width, height: box.height, inline };
      encoded.push({ ...details, [DETAIL.redacted]: redacted });
      return;
    }

    const masked = own === 'mask';
    for (const attribute of element.attributes) {
      const value = this.attributeOf(element, attribute.name, attribute.value, masked);
      if (value !== null) (details ??= {})[attribute.name] = value;
    }
    if (this.policy.blockedByTenant(element)) (details ??= {})['data-cobrowse-block'] = '';
    const state = formStateOf(element, masked);
    if (state) details = withFormState(details ?? {}, state);
    const special = SPECIAL_ELEMENTS.has(element.localName) && namespace === 'html';
    if (special) details = this.specialDetails(element, masked, details);
    if (details) encoded.push(details);

    if (element.shadowRoot) {
      const root = element.shadowRoot;
      this.ids.markMirrored(root);
      this.hooks.onShadowRoot(root);
      this.writeId(root, encoded as EncodedChild[]);
      const shadow: unknown[] = ['#s'];
      const adopted = this.hooks.styles.adoptedSheetsOf(root);
      if (adopted) shadow.push({ [DETAIL.adoptedSheets]: adopted });
      this.writeChildren(root, masked, 'html', shadow as EncodedChild[]);
      encoded.push(shadow);
    }
    this.writeChildren(element, masked, namespace, encoded as EncodedChild[]);
    if (special && isHtmlElement(element, 'iframe')) this.writeFrameDocument(element, masked, encoded as EncodedChild[]);
    // Only a whole-document pass sends scroll offsets (the snapshot's list); reading them while a mutation batch is
    // serialized would force a synchronous layout of the page for nothing: a node just inserted is not scrolled.
    if (this.documentDepth > 0 && (element.scrollTop !== 0 || element.scrollLeft !== 0)) {
      this.scrolled.push({ id, x: element.scrollLeft, y: element.scrollTop });
    }
  }

  /** Data of <style>, <canvas>, <audio> and <video> beyond attributes. */
  private specialDetails(element: Element, masked: boolean, details: NodeDetails | undefined): NodeDetails | undefined {
    if (isHtmlElement(element, 'style')) {
      // Its CSSOM follows the rule of its text: in a masked subtree, quoted strings are masked.
      const rules = this.hooks.styles.rulesOfStyleElement(element, this.documentDepth > 0);
      if (rules) return { ...details, [DETAIL.cssRules]: masked ? rules.map(maskCssStrings) : rules };
    } else if (isHtmlElement(element, 'canvas')) {
      if (!masked) this.hooks.onCanvas(element);
    } else if (isHtmlElement(element, 'dialog')) {
      const modal = isModal(element);
      this.modalDialogs.set(element, modal);
      if (modal) return { ...details, [DETAIL.modal]: true };
    } else if (isMediaElement(element)) {
      return { ...details, [DETAIL.media]: mediaStateOf(element) };
    }
    return details;
  }

  /** A same-origin frame's document, as the frame element's last child. */
  private writeFrameDocument(iframe: HTMLIFrameElement, masked: boolean, out: EncodedChild[]): void {
    const document = frameDocumentOf(iframe);
    this.hooks.onFrame(iframe, document);
    if (!document) return;
    const id = this.writeDocument(document, masked, out);
    const win = document.defaultView;
    if (win && (win.scrollX !== 0 || win.scrollY !== 0)) this.scrolled.push({ id, x: win.scrollX, y: win.scrollY });
  }

  private writeChildren(parent: Node, masked: boolean, namespace: Namespace, out: EncodedChild[]): void {
    for (let child = parent.firstChild; child; child = child.nextSibling) this.write(child, masked, namespace, out);
  }
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const NAMESPACES: Record<string, Namespace | undefined> = {
  'http://www.w3.org/2000/svg': 'svg',
  'http://www.w3.org/1998/Math/MathML': 'math',
};

/** SVG and MathML by name; anything else is written (and rebuilt) as HTML, as before. */
function namespaceOf(element: Element): Namespace {
  return NAMESPACES[element.namespaceURI ?? ''] ?? 'html';
}

function withFormState(details: NodeDetails, state: FormState): NodeDetails {
  if (state.value !== undefined) details[DETAIL.value] = state.value;
  if (state.checked !== undefined) details[DETAIL.checked] = state.checked;
  if (state.indeterminate) details[DETAIL.indeterminate] = true;
  if (state.selected !== undefined) details[DETAIL.selected] = state.selected;
  return details;
}

/** `:modal` (opened with showModal()); a browser without the selector has no modal dialogs to report. */
export function isModal(element: Element): boolean {
  try {
    return element.matches(':modal');
  } catch {
    return false;
  }
}

function isHiddenInput(element: Element): boolean {
  return isHtmlElement(element, 'input') && element.type === 'hidden';
}
