// What the agent's mouse (or pen) does over the stage: the pointer is always shared, throttled to one frame per
// animation frame; a press highlights, draws an annotation or opens a text label, by tool. Everything is handed
// out in the customer's coordinates: viewport pixels for the pointer, document pixels for annotations.
import { GUIDE_LIMITS, capText, type Annotation, type Point } from '../protocol/guide';
import { TEXT_SIZE } from '../sdk/guidance/draw';
import type { Stage } from './stage';
import type { Tool } from './tools';

/** A drag shorter than this (in the agent's screen pixels) is a slip, not an arrow or a box. */
const MIN_DRAG = 4;
/** Freehand points closer than this (in the agent's screen pixels) to the previous one add nothing visible. */
const MIN_STEP = 2;

export interface GuideInputOptions {
  stage: Stage;
  tool(): Tool;
  color(): string;
  /** The mirror's scroll: document = viewport + scroll. */
  scroll(): [number, number];
  textPlaceholder: string;
  pointer(x: number, y: number): void;
  pointerLeave(): void;
  highlightAt(x: number, y: number): void;
  /** An annotation being drawn (shown in the console only), or null when it ends. */
  draft(annotation: Annotation | null): void;
  commit(annotation: Annotation): void;
}

export interface GuideInput {
  /** Drops a drawing or text label in progress. */
  cancel(): void;
  dispose(): void;
}

interface Drag {
  pointerId: number;
  tool: 'freehand' | 'arrow' | 'box';
  id: string;
  start: Point;
  points: Point[];
}

export function listenGuideInput(options: GuideInputOptions): GuideInput {
  const { stage } = options;
  const input = stage.input;
  const win = input.ownerDocument.defaultView ?? window;
  let pendingPointer: [number, number] | undefined;
  let pointerFrame = 0;
  let drag: Drag | undefined;
  let editor: HTMLInputElement | undefined;

  const toDocument = (event: PointerEvent): Point => {
    const [x, y] = stage.toViewport(event.clientX, event.clientY);
    const [scrollX, scrollY] = options.scroll();
    return [round(x + scrollX), round(y + scrollY)];
  };

  const onMove = (event: PointerEvent): void => {
    const [x, y] = stage.toViewport(event.clientX, event.clientY);
    pendingPointer = [round(x), round(y)];
    if (!pointerFrame) {
      pointerFrame = win.requestAnimationFrame(() => {
        pointerFrame = 0;
        if (pendingPointer) options.pointer(...pendingPointer);
        pendingPointer = undefined;
      });
    }
    if (drag && event.pointerId === drag.pointerId) {
      extend(drag, toDocument(event), MIN_STEP / stage.scale);
      options.draft(annotationOf(drag, options.color()));
    }
  };

  const onLeave = (): void => {
    if (drag) return; // captured: the drag goes on outside the stage
    win.cancelAnimationFrame(pointerFrame);
    pointerFrame = 0;
    pendingPointer = undefined;
    options.pointerLeave();
  };

  const onDown = (event: PointerEvent): void => {
    if (event.button !== 0 || drag) return;
    const tool = options.tool();
    if (tool === 'pointer') return;
    event.preventDefault();
    if (tool === 'highlight') {
      options.highlightAt(...stage.toViewport(event.clientX, event.clientY));
    } else if (tool === 'text') {
      openEditor(event);
    } else {
      const start = toDocument(event);
      drag = { pointerId: event.pointerId, tool, id: newAnnotationId(), start, points: [start] };
      input.setPointerCapture(event.pointerId);
      options.draft(annotationOf(drag, options.color()));
    }
  };

  const onUp = (event: PointerEvent): void => {
    if (!drag || event.pointerId !== drag.pointerId) return;
    extend(drag, toDocument(event), MIN_STEP / stage.scale);
    const finished = drag;
    drag = undefined;
    options.draft(null);
    const annotation = annotationOf(finished, options.color());
    if (finished.tool === 'freehand' || dragLength(finished) * stage.scale >= MIN_DRAG) options.commit(annotation);
    // The drag kept the pointer captured past the stage's edge: the leave it held back happens now.
    const box = input.getBoundingClientRect();
    const outside = event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
    if (outside) onLeave();
  };

  const onCancel = (event: PointerEvent): void => {
    if (drag && event.pointerId === drag.pointerId) cancelDrag();
  };

  const cancelDrag = (): void => {
    drag = undefined;
    options.draft(null);
  };

  const openEditor = (event: PointerEvent): void => {
    closeEditor(true);
    const [x, y] = stage.toViewport(event.clientX, event.clientY);
    const at = toDocument(event);
    const field = input.ownerDocument.createElement('input');
    field.type = 'text';
    field.className = 'cbc-text';
    field.maxLength = GUIDE_LIMITS.text;
    field.placeholder = options.textPlaceholder;
    field.style.transform = `translate(${x * stage.scale}px, ${y * stage.scale}px)`;
    field.style.fontSize = `${Math.max(10, TEXT_SIZE * stage.scale)}px`;
    field.dataset.x = String(at[0]);
    field.dataset.y = String(at[1]);
    field.addEventListener('keydown', (key) => {
      if (key.key === 'Enter') closeEditor(true);
      else if (key.key === 'Escape') closeEditor(false);
    });
    field.addEventListener('blur', () => closeEditor(true));
    stage.element.append(field);
    editor = field;
    field.focus();
    // The press that opened it may still move focus when it ends: take it back, keeping what was typed meanwhile.
    win.setTimeout(() => {
      if (editor === field && input.ownerDocument.activeElement !== field) field.focus();
    }, 0);
  };

  const closeEditor = (keep: boolean): void => {
    const field = editor;
    if (!field) return;
    editor = undefined;
    field.remove();
    const text = capText(field.value.trim());
    if (!keep || !text) return;
    const at: Point = [Number(field.dataset.x), Number(field.dataset.y)];
    options.commit({ id: newAnnotationId(), kind: 'text', color: options.color(), points: [at], text });
  };

  input.addEventListener('pointermove', onMove);
  input.addEventListener('pointerleave', onLeave);
  input.addEventListener('pointerdown', onDown);
  input.addEventListener('pointerup', onUp);
  input.addEventListener('pointercancel', onCancel);

  return {
    cancel() {
      cancelDrag();
      closeEditor(false);
    },
    dispose() {
      cancelDrag();
      closeEditor(false);
      win.cancelAnimationFrame(pointerFrame);
      input.removeEventListener('pointermove', onMove);
      input.removeEventListener('pointerleave', onLeave);
      input.removeEventListener('pointerdown', onDown);
      input.removeEventListener('pointerup', onUp);
      input.removeEventListener('pointercancel', onCancel);
    },
  };
}

function extend(drag: Drag, point: Point, minStep: number): void {
  if (drag.tool !== 'freehand') {
    drag.points = [drag.start, point];
    return;
  }
  const last = drag.points[drag.points.length - 1] as Point;
  if (drag.points.length >= GUIDE_LIMITS.points || Math.hypot(point[0] - last[0], point[1] - last[1]) < minStep) return;
  drag.points.push(point);
}

function annotationOf(drag: Drag, color: string): Annotation {
  const end = drag.points[drag.points.length - 1] as Point;
  switch (drag.tool) {
    case 'freehand':
      return { id: drag.id, kind: 'freehand', color, points: drag.points.slice() };
    case 'arrow':
      return { id: drag.id, kind: 'arrow', color, points: [drag.start, end] };
    case 'box':
      return {
        id: drag.id, kind: 'box', color,
        rect: {
          x: Math.min(drag.start[0], end[0]), y: Math.min(drag.start[1], end[1]),
          width: round(Math.abs(end[0] - drag.start[0])), height: round(Math.abs(end[1] - drag.start[1])),
        },
      };
  }
}

function dragLength(drag: Drag): number {
  const end = drag.points[drag.points.length - 1] as Point;
  return Math.hypot(end[0] - drag.start[0], end[1] - drag.start[1]);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

let counter = 0;
/** Unique enough within a session: a random part against other agents, a counter within this console. */
function newAnnotationId(): string {
  counter += 1;
  return `${Math.random().toString(36).slice(2, 10)}-${counter.toString(36)}`;
}
