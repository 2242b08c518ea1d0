import type { AddedNode, AttributeChange, MutationsFrame, NodeId, TextChange } from '../protocol/frames';
import { isHtmlElement } from './dom';
import { composedParent, remember, rememberedContext, type Context, type MaskPolicy } from './mask';
import type { NodeIds } from './node-ids';
import { isModal, type Serializer } from './serialize';

const OBSERVE: MutationObserverInit = { childList: true, subtree: true, attributes: true, characterData: true };

/**
 * Collects DOM mutations and turns them, once per animation frame, into one frame describing the final state.
 * Everything is read from the live DOM at flush time with the same serializer as the snapshot, so a node that was
 * moved into a masked subtree, or whose text changed after the move, is masked exactly as a fresh snapshot would be.
 */
export class MutationCapture {
  private readonly observer = new MutationObserver((records) => this.collect(records));
  private removes: NodeId[] = [];
  private added = new Set<Node>();
  private attributes = new Map<Element, Set<string>>();
  private texts = new Set<Text>();
  private scheduled = false;

  constructor(
    private readonly ids: NodeIds,
    private readonly policy: MaskPolicy,
    private readonly serializer: Serializer,
    private readonly send: (frame: MutationsFrame) => void,
    /** Called for form controls whose value/checked attribute changed: their live state may have moved too. */
    private readonly onFormAttribute: (element: Element) => void,
  ) {}

  observe(root: Node): void {
    this.observer.observe(root, OBSERVE);
  }

  disconnect(): void {
    this.collect(this.observer.takeRecords());
    this.observer.disconnect();
  }

  /** Sends whatever is pending now; normally called by the animation-frame scheduler. */
  flush(): void {
    this.collect(this.observer.takeRecords());
    this.scheduled = false;
    this.ids.generation++;
    this.resendElementsWhosePrivacyChanged();
    this.resendDialogsWhoseModalityChanged();
    const adds = this.serializeAdds();
    const attributes = this.serializeAttributes();
    const texts = this.serializeTexts();
    const removes = this.removes;
    this.removes = [];
    this.added = new Set();
    this.attributes = new Map();
    this.texts = new Set();
    const sheets = this.serializer.takeSheetDefinitions();
    if (removes.length || adds.length || attributes.length || texts.length || sheets) {
      const frame: MutationsFrame = { v: 1, t: 'mutations', removes, adds, attributes, texts };
      if (sheets) frame.sheets = sheets;
      this.send(frame);
    }
  }

  private collect(records: MutationRecord[]): void {
    const contexts = new Map<Node, Context>();
    for (const record of records) {
      // A textarea's value follows its text until the customer edits it; the mirror's copy has a set value.
      const textarea = record.type === 'childList' ? record.target : record.target.parentNode;
      if (isHtmlElement(textarea, 'textarea')) this.onFormAttribute(textarea);
      if (record.type === 'childList') {
        for (const node of record.removedNodes) {
          this.keepPrivacyOfRemoved(node, record.target, contexts);
          this.remove(node);
        }
        for (const node of record.addedNodes) this.added.add(node);
      } else if (record.type === 'attributes' && record.attributeName) {
        const element = record.target as Element;
        const names = this.attributes.get(element) ?? new Set<string>();
        names.add(record.attributeName);
        this.attributes.set(element, names);
      } else if (record.type === 'characterData' && record.target.nodeType === Node.TEXT_NODE) {
        this.texts.add(record.target as Text);
      }
    }
    if (records.length) this.schedule();
  }

  /**
   * A node leaving a masked or redacted subtree keeps that privacy wherever the page puts it next, even one added and
   * moved within one frame that no frame ever showed. A node the mirror has was remembered as it was written (masked
   * in a masked subtree; never written in a redacted one), so only the others need the parent's context, computed
   * once per batch and parent: a page moving thousands of sent nodes pays nothing here.
   */
  private keepPrivacyOfRemoved(node: Node, parent: Node, contexts: Map<Node, Context>): void {
    if (this.ids.isMirrored(node) || rememberedContext(node) === 'redacted') return;
    let context = contexts.get(parent);
    if (context === undefined) {
      context = this.policy.contextOf(parent);
      contexts.set(parent, context);
    }
    if (context !== 'plain') remember(node, context);
  }

  /** Removals are recorded as they happen: by flush time the node may already sit somewhere else. */
  private remove(node: Node): void {
    if (!this.ids.isMirrored(node)) return;
    this.removes.push(this.ids.idOf(node));
    this.ids.forget(node);
  }

  /**
   * An attribute change can turn masking or redaction on or off (data-cobrowse-mask, type=password, a tenant
   * class). The mirror's copy was written under the old rules, so it is replaced by a fresh copy.
   */
  private resendElementsWhosePrivacyChanged(): void {
    for (const element of this.attributes.keys()) {
      if (!this.ids.isMirrored(element) || !element.isConnected) continue;
      if (this.policy.ownPrivacy(element) !== this.serializer.privacyWhenSent(element)) this.replace(element);
      if (!this.policy.hasContextualSelectors) continue;
      for (const descendant of element.querySelectorAll(this.policy.anyPrivacySelector)) {
        if (this.ids.isMirrored(descendant) && this.policy.ownPrivacy(descendant) !== this.serializer.privacyWhenSent(descendant)) {
          this.replace(descendant);
        }
      }
    }
  }

  /** showModal() and close() change only the open attribute; the mirror needs a fresh copy to show it modal or not. */
  private resendDialogsWhoseModalityChanged(): void {
    for (const [element, names] of this.attributes) {
      if (!names.has('open') || !isHtmlElement(element, 'dialog') || !this.ids.isMirrored(element) || !element.isConnected) continue;
      if (isModal(element) !== (this.serializer.modalWhenSent(element) ?? false)) this.replace(element);
    }
  }

  private replace(element: Element): void {
    this.remove(element);
    this.added.add(element);
  }

  /** Replaces the mirror's copy of an element with a fresh one at the next flush (e.g. a shadow root appeared). */
  resend(element: Element): void {
    if (!this.ids.isMirrored(element)) return;
    this.remove(element);
    this.added.add(element);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.scheduled && this.flush());
  }

  private serializeAdds(): AddedNode[] {
    // Only the topmost added nodes are serialized (with their subtree), grouped by parent.
    const byParent = new Map<Node, Set<Node>>();
    for (const node of this.added) {
      const parent = node.parentNode;
      if (!parent || !node.isConnected || !this.ids.isMirrored(parent) || this.hasAddedAncestor(node)) continue;
      if (this.serializer.redactedBoxes.has(parent as Element)) continue;
      const siblings = byParent.get(parent) ?? new Set<Node>();
      siblings.add(node);
      byParent.set(parent, siblings);
    }

    const adds: AddedNode[] = [];
    for (const [parent, children] of byParent) {
      const context = this.policy.contextOf(parent);
      if (context === 'redacted') continue;
      // Last child first: each node's next sibling is then already in the mirror when the node arrives. Only the
      // added nodes are ordered, never all their siblings (a grid of thousands gaining one card).
      for (const child of [...children].sort(laterFirst)) {
        const serialized = this.serializer.serialize(child, context === 'masked');
        if (!serialized) continue;
        adds.push({ parentId: this.ids.idOf(parent), nextId: this.nextMirroredSibling(child), id: serialized.id, node: serialized.node });
      }
    }
    return adds;
  }

  private hasAddedAncestor(node: Node): boolean {
    for (let ancestor = composedParent(node); ancestor; ancestor = composedParent(ancestor)) {
      if (this.added.has(ancestor)) return true;
    }
    return false;
  }

  private nextMirroredSibling(node: Node): NodeId | null {
    for (let sibling = node.nextSibling; sibling; sibling = sibling.nextSibling) {
      if (this.ids.isMirrored(sibling)) return this.ids.idOf(sibling);
    }
    return null;
  }

  private serializeAttributes(): AttributeChange[] {
    const changes: AttributeChange[] = [];
    for (const [element, names] of this.attributes) {
      if (!this.isStale(element) || this.serializer.redactedBoxes.has(element)) continue;
      const context = this.policy.contextOf(element);
      if (context === 'redacted') continue;
      for (const name of names) {
        const raw = element.getAttribute(name);
        const value = raw === null ? null : this.serializer.attributeOf(element, name, raw, context === 'masked');
        changes.push({ id: this.ids.idOf(element), name, value });
        if (name === 'value' || name === 'checked') this.onFormAttribute(element);
      }
    }
    return changes;
  }

  private serializeTexts(): TextChange[] {
    const changes: TextChange[] = [];
    for (const text of this.texts) {
      if (!this.isStale(text)) continue;
      const context = this.policy.contextOf(text);
      if (context === 'redacted') continue;
      changes.push({ id: this.ids.idOf(text), text: this.serializer.textOf(text, context === 'masked') });
    }
    return changes;
  }

  /** In the mirror, connected, and not just serialized in this flush (a fresh copy already has the change). */
  private isStale(node: Node): boolean {
    return node.isConnected && this.ids.isMirrored(node) && !this.ids.isFresh(node);
  }
}

function laterFirst(a: Node, b: Node): number {
  return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? 1 : -1;
}
