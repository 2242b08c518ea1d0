// Guidance on the wire: what an agent shows on the customer's page (pointer, highlight, annotations) in read-only
// mode, and the customer's one answer (annotations cleared). Both directions are untrusted, so each side reads a
// frame through `readGuideFrame`/`readCustomerGuideFrame`, which rebuild it from known fields within the limits below.
import type { NodeId, ProtocolVersion } from './frames';

export const GUIDE_LIMITS = {
  /** Points in one annotation (a freehand stroke is decimated to stay under this). */
  points: 2000,
  /** Characters of a text label. */
  text: 200,
  /** Characters of an annotation id. */
  id: 64,
  /** Annotations one side keeps; the oldest goes when another arrives. */
  annotations: 200,
  /** Any coordinate, in CSS pixels; anything further is not on a page. */
  coordinate: 1_000_000,
} as const;

/** [x, y] in CSS pixels; tuples keep a long stroke half the size of {x, y} objects in JSON. */
export type Point = [number, number];

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type AnnotationKind = 'freehand' | 'arrow' | 'box' | 'text';

/**
 * Positions are in the customer's DOCUMENT coordinates (viewport position + window scroll), so an annotation stays
 * on the content it was drawn over when the customer scrolls.
 */
export type Annotation =
  | { id: string; kind: 'freehand'; color: string; points: Point[] }
  /** From points[0] to points[1], the head at points[1]. */
  | { id: string; kind: 'arrow'; color: string; points: [Point, Point] }
  | { id: string; kind: 'box'; color: string; rect: Rect }
  /** Plain text (never markup) whose top-left corner is points[0]. */
  | { id: string; kind: 'text'; color: string; points: [Point]; text: string };

/** The agent's pointer over the mirror, in the customer's viewport CSS pixels. */
export interface AgentPointerFrame {
  v: ProtocolVersion;
  t: 'pointer';
  x: number;
  y: number;
}

/** The agent's pointer left the mirror: hide it. */
export interface AgentPointerLeaveFrame {
  v: ProtocolVersion;
  t: 'pointer-leave';
}

/** Outline this captured node for a few seconds. */
export interface HighlightFrame {
  v: ProtocolVersion;
  t: 'highlight';
  id: NodeId;
}

/** Adds an annotation, or replaces the one with the same id. */
export interface AnnotateFrame {
  v: ProtocolVersion;
  t: 'annotate';
  annotation: Annotation;
}

export interface AnnotationRemoveFrame {
  v: ProtocolVersion;
  t: 'annotation-remove';
  id: string;
}

export interface AnnotationsClearFrame {
  v: ProtocolVersion;
  t: 'annotations-clear';
}

/** Agent → customer, on the guide group. */
export type GuideFrame =
  | AgentPointerFrame
  | AgentPointerLeaveFrame
  | HighlightFrame
  | AnnotateFrame
  | AnnotationRemoveFrame
  | AnnotationsClearFrame;

/** Customer → agent, in the customer's frame stream: the customer removed every annotation. */
export interface AnnotationsClearedFrame {
  v: ProtocolVersion;
  t: 'annotations-cleared';
}

export type CustomerGuideFrame = AnnotationsClearedFrame;

export const DEFAULT_ANNOTATION_COLOR = '#e5484d';

/** A guide frame rebuilt from known fields, or null when it is not one this version understands or breaks a limit. */
export function readGuideFrame(value: unknown): GuideFrame | null {
  if (!isRecord(value) || value.v !== 1) return null;
  switch (value.t) {
    case 'pointer': {
      const x = readCoordinate(value.x);
      const y = readCoordinate(value.y);
      return x === null || y === null ? null : { v: 1, t: 'pointer', x, y };
    }
    case 'pointer-leave':
      return { v: 1, t: 'pointer-leave' };
    case 'highlight':
      return Number.isSafeInteger(value.id) && (value.id as number) > 0 ? { v: 1, t: 'highlight', id: value.id as number } : null;
    case 'annotate': {
      const annotation = readAnnotation(value.annotation);
      return annotation ? { v: 1, t: 'annotate', annotation } : null;
    }
    case 'annotation-remove': {
      const id = readId(value.id);
      return id === null ? null : { v: 1, t: 'annotation-remove', id };
    }
    case 'annotations-clear':
      return { v: 1, t: 'annotations-clear' };
    default:
      return null;
  }
}

export function readCustomerGuideFrame(value: unknown): CustomerGuideFrame | null {
  return isRecord(value) && value.v === 1 && value.t === 'annotations-cleared' ? { v: 1, t: 'annotations-cleared' } : null;
}

export function readAnnotation(value: unknown): Annotation | null {
  if (!isRecord(value)) return null;
  const id = readId(value.id);
  if (id === null) return null;
  const color = readColor(value.color);
  switch (value.kind) {
    case 'freehand': {
      const points = readPoints(value.points, 1, GUIDE_LIMITS.points);
      return points ? { id, kind: 'freehand', color, points } : null;
    }
    case 'arrow': {
      const points = readPoints(value.points, 2, 2);
      return points ? { id, kind: 'arrow', color, points: points as [Point, Point] } : null;
    }
    case 'box': {
      const rect = readRect(value.rect);
      return rect ? { id, kind: 'box', color, rect } : null;
    }
    case 'text': {
      const points = readPoints(value.points, 1, 1);
      if (!points || typeof value.text !== 'string' || value.text.length > GUIDE_LIMITS.text) return null;
      return { id, kind: 'text', color, points: points as [Point], text: value.text };
    }
    default:
      return null;
  }
}

/** A label shortened to the wire limit (by code points, so no half of a surrogate pair is left). */
export function capText(text: string): string {
  if (text.length <= GUIDE_LIMITS.text) return text;
  let capped = '';
  for (const char of text) {
    if (capped.length + char.length > GUIDE_LIMITS.text) break;
    capped += char;
  }
  return capped;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readCoordinate(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= GUIDE_LIMITS.coordinate ? value : null;
}

function readId(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= GUIDE_LIMITS.id && /^[\w-]+$/.test(value) ? value : null;
}

/** Only #rgb / #rrggbb (with optional alpha) reaches an SVG attribute: nothing else a color could smuggle in. */
function readColor(value: unknown): string {
  return typeof value === 'string' && /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value) ? value : DEFAULT_ANNOTATION_COLOR;
}

function readPoints(value: unknown, min: number, max: number): Point[] | null {
  if (!Array.isArray(value) || value.length < min || value.length > max) return null;
  const points: Point[] = [];
  for (const item of value) {
    if (!Array.isArray(item) || item.length !== 2) return null;
    const x = readCoordinate(item[0]);
    const y = readCoordinate(item[1]);
    if (x === null || y === null) return null;
    points.push([x, y]);
  }
  return points;
}

function readRect(value: unknown): Rect | null {
  if (!isRecord(value)) return null;
  const x = readCoordinate(value.x);
  const y = readCoordinate(value.y);
  const width = readCoordinate(value.width);
  const height = readCoordinate(value.height);
  if (x === null || y === null || width === null || height === null || width < 0 || height < 0) return null;
  return { x, y, width, height };
}
