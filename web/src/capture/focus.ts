import type { FocusFrame, NodeId } from '../protocol/frames';
import { frameDocumentOf, isHtmlElement } from './dom';
import type { MaskPolicy } from './mask';
import type { NodeIds } from './node-ids';

/**
 * Which element has the keyboard focus, followed into open shadow roots and same-origin iframes (whose own
 * activeElement only says "the host" or "the iframe"). Sent once per animation frame when it changed.
 */
export class FocusCapture {
  private readonly stops: Array<() => void> = [];
  private lastSent: NodeId | null | undefined;
  private scheduled = false;

  constructor(
    private readonly top: Document,
    private readonly ids: NodeIds,
    private readonly policy: MaskPolicy,
    private readonly send: (frame: FocusFrame) => void,
  ) {}

  listen(document: Document): void {
    const onFocus = (): void => this.report();
    document.addEventListener('focusin', onFocus, true);
    document.addEventListener('focusout', onFocus, true);
    this.stops.push(() => {
      document.removeEventListener('focusin', onFocus, true);
      document.removeEventListener('focusout', onFocus, true);
    });
  }

  report(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.scheduled && this.flush());
  }

  /** Forgets what was sent, so the next flush tells a fresh mirror (after a snapshot) where the focus is. */
  reset(): void {
    this.lastSent = undefined;
    this.report();
  }

  flush(): void {
    this.scheduled = false;
    const focused = deepActiveElement(this.top);
    const shown = focused && this.ids.isMirrored(focused) && this.policy.contextOf(focused) !== 'redacted';
    const id = shown ? this.ids.idOf(focused) : null;
    if (id === this.lastSent) return;
    this.lastSent = id;
    this.send({ v: 1, t: 'focus', id });
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}

function deepActiveElement(document: Document): Element | null {
  let active = document.activeElement;
  for (;;) {
    if (!active) return null;
    const inShadow = active.shadowRoot?.activeElement;
    if (inShadow) {
      active = inShadow;
      continue;
    }
    const frameDocument = isHtmlElement(active, 'iframe') ? frameDocumentOf(active) : null;
    if (frameDocument) {
      // Focus is in the frame but on nothing in it (its body): the customer sees no focus ring anywhere.
      const inner = frameDocument.activeElement;
      if (!inner || inner === frameDocument.body || inner === frameDocument.documentElement) return null;
      active = inner;
      continue;
    }
    const owner = active.ownerDocument;
    return active === owner.body || active === owner.documentElement ? null : active;
  }
}
