// The reverse of the mirror's id map: which captured id a mirror node stands for, so a click in the mirror can name
// the customer's element. Filled from the frames themselves after the mirror applied them; a WeakMap lets removed
// nodes go without bookkeeping.
import type { Frame, NodeId, SerializedNode } from '../protocol/frames';
import type { Mirror } from '../mirror/rebuild';

export class MirrorNodeIndex {
  private ids = new WeakMap<Node, NodeId>();

  constructor(private readonly mirror: Mirror) {}

  /** Call after `mirror.apply(frame)`. */
  record(frame: Frame): void {
    if (frame.t === 'snapshot') {
      this.ids = new WeakMap();
      this.walk(frame.root);
    } else if (frame.t === 'mutations') {
      for (const add of frame.adds) this.walk(add.node);
    }
  }

  /** The id of the nearest captured element at or around `node` (climbing out of shadow roots). */
  idAround(node: Node | null): NodeId | undefined {
    for (let current = node; current; current = current.parentNode ?? hostOf(current)) {
      const id = this.ids.get(current);
      if (id !== undefined && current.nodeType === Node.ELEMENT_NODE) return id;
    }
    return undefined;
  }

  private walk(root: SerializedNode): void {
    const pending: SerializedNode[] = [root];
    for (let node = pending.pop(); node; node = pending.pop()) {
      const built = this.mirror.nodeById(node.id);
      if (built) this.ids.set(built, node.id);
      if (node.kind === 'document') pushAll(pending, node.children);
      else if (node.kind === 'element') {
        pushAll(pending, node.children);
        if (node.shadowRoot) {
          const root = this.mirror.nodeById(node.shadowRoot.id);
          if (root) this.ids.set(root, node.shadowRoot.id);
          pushAll(pending, node.shadowRoot.children);
        }
        if (node.contentDocument) pending.push(node.contentDocument);
      }
    }
  }
}

function hostOf(node: Node): Node | null {
  return (node as Partial<ShadowRoot>).host ?? null;
}

/** A loop, not push(...items): a page can have more children under one parent than a call can take arguments. */
function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
