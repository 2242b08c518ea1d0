// Reading the node encoding of protocol/frames.ts (NODE ENCODING) without trusting it: every helper accepts any
// value and answers for what it sees, so a garbled tree is skipped, never thrown on.
import type { NodeDetails, NodeId } from '../protocol/frames';

/** The id the next node of an encoded tree gets, advanced as the tree is read. */
export interface IdCursor {
  next: NodeId;
}

export interface Doctype {
  name: string;
  publicId: string;
  systemId: string;
}

/** A text node (a string) or an array node (a string head: tag, "#", "#s" or "!"). Anything else takes no id. */
export function isEncodedNode(item: unknown): item is string | unknown[] {
  return typeof item === 'string' || (Array.isArray(item) && typeof item[0] === 'string');
}

/** The details object of an array node, if it has one. */
export function detailsOf(node: readonly unknown[]): NodeDetails | undefined {
  const candidate = node[1];
  return typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate) ? (candidate as NodeDetails) : undefined;
}

/** Index of an array node's first child. */
export function childrenStart(node: readonly unknown[]): number {
  return detailsOf(node) ? 2 : 1;
}

export function doctypeOf(node: readonly unknown[]): Doctype {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return { name: text(node[1]), publicId: text(node[2]), systemId: text(node[3]) };
}

/** Receives each id a skip passes over (the mirror remembers them as deliberately absent). */
export type SkippedIds = (id: NodeId) => void;

/** Advances the cursor past a node and its subtree, as building it would have. */
export function skipNode(item: unknown, cursor: IdCursor, skipped?: SkippedIds): void {
  if (!isEncodedNode(item)) return;
  skipped?.(cursor.next);
  cursor.next++;
  if (typeof item === 'string' || item[0] === '!') return;
  skipChildren(item, childrenStart(item), cursor, skipped);
}

/** Advances the cursor past the children of an array node, from index `from`, id markers included. */
export function skipChildren(list: readonly unknown[], from: number, cursor: IdCursor, skipped?: SkippedIds): void {
  for (let index = from; index < list.length; index++) {
    const item = list[index];
    if (typeof item === 'number') {
      if (Number.isSafeInteger(item)) cursor.next = item;
    } else {
      skipNode(item, cursor, skipped);
    }
  }
}
