// Wire contract between the customer's capture and the agent's mirror. TYPES ONLY: capture and mirror both import
// this module and never each other. Every frame carries the protocol version so either side can refuse what it
// does not understand.

export type ProtocolVersion = 1;

/** Stable per-page id of a captured node; ids are never reused for a different node while a capture runs. */
export type NodeId = number;

/** Live form state that is not visible in attributes. Values are already masked when they leave the page. */
export interface FormState {
  value?: string;
  checked?: boolean;
  selected?: boolean;
}

/** Size of a redacted subtree, so the mirror can keep the layout with an empty box of the same size. */
export interface RedactedBox {
  width: number;
  height: number;
  /** The element rendered inline; the box needs inline-block to take a size. */
  inline: boolean;
}

export interface SerializedDocument {
  kind: 'document';
  id: NodeId;
  children: SerializedNode[];
  /** Constructed style sheets adopted by this document, in order (defined by `sheets` of the same frame or earlier). */
  adoptedSheets?: SheetId[];
}

export interface SerializedDoctype {
  kind: 'doctype';
  id: NodeId;
  name: string;
  publicId: string;
  systemId: string;
}

export interface SerializedElement {
  kind: 'element';
  id: NodeId;
  /** Lower-case for HTML, as written for SVG/MathML. */
  tag: string;
  namespace?: 'svg' | 'math';
  attributes: Record<string, string>;
  children: SerializedNode[];
  state?: FormState;
  /** Present when the tenant redacted this subtree: attributes and children are then empty. */
  redacted?: RedactedBox;
  /** Children of an open shadow root attached to this element. */
  shadowRoot?: { id: NodeId; children: SerializedNode[]; adoptedSheets?: SheetId[] };
  /** The document of a same-origin iframe; cross-origin frames stay empty boxes. */
  contentDocument?: SerializedDocument;
  /** A <style> whose rules were changed through the CSSOM: its real rules, which its text no longer shows. */
  cssRules?: string[];
  /** Play state of an <audio> or <video>. */
  media?: MediaState;
}

/** Per-page id of a style sheet built with `new CSSStyleSheet()`. */
export type SheetId = number;

/** The rules of a constructed sheet; the mirror builds one copy per document that adopts it. */
export interface SheetDefinition {
  id: SheetId;
  rules: string[];
}

export interface MediaState {
  paused: boolean;
  currentTime: number;
  muted: boolean;
  volume: number;
  playbackRate: number;
}

export interface SerializedText {
  kind: 'text';
  id: NodeId;
  text: string;
}

export type SerializedNode = SerializedDocument | SerializedDoctype | SerializedElement | SerializedText;

export interface Viewport {
  width: number;
  height: number;
  devicePixelRatio: number;
}

export interface ScrollPosition {
  /** The scrolled element, or the document's id for the window. */
  id: NodeId;
  x: number;
  y: number;
}

export interface SnapshotFrame {
  v: ProtocolVersion;
  t: 'snapshot';
  url: string;
  viewport: Viewport;
  scroll: ScrollPosition[];
  root: SerializedDocument;
  /** Constructed sheets adopted anywhere in the snapshot. */
  sheets?: SheetDefinition[];
}

export interface AddedNode {
  parentId: NodeId;
  /** Insert before this sibling; null appends. */
  nextId: NodeId | null;
  node: SerializedNode;
}

export interface AttributeChange {
  id: NodeId;
  name: string;
  /** null removes the attribute. */
  value: string | null;
}

export interface TextChange {
  id: NodeId;
  text: string;
}

/** One animation frame's worth of DOM changes. The mirror applies removes, then adds (in order), then the rest. */
export interface MutationsFrame {
  v: ProtocolVersion;
  t: 'mutations';
  removes: NodeId[];
  adds: AddedNode[];
  attributes: AttributeChange[];
  texts: TextChange[];
  /** Constructed sheets first adopted by a node of this batch; applied before the adds. */
  sheets?: SheetDefinition[];
}

export interface InputFrame {
  v: ProtocolVersion;
  t: 'input';
  id: NodeId;
  state: FormState;
}

export interface ScrollFrame {
  v: ProtocolVersion;
  t: 'scroll';
  scroll: ScrollPosition;
}

export interface ViewportFrame {
  v: ProtocolVersion;
  t: 'viewport';
  viewport: Viewport;
}

export interface PointerFrame {
  v: ProtocolVersion;
  t: 'pointer';
  x: number;
  y: number;
}

/** A CSSOM change to a <style> element's sheet (`node`) or to a constructed sheet (`sheet`). */
export type StyleChange = { node?: NodeId; sheet?: SheetId } & (
  | { op: 'insert'; index: number; rule: string }
  | { op: 'delete'; index: number }
  /** The whole rule list (replace/replaceSync, or a change inside a nested rule). */
  | { op: 'set'; rules: string[] }
);

/** Which constructed sheets a document or shadow root adopts now (the whole list, in order). */
export interface Adoption {
  root: NodeId;
  sheets: SheetId[];
}

/** CSSOM changes, which produce no DOM mutation. Applied in order: definitions, changes, adoptions. */
export interface StyleFrame {
  v: ProtocolVersion;
  t: 'style';
  definitions?: SheetDefinition[];
  changes?: StyleChange[];
  adoptions?: Adoption[];
}

/** The focused element (the innermost one, inside shadow roots and same-origin iframes), or null. */
export interface FocusFrame {
  v: ProtocolVersion;
  t: 'focus';
  id: NodeId | null;
}

/** A text selection boundary: a text node and a character offset, or a node and a child index. */
export interface SelectionRange {
  startId: NodeId;
  startOffset: number;
  endId: NodeId;
  endOffset: number;
}

/** The selection of one document (positions only: the selected text itself is never sent). */
export interface SelectionFrame {
  v: ProtocolVersion;
  t: 'selection';
  document: NodeId;
  ranges: SelectionRange[];
}

export interface MediaFrame {
  v: ProtocolVersion;
  t: 'media';
  id: NodeId;
  state: MediaState;
}

/** A canvas's pixels as a size-capped image data URL; never sent for a canvas in a masked or redacted context. */
export interface CanvasFrame {
  v: ProtocolVersion;
  t: 'canvas';
  id: NodeId;
  image: string;
}

export type Frame =
  | SnapshotFrame
  | MutationsFrame
  | InputFrame
  | ScrollFrame
  | ViewportFrame
  | PointerFrame
  | StyleFrame
  | FocusFrame
  | SelectionFrame
  | MediaFrame
  | CanvasFrame;
