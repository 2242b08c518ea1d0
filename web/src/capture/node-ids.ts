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
