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
  shadowRoot?: { id: NodeId; children: SerializedNode[] };
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

export type Frame = SnapshotFrame | MutationsFrame | InputFrame | ScrollFrame | ViewportFrame | PointerFrame;
