// The customer's side of guidance in read-only mode: the agent's pointer, highlights and annotations drawn over the
// page in an overlay the page cannot style and the capture never sends.
import type { NodeId } from '../../protocol/frames';
import { GUIDE_LIMITS, readGuideFrame, type Annotation, type CustomerGuideFrame, type GuideFrame } from '../../protocol/guide';
import { drawAnnotation } from './draw';
import { showHighlight, viewportBoxOf } from './highlight';
import { guidanceLabels, type GuidanceLocale } from './labels';
import { createOverlay } from './overlay';
import type { UiHost } from '../ui/host';

export { OVERLAY_ATTRIBUTE } from './overlay';
export type { GuidanceLocale } from './labels';

export interface GuidanceOptions {
  /** The live node the capture sent under this id (`Capture.nodeOf`). */
  nodeOf: (id: NodeId) => Node | undefined;
  /** Sends the customer's answers into the page's frame stream. */
  send: (frame: CustomerGuideFrame) => void;
  locale?: GuidanceLocale;
  /** Draw in this shared UI host (the product's) instead of a host of its own. */
  host?: UiHost;
}

export interface Guidance {
  /** Shows one frame from the agent; anything malformed or over the limits is ignored. */
  apply(frame: GuideFrame): void;
  /** Removes every annotation, as the customer's own button does, and tells the agent. */
  clear(): void;
  /** Shows the agent's pointer as the one in control of the page (or not). */
  setControlling(controlling: boolean): void;
  /** Removes the overlay and every listener and timer: the page is left as it was. */
  dispose(): void;
}

export function createGuidance(document: Document, options: GuidanceOptions): Guidance {
  const win = document.defaultView ?? window;
  const overlay = createOverlay(document, guidanceLabels(options.locale), options.host);
  const drawn = new Map<string, SVGGElement>();
  let stopHighlight: (() => void) | undefined;

  const onScroll = (): void => overlay.followScroll();
  // Taking the press keeps focus (and a selection) where the customer left it.
  const keepFocus = (event: Event): void => event.preventDefault();
  const onClear = (event: Event): void => {
    event.stopPropagation();
    clear();
  };
  win.addEventListener('scroll', onScroll, { passive: true });
  overlay.clearButton.addEventListener('mousedown', keepFocus);
  overlay.clearButton.addEventListener('click', onClear);
  overlay.followScroll();
  overlay.attach();

  const showClearButton = (): void => {
    overlay.clearButton.style.display = drawn.size > 0 ? 'block' : 'none';
  };

  const annotate = (annotation: Annotation): void => {
    drawn.get(annotation.id)?.remove();
    drawn.delete(annotation.id);
    if (drawn.size >= GUIDE_LIMITS.annotations) remove(drawn.keys().next().value as string);
    const group = drawAnnotation(document, annotation);
    overlay.annotations.append(group);
    drawn.set(annotation.id, group);
    showClearButton();
  };

  const remove = (id: string): void => {
    drawn.get(id)?.remove();
    drawn.delete(id);
    showClearButton();
  };

  const removeAll = (): void => {
    for (const group of drawn.values()) group.remove();
    drawn.clear();
    showClearButton();
  };

  const highlight = (id: NodeId): void => {
    const node = options.nodeOf(id);
    const element = node?.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (!element || element.nodeType !== Node.ELEMENT_NODE) return;
    stopHighlight?.();
    stopHighlight = showHighlight(win, overlay.highlight, () =>
      (element as Element).isConnected ? viewportBoxOf(element as Element, document) : null);
  };

  const apply = (input: GuideFrame): void => {
    const frame = readGuideFrame(input);
    if (!frame) return;
    switch (frame.t) {
      case 'pointer':
        overlay.pointer.style.transform = `translate(${frame.x}px, ${frame.y}px)`;
        overlay.pointer.style.display = 'block';
        return;
      case 'pointer-leave':
        overlay.pointer.style.display = 'none';
        return;
      case 'highlight':
        highlight(frame.id);
        return;
      case 'annotate':
        annotate(frame.annotation);
        return;
      case 'annotation-remove':
        remove(frame.id);
        return;
      case 'annotations-clear':
        removeAll();
        return;
    }
  };

  const clear = (): void => {
    removeAll();
    options.send({ v: 1, t: 'annotations-cleared' });
  };

  let disposed = false;
  return {
    apply: (frame) => {
      if (!disposed) apply(frame);
    },
    clear: () => {
      if (!disposed) clear();
    },
    setControlling: (controlling) => overlay.setControlling(controlling),
    dispose() {
      if (disposed) return;
      disposed = true;
      stopHighlight?.();
      win.removeEventListener('scroll', onScroll);
      overlay.clearButton.removeEventListener('mousedown', keepFocus);
      overlay.clearButton.removeEventListener('click', onClear);
      overlay.remove();
    },
  };
}
