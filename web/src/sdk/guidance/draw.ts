// SVG for one annotation, shared by the customer's overlay and the agent's console so both sides draw the same
// shapes. Coordinates stay in document pixels: each side puts the result in a group that undoes its scroll (and,
// in the console, scales). Text goes in through textContent only: a label is never markup.
import type { Annotation, Point } from '../../protocol/guide';

const SVG_NS = 'http://www.w3.org/2000/svg';
const STROKE_WIDTH = 3;
const ARROW_HEAD_LENGTH = 16;
const ARROW_HEAD_ANGLE = Math.PI / 7;
export const TEXT_SIZE = 18;

export function svgElement<K extends keyof SVGElementTagNameMap>(doc: Document, tag: K, attributes: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const element = doc.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** A `<g>` holding the annotation's shapes, tagged with its id and kind. */
export function drawAnnotation(doc: Document, annotation: Annotation): SVGGElement {
  const group = svgElement(doc, 'g', { 'data-annotation': annotation.id, 'data-kind': annotation.kind });
  const stroke = { stroke: annotation.color, 'stroke-width': STROKE_WIDTH, fill: 'none', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' };
  switch (annotation.kind) {
    case 'freehand':
      group.append(svgElement(doc, annotation.points.length > 1 ? 'polyline' : 'circle', annotation.points.length > 1
        ? { ...stroke, points: annotation.points.map(formatPoint).join(' ') }
        : { cx: annotation.points[0][0], cy: annotation.points[0][1], r: STROKE_WIDTH, fill: annotation.color }));
      break;
    case 'arrow': {
      const [from, to] = annotation.points;
      group.append(
        svgElement(doc, 'line', { ...stroke, x1: from[0], y1: from[1], x2: to[0], y2: to[1] }),
        svgElement(doc, 'polyline', { ...stroke, points: arrowHead(from, to).map(formatPoint).join(' ') }),
      );
      break;
    }
    case 'box': {
      const { x, y, width, height } = annotation.rect;
      group.append(svgElement(doc, 'rect', { ...stroke, x, y, width, height, rx: 4 }));
      break;
    }
    case 'text': {
      const [x, y] = annotation.points[0];
      const text = svgElement(doc, 'text', {
        x, y, fill: annotation.color, 'font-size': TEXT_SIZE, 'font-family': 'system-ui, sans-serif', 'font-weight': 600,
        'dominant-baseline': 'hanging', stroke: '#fff', 'stroke-width': 4, 'paint-order': 'stroke', 'stroke-linejoin': 'round',
      });
      text.textContent = annotation.text;
      group.append(text);
      break;
    }
  }
  return group;
}

/** The two wings of an arrow's head at `to`, as one open polyline. */
function arrowHead(from: Point, to: Point): Point[] {
  const angle = Math.atan2(to[1] - from[1], to[0] - from[0]);
  const wing = (side: number): Point => [
    to[0] - ARROW_HEAD_LENGTH * Math.cos(angle + side * ARROW_HEAD_ANGLE),
    to[1] - ARROW_HEAD_LENGTH * Math.sin(angle + side * ARROW_HEAD_ANGLE),
  ];
  return [wing(1), to, wing(-1)];
}

function formatPoint(point: Point): string {
  return `${round(point[0])},${round(point[1])}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
