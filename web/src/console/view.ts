// The agent's view of a session: the mirror scaled into the console with the customer's viewport outlined and
// pointer drawn, and the guidance tools (pointer, highlight, annotations) that send GuideFrames to the customer.
import type { Frame } from '../protocol/frames';
import { createMirror, type Mirror } from '../mirror/rebuild';
import {
  DEFAULT_ANNOTATION_COLOR, GUIDE_LIMITS, readAnnotation, readCustomerGuideFrame,
  type Annotation, type CustomerGuideFrame, type GuideFrame,
} from '../protocol/guide';
import { drawAnnotation } from '../sdk/guidance/draw';
import { showHighlight } from '../sdk/guidance/highlight';
import { listenGuideInput } from './guide-input';
import { consoleLabels, type ConsoleLocale } from './labels';
import { MirrorNodeIndex } from './node-index';
import { createStage } from './stage';
import { CONSOLE_CSS } from './styles';
import { createToolbar } from './toolbar';
import { isTool, type Tool } from './tools';

export type { Tool } from './tools';
export type { ConsoleLocale } from './labels';

export interface ConsoleOptions {
  /** Sends a guidance frame to the customer. */
  send: (frame: GuideFrame) => void;
  locale?: ConsoleLocale;
}

export interface ConsoleView {
  /** Applies a frame of the customer's stream: page frames go to the mirror, the rest is drawn around it. */
  apply(frame: Frame | CustomerGuideFrame): void;
  readonly mirror: Mirror;
  readonly tool: Tool;
  setTool(tool: Tool): void;
  /** Removes every annotation here and on the customer's page. */
  clearAnnotations(): void;
  dispose(): void;
}

export function createConsole(container: HTMLElement, options: ConsoleOptions): ConsoleView {
  const doc = container.ownerDocument;
  const win = doc.defaultView ?? window;
  const labels = consoleLabels(options.locale);

  const root = doc.createElement('div');
  root.className = 'cbc';
  const style = doc.createElement('style');
  style.textContent = CONSOLE_CSS;
  const toolbar = createToolbar(doc, labels);
  const area = doc.createElement('div');
  area.className = 'cbc-area';
  const waiting = doc.createElement('div');
  waiting.className = 'cbc-waiting';
  waiting.textContent = labels.waiting;
  area.append(waiting);
  root.append(style, toolbar.element, area);
  container.append(root);

  const stage = createStage(area, labels.customer);
  const mirror = createMirror(stage.iframe);
  const index = new MirrorNodeIndex(mirror);
  const annotations = new Map<string, SVGGElement>();
  let draft: SVGGElement | undefined;
  let tool: Tool = 'pointer';
  let stopHighlight: (() => void) | undefined;

  const mirrorWindow = (): Window | null => stage.iframe.contentWindow;
  const followScroll = (): void => stage.followScroll();
  /** A smooth-scrolling page moves after scrollTo returns: follow the mirror's own scroll events too. */
  let scrollSource: Window | null = null;
  const watchMirrorScroll = (): void => {
    scrollSource?.removeEventListener('scroll', followScroll);
    scrollSource = mirrorWindow();
    scrollSource?.addEventListener('scroll', followScroll, { passive: true });
  };

  const draw = (annotation: Annotation): void => {
    annotations.get(annotation.id)?.remove();
    annotations.delete(annotation.id);
    if (annotations.size >= GUIDE_LIMITS.annotations) removeLocal(annotations.keys().next().value as string);
    const group = drawAnnotation(doc, annotation);
    stage.annotations.insertBefore(group, draft ?? null);
    annotations.set(annotation.id, group);
  };
  const removeLocal = (id: string): void => {
    annotations.get(id)?.remove();
    annotations.delete(id);
  };
  const removeAllLocal = (): void => {
    for (const group of annotations.values()) group.remove();
    annotations.clear();
  };

  const highlight = (element: Element): void => {
    stopHighlight?.();
    stopHighlight = showHighlight(win, stage.highlight, () => {
      if (!element.isConnected) return null;
      const rect = element.getBoundingClientRect(); // the mirror's own viewport pixels: the layer scales with it
      return { left: rect.left, top: rect.top, width: rect.width, height: rect.height };
    });
  };

  const input = listenGuideInput({
    stage,
    tool: () => tool,
    color: () => DEFAULT_ANNOTATION_COLOR,
    scroll: () => {
      const view = mirrorWindow();
      return [view?.scrollX ?? 0, view?.scrollY ?? 0];
    },
    textPlaceholder: labels.textPlaceholder,
    pointer: (x, y) => options.send({ v: 1, t: 'pointer', x, y }),
    pointerLeave: () => options.send({ v: 1, t: 'pointer-leave' }),
    highlightAt: (x, y) => {
      const target = deepElementFromPoint(mirror.document, x, y);
      const id = index.idAround(target);
      const node = id === undefined ? undefined : mirror.nodeById(id);
      if (id === undefined || node?.nodeType !== Node.ELEMENT_NODE) return;
      highlight(node as Element);
      options.send({ v: 1, t: 'highlight', id });
    },
    draft: (annotation) => {
      draft?.remove();
      draft = annotation ? drawAnnotation(doc, annotation) : undefined;
      if (draft) stage.annotations.append(draft);
    },
    commit: (drawn) => {
      const annotation = readAnnotation(drawn); // the customer's limits, checked before it leaves
      if (!annotation) return;
      draw(annotation);
      options.send({ v: 1, t: 'annotate', annotation });
    },
  });

  const setTool = (next: Tool): void => {
    if (!isTool(next)) return;
    if (next !== tool) input.cancel();
    tool = next;
    stage.input.dataset.tool = next;
    toolbar.press(next);
  };
  const clearAnnotations = (): void => {
    input.cancel();
    removeAllLocal();
    options.send({ v: 1, t: 'annotations-clear' });
  };
  const undo = (): void => {
    const last = [...annotations.keys()].pop();
    if (last === undefined) return;
    removeLocal(last);
    options.send({ v: 1, t: 'annotation-remove', id: last });
  };
  toolbar.onTool(setTool);
  toolbar.onClear(clearAnnotations);
  toolbar.onUndo(undo);
  setTool('pointer');

  const apply = (frame: Frame | CustomerGuideFrame): void => {
    if (frame.t === 'annotations-cleared') {
      if (readCustomerGuideFrame(frame)) removeAllLocal();
      return;
    }
    switch (frame.t) {
      case 'snapshot':
        mirror.apply(frame);
        waiting.remove();
        stage.setViewport(frame.viewport);
        watchMirrorScroll(); // document.open in the rebuild drops listeners on the mirror's window
        followScroll();
        return;
      case 'viewport':
        stage.setViewport(frame.viewport);
        return;
      case 'pointer':
        stage.showCustomerPointer(frame.x, frame.y);
        return;
      default:
        mirror.apply(frame);
        if (frame.t === 'scroll' || frame.t === 'mutations') followScroll();
    }
  };

  let disposed = false;
  return {
    apply: (frame) => {
      if (!disposed) apply(frame);
    },
    mirror,
    get tool() { return tool; },
    setTool,
    clearAnnotations,
    dispose() {
      if (disposed) return;
      disposed = true;
      stopHighlight?.();
      input.dispose();
      scrollSource?.removeEventListener('scroll', followScroll);
      stage.dispose();
      root.remove();
    },
  };
}

/** The innermost element at a point of the mirror's viewport, inside open shadow roots too. */
function deepElementFromPoint(document: Document, x: number, y: number): Element | null {
  let element = document.elementFromPoint(x, y);
  while (element?.shadowRoot) {
    const inner = element.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === element) break;
    element = inner;
  }
  return element;
}
