// The agent's view of a session: the mirror scaled into the console with the customer's viewport outlined and
// pointer drawn, and the guidance tools (pointer, highlight, annotations) that send GuideFrames to the customer. In
// control mode (only while the service says this agent is in control) the pointer tool clicks, types, selects,
// scrolls and navigates in the customer's page instead; refusals show as hints next to the element.
import { readControlRefusedFrame, type ControlFrame } from '../protocol/control';
import type { Frame } from '../protocol/frames';
import { createMirror, type Mirror } from '../mirror/rebuild';
import type { HeldBackHost, ResourcePolicy } from '../mirror/resources';
import {
  DEFAULT_ANNOTATION_COLOR, GUIDE_LIMITS, readAnnotation, readCustomerGuideFrame,
  type Annotation, type CustomerGuideFrame, type GuideFrame,
} from '../protocol/guide';
import { drawAnnotation } from '../sdk/guidance/draw';
import { showHighlight } from '../sdk/guidance/highlight';
import { createControlInput } from './control-input';
import { listenGuideInput } from './guide-input';
import { createHeldBackNotice } from './held-back';
import { createHints } from './hints';
import { consoleLabels, type ConsoleLocale } from './labels';
import { createNavBar } from './nav-bar';
import { MirrorNodeIndex } from './node-index';
import { createStage } from './stage';
import { CONSOLE_CSS } from './styles';
import { createToolbar } from './toolbar';
import { isTool, type Tool } from './tools';

export type { Tool } from './tools';
export type { ConsoleLocale } from './labels';

/** `view`: guidance only; `control`: the pointer tool acts in the customer's page. */
export type ConsoleMode = 'view' | 'control';

export interface ConsoleOptions {
  /** Sends a guidance frame to the customer. */
  send: (frame: GuideFrame) => void;
  /** Sends a control frame; rejects when the service refuses it (control was taken back). */
  sendControl?: (frame: ControlFrame) => Promise<void>;
  /** A control frame was refused by the service: the view went back to view-only by itself. */
  onControlLost?: () => void;
  locale?: ConsoleLocale;
  /** The tenant's resource policy (GET /sessions/{id}/resource-policy); without one, only the console's own origin. */
  resources?: ResourcePolicy;
  /** The mirror held back another resource (at most every half second): the hosts so far, most referenced first. */
  onHeldBack?: (hosts: HeldBackHost[]) => void;
}

export interface ConsoleView {
  /**
   * Applies a frame of the customer's stream: page frames go to the mirror, the rest is drawn around it. False when
   * the frame did not fit the mirror (see Mirror.apply): the caller should ask for a fresh snapshot.
   */
  apply(frame: Frame | CustomerGuideFrame): boolean;
  readonly mirror: Mirror;
  readonly tool: Tool;
  setTool(tool: Tool): void;
  /** Removes every annotation here and on the customer's page. */
  clearAnnotations(): void;
  readonly mode: ConsoleMode;
  /** Control mode only while the session's state says this agent is in control. */
  setMode(mode: ConsoleMode): void;
  /** The customer's page address (from the latest snapshot). */
  readonly pageUrl: string | undefined;
  /** A short message over the stage. */
  hint(text: string): void;
  /** A lasting note over the stage (null removes it); the mirror stays usable. */
  notice(text: string | null): void;
  /** The session is over: the mirror stays as it was last seen, under a message, and takes no more input. */
  freeze(message: string): void;
  dispose(): void;
}

/** How long "loading a new page" may show when no new snapshot comes (the click did not navigate after all). */
const LOADING_NOTICE_MS = 8000;
/** Held-back resources come in bursts (a page's images): the notice and the caller hear of them at most this often. */
const HELD_BACK_MS = 500;

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
  let pageUrl: string | undefined;
  const navBar = createNavBar(doc, {
    labels,
    pageUrl: () => pageUrl,
    send: (frame) => {
      sendControl(frame);
      showLoading();
    },
    refuse: (text) => hints.show(text),
  });
  const heldBackNotice = createHeldBackNotice(doc, labels);
  root.append(style, toolbar.element, navBar.element, area, heldBackNotice.element);
  container.append(root);

  const stage = createStage(area, labels.customer);
  let heldBackTimer = 0;
  const heldBack = (): void => {
    if (heldBackTimer) return;
    heldBackTimer = win.setTimeout(() => {
      heldBackTimer = 0;
      const hosts = mirror.heldBack();
      heldBackNotice.update(hosts);
      options.onHeldBack?.(hosts);
    }, HELD_BACK_MS);
  };
  const mirror = createMirror(stage.iframe, { resources: options.resources, onHeldBack: heldBack });
  const index = new MirrorNodeIndex(mirror);
  const hints = createHints(stage);
  let mode: ConsoleMode = 'view';
  let frozen = false;
  root.dataset.mode = mode;
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

  let noticeElement: HTMLElement | undefined;
  let loadingTimer = 0;
  const notice = (text: string | null): void => {
    win.clearTimeout(loadingTimer);
    noticeElement?.remove();
    noticeElement = undefined;
    if (text === null) return;
    noticeElement = doc.createElement('div');
    noticeElement.className = 'cbc-notice';
    noticeElement.setAttribute('role', 'status');
    noticeElement.textContent = text;
    area.append(noticeElement);
  };
  const showLoading = (): void => {
    notice(labels.loadingPage);
    loadingTimer = win.setTimeout(() => notice(null), LOADING_NOTICE_MS);
  };

  const sendControl = (frame: ControlFrame): void => {
    if (mode !== 'control' || frozen || !options.sendControl) return;
    options.sendControl(frame).catch(() => {
      if (mode !== 'control') return;
      setMode('view');
      hints.show(labels.controlEnded);
      options.onControlLost?.();
    });
  };
  const control = createControlInput({
    stage, mirror, index, labels,
    active: () => mode === 'control' && !frozen && tool === 'pointer',
    send: sendControl,
    hint: (text, element) => hints.show(text, element),
    mayNavigate: showLoading,
  });

  const setMode = (next: ConsoleMode): void => {
    if (frozen && next === 'control') return;
    if (next !== 'view' && next !== 'control') return;
    if (next === mode) return;
    mode = next;
    root.dataset.mode = next;
    navBar.setEnabled(next === 'control');
    control.reset();
    if (next === 'control') setTool('pointer');
  };
  navBar.setEnabled(false);

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

  const apply = (frame: Frame | CustomerGuideFrame): boolean => {
    if (frame.t === 'annotations-cleared') {
      if (readCustomerGuideFrame(frame)) removeAllLocal();
      return true;
    }
    if ((frame.t as string) === 'control-refused') {
      const refused = readControlRefusedFrame(frame);
      if (!refused) return true;
      if (noticeElement) notice(null); // whatever the agent expected to load, the customer's page refused it
      const node = refused.id === undefined ? undefined : mirror.nodeById(refused.id);
      hints.show(labels.refusals[refused.reason], node?.nodeType === Node.ELEMENT_NODE ? node as Element : undefined);
      return true;
    }
    switch (frame.t) {
      case 'snapshot': {
        if (!mirror.apply(frame)) return false;
        waiting.remove();
        // Annotations sit on the page they were drawn over; the customer's next page starts without them.
        if (pageUrl !== undefined && frame.url !== pageUrl) removeAllLocal();
        pageUrl = frame.url;
        navBar.showUrl(frame.url);
        control.reset();
        if (noticeElement) notice(null);
        stage.setViewport(frame.viewport);
        watchMirrorScroll(); // document.open in the rebuild drops listeners on the mirror's window
        followScroll();
        return true;
      }
      case 'viewport':
      case 'pointer':
        if (!mirror.apply(frame)) return false; // the mirror judges their shape; the stage draws them
        if (frame.t === 'viewport') stage.setViewport(frame.viewport);
        else stage.showCustomerPointer(frame.x, frame.y);
        return true;
      case 'focus': {
        const applied = mirror.apply(frame);
        if (applied) control.focusChanged(frame.id);
        return applied;
      }
      default: {
        const applied = mirror.apply(frame);
        if (frame.t === 'scroll' || frame.t === 'mutations') followScroll();
        return applied;
      }
    }
  };

  let disposed = false;
  return {
    apply: (frame) => disposed || apply(frame),
    mirror,
    get tool() { return tool; },
    setTool,
    clearAnnotations,
    get mode() { return mode; },
    setMode,
    get pageUrl() { return pageUrl; },
    hint: (text) => hints.show(text),
    notice: (text) => { if (!disposed) notice(text); },
    freeze(message) {
      if (disposed) return;
      setMode('view');
      frozen = true;
      root.dataset.frozen = 'true';
      input.cancel();
      notice(null);
      area.querySelector('.cbc-frozen')?.remove();
      const overlay = doc.createElement('div');
      overlay.className = 'cbc-frozen';
      overlay.setAttribute('role', 'alert');
      overlay.textContent = message;
      area.append(overlay);
      for (const button of root.querySelectorAll('button')) button.disabled = true;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      win.clearTimeout(loadingTimer);
      win.clearTimeout(heldBackTimer);
      stopHighlight?.();
      control.dispose();
      hints.dispose();
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
