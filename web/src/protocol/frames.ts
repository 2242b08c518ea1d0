// Wire contract between the customer's capture and the agent's mirror. Types and constants only: capture and mirror
// both import this module and never each other. Every frame carries the protocol version so either side can refuse
// what it does not understand.

export type ProtocolVersion = 1;

/** Stable per-page id of a captured node; ids are never reused for a different node while a capture runs. */
export type NodeId = number;

/** Live form state that is not visible in attributes. Values are already masked when they leave the page. */
export interface FormState {
  value?: string;
  checked?: boolean;
  /** A checkbox shown as neither checked nor unchecked (set by script only; no attribute shows it). */
  indeterminate?: boolean;
  selected?: boolean;
}

/** Size of a redacted subtree, so the mirror can keep the layout with an empty box of the same size. */
export interface RedactedBox {
  width: number;
  height: number;
  /** The element rendered inline; the box needs inline-block to take a size. */
  inline: boolean;
}

/**
 * NODE ENCODING. Nodes travel as plain JSON arrays and strings, never as objects with repeated keys, and their ids
 * are implicit: a snapshot of a large page is mostly tags, attribute values and text.
 *
 *   text node      "the text"                               (a JSON string; already masked)
 *   element        [tag, details?, ...children]             tag: lower-case for HTML, as written for SVG/MathML
 *   document       ["#", details?, ...children]             the page, or a same-origin iframe's document
 *   shadow root    ["#s", details?, ...children]            an open shadow root: a child of its host element
 *   doctype        ["!", name, publicId, systemId]          only as a child of a document
 *   id marker      1234                                     (a number among children) the next node's id
 *
 * `details` is an object, present only when needed, so it can never be confused with a child (a string, an array
 * or a number). It maps attribute names to values, and carries the node's other data under keys that start with a
 * space, which no attribute name can (the HTML parser and setAttribute both refuse whitespace); see DETAIL.
 * An iframe's same-origin document is a "#" child of the iframe element; a shadow root is a "#s" child of its host
 * (written first, before the light children).
 *
 * IDS: every node above (except markers) has an id. The root gets the `id` of the structure that carries it (the
 * snapshot frame, or the mutation add); every following node, in pre-order (a node, then its children in order,
 * depth first), gets the previous node's id + 1, unless an id marker stands right before it, in which case it gets
 * the marker's value and counting continues from there. Fresh nodes are numbered consecutively by the capture, so
 * markers only appear where a node keeps an older id (a node moved inside a freshly added subtree, or a resent copy).
 *
 * A reader ignores anything that fits none of these shapes (it takes no id); an element it refuses to build (an
 * unknown or forbidden tag) still takes its ids, and those of its subtree, so the numbering after it stays right.
 */
export type EncodedNode = string | EncodedElement | EncodedDocument | EncodedShadowRoot | EncodedDoctype;
/** What a children list holds: nodes, and id markers before nodes whose id is not the next one. */
export type EncodedChild = EncodedNode | NodeId;
export type EncodedElement = [tag: string, ...rest: (NodeDetails | EncodedChild)[]];
export type EncodedDocument = ['#', ...rest: (NodeDetails | EncodedChild)[]];
export type EncodedShadowRoot = ['#s', ...rest: (NodeDetails | EncodedChild)[]];
export type EncodedDoctype = ['!', name: string, publicId: string, systemId: string];

/** Attribute name → value, plus the DETAIL keys. Values are already masked and URLs already absolute. */
export type NodeDetails = Record<string, unknown>;

/** Keys of a node's non-attribute data in its details object (a leading space: never an attribute name). */
export const DETAIL = {
  /** string: a form control's live value (FormState.value). */
  value: ' v',
  /** boolean: a checkbox or radio's live checked state. */
  checked: ' c',
  /** boolean: an option's live selected state. */
  selected: ' s',
  /** true: a checkbox's indeterminate state (absent when false). */
  indeterminate: ' i',
  /** true: a <dialog> opened with showModal() (in the top layer, with a backdrop); absent otherwise. */
  modal: ' modal',
  /** 'svg' | 'math' | 'html': the element's namespace, present only when it differs from its parent element's
   *  (HTML for children of a document or shadow root; for an add's root, the namespace of the mirror parent). */
  namespace: ' n',
  /** RedactedBox: the tenant redacted this subtree; the element then has no attributes and no children. */
  redacted: ' r',
  /** string[]: a <style>'s real rules, changed through the CSSOM so its text no longer shows them. */
  cssRules: ' css',
  /** MediaState: play state of an <audio> or <video>. */
  media: ' m',
  /** SheetId[]: constructed sheets adopted by a document or shadow root, in order (defined by `sheets` of the
   *  same frame or an earlier one). */
  adoptedSheets: ' a',
} as const;

export type Namespace = 'html' | 'svg' | 'math';

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
  /** Id of the root document; the ids of the nodes inside follow from it (see NODE ENCODING). */
  id: NodeId;
  root: EncodedDocument;
  /** Constructed sheets adopted anywhere in the snapshot. */
  sheets?: SheetDefinition[];
}

export interface AddedNode {
  parentId: NodeId;
  /** Insert before this sibling; null appends. */
  nextId: NodeId | null;
  /** Id of `node`; the ids of its subtree follow from it (see NODE ENCODING). */
  id: NodeId;
  node: EncodedNode;
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
