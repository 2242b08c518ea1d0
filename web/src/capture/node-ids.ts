import type { NodeId } from '../protocol/frames';

/**
 * Stable ids for captured nodes, and which nodes the mirror currently holds. A node keeps its id for the whole
 * capture (a moved node is re-sent under the same id); "mirrored" tells the mutation batcher whether a removal or
 * a next-sibling reference means anything on the other side.
 */
export class NodeIds {
  private readonly ids = new WeakMap<Node, NodeId>();
  /** Node → the flush generation in which it was last serialized. */
  private readonly mirrored = new WeakMap<Node, number>();
  private nextId = 1;
  generation = 0;

  idOf(node: Node): NodeId {
    let id = this.ids.get(node);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(node, id);
    }
    return id;
  }

  /**
   * The live node that holds this id, found by walking from `root` through open shadow roots and same-origin frames
   * (where the capture finds nodes). Only guidance asks, once per agent highlight, so idOf stays one WeakMap lookup
   * instead of also filling a reverse index on the snapshot's hot path.
   */
  nodeOf(id: NodeId, root: Node): Node | undefined {
    const pending: Node[] = [root];
    for (let node = pending.pop(); node; node = pending.pop()) {
      if (this.ids.get(node) === id) return node;
      for (let child = node.lastChild; child; child = child.previousSibling) pending.push(child);
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const element = node as Element;
      if (element.shadowRoot) pending.push(element.shadowRoot);
      if (element.localName === 'iframe') {
        const frameDocument = contentDocumentOf(element as HTMLIFrameElement);
        if (frameDocument) pending.push(frameDocument);
      }
    }
    return undefined;
  }

  markMirrored(node: Node): void {
    this.mirrored.set(node, this.generation);
  }

  forget(node: Node): void {
    this.mirrored.delete(node);
  }

  isMirrored(node: Node): boolean {
    return this.mirrored.has(node);
  }

  /** True when the node was serialized in the current generation, so its state is already in the frame. */
  isFresh(node: Node): boolean {
    return this.mirrored.get(node) === this.generation;
  }
}

function contentDocumentOf(iframe: HTMLIFrameElement): Document | null {
  try {
    return iframe.contentDocument; // null, or a throw in some browsers, when the frame is cross-origin
  } catch {
    return null;
  }
}
