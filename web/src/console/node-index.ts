// Which captured id a mirror node stands for, so a click in the mirror can name the customer's element. The mirror
// keeps that reverse map itself while it builds nodes (ids are implicit in the frames' node encoding).
import type { NodeId } from '../protocol/frames';
import type { Mirror } from '../mirror/rebuild';

export class MirrorNodeIndex {
  constructor(private readonly mirror: Mirror) {}

  /** The id of the nearest captured element at or around `node` (climbing out of shadow roots). */
  idAround(node: Node | null): NodeId | undefined {
    for (let current = node; current; current = current.parentNode ?? hostOf(current)) {
      const id = this.mirror.idOf(current);
      if (id !== undefined && current.nodeType === Node.ELEMENT_NODE) return id;
    }
    return undefined;
  }
}

function hostOf(node: Node): Node | null {
  return (node as Partial<ShadowRoot>).host ?? null;
}
