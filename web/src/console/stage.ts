// The stage: the mirror iframe at the customer's viewport size, scaled down (never up) to fit the space the agent
// gives it, with the viewport outlined, and layers over it that share its coordinates. Layers inside `frame` are in
// the customer's viewport pixels (they scale with the mirror); the pointer and the input layer are in stage pixels.
import type { Viewport } from '../protocol/frames';
import { svgElement } from '../sdk/guidance/draw';
import { CUSTOMER_COLOR } from './styles';

/** Room around the stage so its outline shows on every side. */
const STAGE_MARGIN = 8;

export interface Stage {
  readonly iframe: HTMLIFrameElement;
  /** Annotations, in the customer's document coordinates (moved by the mirror's scroll). */
  readonly annotations: SVGGElement;
  /** The highlight outline, in the customer's viewport coordinates. */
  readonly highlight: HTMLElement;
  /** Receives the agent's presses and moves over the stage. */
  readonly input: HTMLElement;
  /** Holds elements placed in stage pixels (the text editor). */
  readonly element: HTMLElement;
  readonly scale: number;
  readonly viewport: Viewport | undefined;
  setViewport(viewport: Viewport): void;
  /** A point on the agent's screen in the customer's viewport pixels. */
  toViewport(clientX: number, clientY: number): [number, number];
  /** Draws the customer's pointer at a point of their viewport. */
  showCustomerPointer(x: number, y: number): void;
  /** Moves the annotation layer to the mirror's current scroll. */
  followScroll(): void;
  dispose(): void;
}

export function createStage(area: HTMLElement, customerLabel: string): Stage {
  const doc = area.ownerDocument;
  const element = doc.createElement('div');
  element.className = 'cbc-stage';
  const frame = doc.createElement('div');
  frame.className = 'cbc-frame';
  const iframe = doc.createElement('iframe');
  // Sandboxed before it is attached, so not even the initial empty document can run scripts.
  iframe.setAttribute('sandbox', 'allow-same-origin');
  iframe.setAttribute('title', 'Customer page');
  iframe.tabIndex = -1;
  const layer = svgElement(doc, 'svg', { class: 'cbc-annotations', 'aria-hidden': 'true' });
  const annotations = svgElement(doc, 'g');
  layer.append(annotations);
  const highlight = doc.createElement('div');
  highlight.className = 'cbc-highlight';
  frame.append(iframe, layer, highlight);

  const outline = doc.createElement('div');
  outline.className = 'cbc-outline';
  const pointer = createPointer(doc, customerLabel);
  const input = doc.createElement('div');
  input.className = 'cbc-input';
  element.append(frame, outline, pointer, input);
  area.append(element);

  let viewport: Viewport | undefined;
  let scale = 1;
  let lastPointer: [number, number] | undefined;

  const fit = (): void => {
    if (!viewport) return;
    const clientWidth = area.clientWidth - 2 * STAGE_MARGIN;
    const clientHeight = area.clientHeight - 2 * STAGE_MARGIN;
    scale = Math.min(1, clientWidth / viewport.width, clientHeight / viewport.height);
    if (!(scale > 0)) scale = Number.MIN_VALUE; // a collapsed area: keep the maths finite
    const width = viewport.width * scale;
    const height = viewport.height * scale;
    element.style.display = 'block';
    element.style.width = `${width}px`;
    element.style.height = `${height}px`;
    element.style.left = `${STAGE_MARGIN + Math.max(0, (clientWidth - width) / 2)}px`;
    element.style.top = `${STAGE_MARGIN + Math.max(0, (clientHeight - height) / 2)}px`;
    frame.style.width = `${viewport.width}px`;
    frame.style.height = `${viewport.height}px`;
    frame.style.transform = `scale(${scale})`;
    iframe.style.width = `${viewport.width}px`;
    iframe.style.height = `${viewport.height}px`;
    if (lastPointer) placePointer(...lastPointer);
  };

  const placePointer = (x: number, y: number): void => {
    pointer.style.transform = `translate(${x * scale}px, ${y * scale}px)`;
    pointer.style.display = 'block';
  };

  const resizes = new ResizeObserver(fit);
  resizes.observe(area);

  return {
    iframe,
    annotations,
    highlight,
    input,
    element,
    get scale() { return scale; },
    get viewport() { return viewport; },
    setViewport(next) {
      if (!(next.width > 0 && next.height > 0 && Number.isFinite(next.width) && Number.isFinite(next.height))) return;
      viewport = { ...next };
      fit();
    },
    toViewport(clientX, clientY) {
      const box = element.getBoundingClientRect();
      return [(clientX - box.left) / scale, (clientY - box.top) / scale];
    },
    showCustomerPointer(x, y) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      lastPointer = [x, y];
      placePointer(x, y);
    },
    followScroll() {
      const win = iframe.contentWindow;
      annotations.setAttribute('transform', `translate(${-(win?.scrollX ?? 0)} ${-(win?.scrollY ?? 0)})`);
    },
    dispose() {
      resizes.disconnect();
      element.remove();
    },
  };
}

function createPointer(doc: Document, label: string): HTMLElement {
  const pointer = doc.createElement('div');
  pointer.className = 'cbc-pointer';
  const arrow = svgElement(doc, 'svg', { viewBox: '0 0 20 22', 'aria-hidden': 'true' });
  arrow.append(svgElement(doc, 'path', { d: 'M1 1 L1 18 L6 13.5 L9.5 21 L12.5 19.7 L9 12.3 L16 12.3 Z', fill: CUSTOMER_COLOR, stroke: '#fff', 'stroke-width': 1.5, 'stroke-linejoin': 'round' }));
  const name = doc.createElement('span');
  name.textContent = label;
  pointer.append(arrow, name);
  return pointer;
}
