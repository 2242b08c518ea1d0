// What the agent's mouse and keyboard do over the mirror while the customer has granted control: a press clicks the
// customer's element (or opens a picker for a <select>), typing goes through a hidden textarea kept focused as the
// keyboard sink (so IME composition and paste work) and leaves as text and key frames, the wheel scrolls the window
// or the scrollable element under the pointer. Everything is in the customer's CSS pixels and captured node ids.
import { CONTROL_KEYS, CONTROL_LIMITS, type ControlFrame, type ControlKey } from '../protocol/control';
import type { NodeId } from '../protocol/frames';
import type { Mirror } from '../mirror/rebuild';
import type { ConsoleLabels } from './labels';
import type { MirrorNodeIndex } from './node-index';
import { openSelectPicker, type SelectPicker } from './select-picker';
import type { Stage } from './stage';

/** Scroll frames leave at most this often while the wheel turns (the last position always leaves). */
const SCROLL_INTERVAL_MS = 60;
/** A wheel pause longer than this starts again from the mirror's position instead of the last one sent. */
const SCROLL_SETTLE_MS = 400;
/** Pixels per line when the wheel reports lines (Firefox), as browsers scroll. */
const LINE_HEIGHT = 16;
const BLOCK_SELECTOR = '[data-cobrowse-block]';

export interface ControlInputOptions {
  stage: Stage;
  mirror: Mirror;
  index: MirrorNodeIndex;
  labels: ConsoleLabels;
  /** Whether presses are the control layer's (the pointer tool): other tools keep annotating. */
  active(): boolean;
  send(frame: ControlFrame): void;
  /** Shows a short message next to a mirror element (or over the stage). */
  hint(text: string, element?: Element): void;
  /** The agent did something that may load another page (a link or submit button clicked). */
  mayNavigate(): void;
}

export interface ControlInput {
  /** The customer's focused element changed (focus frame): typing goes there from now on. */
  focusChanged(id: NodeId | null): void;
  /** Stops typing and closes the picker (control ended, or the page changed). */
  reset(): void;
  dispose(): void;
}

const KEYS: ReadonlySet<string> = new Set(CONTROL_KEYS);

export function createControlInput(options: ControlInputOptions): ControlInput {
  const { stage, mirror, index, labels } = options;
  const input = stage.input;
  const doc = input.ownerDocument;
  const win = doc.defaultView ?? window;

  let target: NodeId | undefined;
  let pendingText = '';
  let textFrame = 0;
  let picker: SelectPicker | undefined;

  const sink = doc.createElement('textarea');
  sink.className = 'cbc-keyboard';
  sink.setAttribute('aria-label', labels.keyboard);
  sink.setAttribute('autocomplete', 'off');
  sink.setAttribute('autocapitalize', 'off');
  sink.spellcheck = false;
  stage.element.append(sink);

  const tip = doc.createElement('div');
  tip.className = 'cbc-blocked-tip';
  tip.setAttribute('role', 'tooltip');
  tip.textContent = labels.refusals.blocked;
  stage.element.append(tip);

  /**
   * The innermost element at a point of the stage (inside open shadow roots and the mirror's same-origin frames),
   * with the point in that element's own document's viewport pixels, as the customer's events will see it.
   */
  const pointAt = (clientX: number, clientY: number): { element: Element | null; x: number; y: number } => {
    let [x, y] = stage.toViewport(clientX, clientY);
    let element = mirror.document.elementFromPoint(x, y);
    for (let depth = 0; element && depth < 10; depth += 1) {
      const inner = element.shadowRoot?.elementFromPoint(x, y);
      if (inner && inner !== element) {
        element = inner;
        continue;
      }
      const frame = element.localName === 'iframe' || element.localName === 'frame' ? (element as HTMLIFrameElement) : undefined;
      const frameDocument = frame?.contentDocument;
      if (!frame || !frameDocument) break;
      const box = frame.getBoundingClientRect();
      x -= box.left + frame.clientLeft;
      y -= box.top + frame.clientTop;
      const nested = frameDocument.elementFromPoint(x, y);
      if (!nested) break;
      element = nested;
    }
    return { element, x, y };
  };
  const elementAt = (clientX: number, clientY: number): Element | null => pointAt(clientX, clientY).element;
  /** The nearest captured element at or around a mirror node, with its id. */
  const capturedAround = (node: Element | null): [NodeId, Element] | undefined => {
    const id = index.idAround(node);
    const element = id === undefined ? undefined : mirror.nodeById(id);
    return id !== undefined && element?.nodeType === Node.ELEMENT_NODE ? [id, element as Element] : undefined;
  };

  const flushText = (): void => {
    win.cancelAnimationFrame(textFrame);
    textFrame = 0;
    const text = pendingText;
    pendingText = '';
    if (!text || target === undefined) return;
    for (let start = 0; start < text.length; start += CONTROL_LIMITS.text) {
      options.send({ v: 1, t: 'text', id: target, text: text.slice(start, start + CONTROL_LIMITS.text) });
    }
  };
  /** Takes what the sink received (typed, composed or pasted) and sends it with the next animation frame. */
  const takeSinkText = (): void => {
    const text = sink.value;
    sink.value = '';
    if (!text) return;
    pendingText += text;
    if (!textFrame) textFrame = win.requestAnimationFrame(flushText);
  };

  const onInput = (event: Event): void => {
    if ((event as InputEvent).isComposing) return; // the composition ends with compositionend
    takeSinkText();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing || event.keyCode === 229) return; // the IME owns this key
    if (event.ctrlKey || event.metaKey || event.altKey) return; // shortcuts (paste arrives as input)
    if (!KEYS.has(event.key)) return;
    event.preventDefault(); // Tab must not move focus out of the sink, Enter must not add a newline to it
    flushText(); // keep order: text typed before the key lands first
    if (target === undefined) return;
    const frame: ControlFrame = { v: 1, t: 'key', id: target, key: event.key as ControlKey };
    if (event.shiftKey) frame.shift = true;
    options.send(frame);
    if (event.key === 'Enter') options.mayNavigate();
  };

  const focusSink = (): void => {
    if (doc.activeElement !== sink) sink.focus({ preventScroll: true });
  };

  const onDown = (event: PointerEvent): void => {
    if (event.button !== 0 || !options.active()) return;
    event.preventDefault(); // keep the keyboard sink focused
    closePicker();
    const point = pointAt(event.clientX, event.clientY);
    const found = capturedAround(point.element);
    if (!found) return;
    flushText();
    const [id, element] = found;
    if (element.closest(BLOCK_SELECTOR)) options.hint(labels.refusals.blocked, element);
    const select = element.closest('select');
    const selectId = select ? mirror.idOf(select) : undefined;
    if (select && selectId !== undefined && !element.closest(BLOCK_SELECTOR)) {
      target = selectId;
      picker = openSelectPicker({
        stage, select, labels,
        choose: (indices) => {
          closePicker();
          options.send({ v: 1, t: 'select', id: selectId, indices });
          focusSink();
        },
        cancel: () => {
          closePicker();
          focusSink();
        },
      });
      return;
    }
    const rect = element.getBoundingClientRect(); // in the element's own document, like point.x/y
    const [stageX, stageY] = stage.toViewport(event.clientX, event.clientY);
    // The sink sits where the agent clicked, so an IME's candidate window opens next to the field being typed in.
    sink.style.transform = `translate(${Math.round(stageX * stage.scale)}px, ${Math.round(stageY * stage.scale)}px)`;
    target = id;
    options.send({ v: 1, t: 'click', id, x: round(point.x - rect.left), y: round(point.y - rect.top) });
    if (element.closest('a[href], button[type=submit], input[type=submit], button:not([type])')) options.mayNavigate();
    focusSink();
    // The press's own default focus change happens after pointerdown in some browsers: take focus back then.
    win.setTimeout(() => { if (!picker && options.active()) focusSink(); }, 0);
  };

  const onMove = (event: PointerEvent): void => {
    const blocked = options.active() ? elementAt(event.clientX, event.clientY)?.closest(BLOCK_SELECTOR) : null;
    if (!blocked) {
      delete input.dataset.blocked;
      tip.style.display = 'none';
      return;
    }
    input.dataset.blocked = 'true';
    const box = stage.element.getBoundingClientRect();
    tip.style.display = 'block';
    tip.style.transform = `translate(${event.clientX - box.left + 14}px, ${event.clientY - box.top + 18}px)`;
  };
  const onLeave = (): void => {
    delete input.dataset.blocked;
    tip.style.display = 'none';
  };

  // Wheel: positions accumulate locally (the mirror follows the customer a little later) and leave throttled.
  let scroll: { id: NodeId | undefined; x: number; y: number; at: number } | undefined;
  let scrollTimer = 0;
  let lastScrollSent = 0;
  const sendScroll = (): void => {
    scrollTimer = 0;
    if (!scroll) return;
    lastScrollSent = Date.now();
    const frame: ControlFrame = scroll.id === undefined
      ? { v: 1, t: 'scroll', x: scroll.x, y: scroll.y }
      : { v: 1, t: 'scroll', id: scroll.id, x: scroll.x, y: scroll.y };
    options.send(frame);
  };
  const onWheel = (event: WheelEvent): void => {
    if (!options.active()) return;
    event.preventDefault();
    const unit = event.deltaMode === 1 ? LINE_HEIGHT : event.deltaMode === 2 ? stage.viewport?.height ?? 600 : 1;
    const dx = event.deltaX * unit;
    const dy = event.deltaY * unit;
    const scroller = scrollableAt(elementAt(event.clientX, event.clientY), dx, dy);
    const id = scroller ? mirror.idOf(scroller) : undefined;
    const now = Date.now();
    if (!scroll || scroll.id !== id || now - scroll.at > SCROLL_SETTLE_MS) {
      const view = mirror.document.defaultView;
      const [x, y] = scroller ? [scroller.scrollLeft, scroller.scrollTop] : [view?.scrollX ?? 0, view?.scrollY ?? 0];
      scroll = { id, x, y, at: now };
    }
    const [maxX, maxY] = scroller
      ? [scroller.scrollWidth - scroller.clientWidth, scroller.scrollHeight - scroller.clientHeight]
      : maxWindowScroll(mirror.document);
    scroll.x = clamp(round(scroll.x + dx), 0, maxX);
    scroll.y = clamp(round(scroll.y + dy), 0, maxY);
    scroll.at = now;
    if (!scrollTimer) scrollTimer = win.setTimeout(sendScroll, Math.max(0, SCROLL_INTERVAL_MS - (now - lastScrollSent)));
  };

  const closePicker = (): void => {
    picker?.close();
    picker = undefined;
  };

  input.addEventListener('pointerdown', onDown);
  input.addEventListener('pointermove', onMove);
  input.addEventListener('pointerleave', onLeave);
  input.addEventListener('wheel', onWheel, { passive: false });
  sink.addEventListener('input', onInput);
  sink.addEventListener('compositionend', takeSinkText);
  sink.addEventListener('keydown', onKeyDown);

  const reset = (): void => {
    flushText();
    closePicker();
    onLeave();
    win.clearTimeout(scrollTimer);
    scrollTimer = 0;
    scroll = undefined;
    sink.value = '';
    if (doc.activeElement === sink) sink.blur();
  };

  return {
    focusChanged(id) {
      if (id !== null) target = id;
    },
    reset,
    dispose() {
      reset();
      input.removeEventListener('pointerdown', onDown);
      input.removeEventListener('pointermove', onMove);
      input.removeEventListener('pointerleave', onLeave);
      input.removeEventListener('wheel', onWheel);
      sink.remove();
      tip.remove();
    },
  };
}

/** The innermost element around `start` that can still scroll in the wheel's direction, or null for the window. */
function scrollableAt(start: Element | null, dx: number, dy: number): Element | null {
  const doc = start?.ownerDocument;
  for (let element = start; element && element !== doc?.documentElement && element !== doc?.body; element = element.parentElement) {
    const style = element.ownerDocument.defaultView?.getComputedStyle(element);
    if (!style) return null;
    const canY = /(auto|scroll|overlay)/.test(style.overflowY) && element.scrollHeight > element.clientHeight;
    const canX = /(auto|scroll|overlay)/.test(style.overflowX) && element.scrollWidth > element.clientWidth;
    const roomY = dy > 0 ? element.scrollTop + element.clientHeight < element.scrollHeight - 1 : element.scrollTop > 0;
    const roomX = dx > 0 ? element.scrollLeft + element.clientWidth < element.scrollWidth - 1 : element.scrollLeft > 0;
    if ((canY && dy !== 0 && roomY) || (canX && dx !== 0 && roomX)) return element;
  }
  return null;
}

function maxWindowScroll(doc: Document): [number, number] {
  const root = doc.scrollingElement ?? doc.documentElement;
  const view = doc.defaultView;
  return [Math.max(0, root.scrollWidth - (view?.innerWidth ?? root.clientWidth)), Math.max(0, root.scrollHeight - (view?.innerHeight ?? root.clientHeight))];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
