import type { NodeId, SelectionFrame, SelectionRange } from '../protocol/frames';
import type { MaskPolicy } from './mask';
import type { NodeIds } from './node-ids';

/**
 * Text selection per document, as node ids and offsets. The selected text itself never leaves the page, so a
 * selection inside masked content shows where it is without what it says; inside redacted content it is dropped.
 */
export class SelectionCapture {
  private readonly pending = new Set<Document>();
  private readonly stops: Array<() => void> = [];
  /** Typing moves the caret and fires selectionchange on every key: unchanged positions are not sent again. */
  private readonly lastSent = new WeakMap<Document, string>();
  private scheduled = false;

  constructor(
    private readonly ids: NodeIds,
    private readonly policy: MaskPolicy,
    private readonly send: (frame: SelectionFrame) => void,
  ) {}

  listen(document: Document): void {
    // Chromium also fires selectionchange at a text field whenever a script sets its value; the document's selection
    // did not move then, and reading it would force a layout inside every mutation-heavy task.
    const onChange = (event: Event): void => {
      if (event.target === document) this.report(document);
    };
    document.addEventListener('selectionchange', onChange);
    this.stops.push(() => document.removeEventListener('selectionchange', onChange));
  }

  report(document: Document): void {
    this.pending.add(document);
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.scheduled && this.flush());
  }

  flush(): void {
    this.scheduled = false;
    for (const document of this.pending) {
      if (!this.ids.isMirrored(document)) continue;
      const selection = document.getSelection();
      const ranges: SelectionRange[] = [];
      for (let index = 0; selection && index < selection.rangeCount; index++) {
        const range = selection.getRangeAt(index);
        const start = this.boundary(range.startContainer, range.startOffset);
        const end = this.boundary(range.endContainer, range.endOffset);
        if (start && end) ranges.push({ startId: start[0], startOffset: start[1], endId: end[0], endOffset: end[1] });
      }
      const key = JSON.stringify(ranges);
      if (this.lastSent.get(document) === key) continue;
      this.lastSent.set(document, key);
      this.send({ v: 1, t: 'selection', document: this.ids.idOf(document), ranges });
    }
    this.pending.clear();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  /** A child index counts only the children the mirror has (no scripts, comments...). */
  private boundary(node: Node, offset: number): [NodeId, number] | null {
    if (!this.ids.isMirrored(node) || this.policy.contextOf(node) === 'redacted') return null;
    if (node.nodeType === Node.TEXT_NODE) return [this.ids.idOf(node), offset];
    let mirroredBefore = 0;
    let index = 0;
    for (let child = node.firstChild; child && index < offset; child = child.nextSibling, index++) {
      if (this.ids.isMirrored(child)) mirroredBefore++;
    }
    return [this.ids.idOf(node), mirroredBefore];
  }
}
