// Agent control on the wire. An agent in control sends ControlFrames on the session's ctl group (the service lets
// only the controlling agent's connection send there); the customer SDK applies them to the live page with real DOM
// events, but only while it is itself in control mode, and answers each refusal with a ControlRefusedFrame in its
// frame stream so the console can show why. Both directions are untrusted: read them with readControlFrame /
// readControlRefusedFrame, which rebuild a frame from known fields within the limits below.
import type { NodeId, ProtocolVersion } from './frames';

export const CONTROL_LIMITS = {
  /** Characters one `text` frame inserts (a paste is split by the console). */
  text: 1000,
  /** Characters of a navigation URL. */
  url: 2048,
  /** Options one `select` frame selects. */
  options: 500,
  /** Any coordinate or scroll offset, in CSS pixels. */
  coordinate: 10_000_000,
} as const;

/** Clicks the captured node (focus, pointer and mouse events, click; a link or submit button then does its default). */
export interface ControlClickFrame {
  v: ProtocolVersion;
  t: 'click';
  id: NodeId;
  /** Point inside the element, in CSS pixels from its top-left corner (clientX/Y of the events). */
  x: number;
  y: number;
}

/** Inserts text at the caret of a text field or contenteditable (replacing its selection), as typing would. */
export interface ControlTextFrame {
  v: ProtocolVersion;
  t: 'text';
  id: NodeId;
  text: string;
}

/** The editing and navigation keys typing needs besides text. */
export const CONTROL_KEYS = ['Backspace', 'Delete', 'Enter', 'Tab', 'Escape', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'] as const;
export type ControlKey = (typeof CONTROL_KEYS)[number];

/** A key pressed in the focused field (keydown/keyup, and its editing effect: Backspace deletes, Enter submits …). */
export interface ControlKeyFrame {
  v: ProtocolVersion;
  t: 'key';
  id: NodeId;
  key: ControlKey;
  shift?: boolean;
}

/** Selects options of a <select> by index (option values may be masked, indices never are). */
export interface ControlSelectFrame {
  v: ProtocolVersion;
  t: 'select';
  id: NodeId;
  indices: number[];
}

/** Scrolls the window (no id) or a scrollable element to an absolute position. */
export interface ControlScrollFrame {
  v: ProtocolVersion;
  t: 'scroll';
  id?: NodeId;
  x: number;
  y: number;
}

/** Navigates the customer's tab: to a same-origin URL, back, forward or reload. */
export type ControlNavigateFrame =
  | { v: ProtocolVersion; t: 'navigate'; url: string }
  | { v: ProtocolVersion; t: 'history'; action: 'back' | 'forward' | 'reload' };

export type ControlFrame = ControlClickFrame | ControlTextFrame | ControlKeyFrame | ControlSelectFrame | ControlScrollFrame | ControlNavigateFrame;

export type ControlRefusal =
  /** The element or its form is blocked for agents (data-cobrowse-block or a tenant block selector). */
  | 'blocked'
  /** The customer has not granted control (or just revoked it). */
  | 'not-in-control'
  /** Navigation to another origin, or a javascript:/data: URL. */
  | 'cross-origin'
  /** The node is gone, or the frame does not fit it (text into a checkbox …). */
  | 'unavailable';

/** Customer → agents, in the customer's frame stream: a control frame was not applied, and why. */
export interface ControlRefusedFrame {
  v: ProtocolVersion;
  t: 'control-refused';
  /** The control frame's type. */
  action: ControlFrame['t'];
  reason: ControlRefusal;
  /** The node the frame targeted, when it had one. */
  id?: NodeId;
}

const ACTIONS: ReadonlySet<string> = new Set(['click', 'text', 'key', 'select', 'scroll', 'navigate', 'history']);
const REFUSALS: ReadonlySet<string> = new Set(['blocked', 'not-in-control', 'cross-origin', 'unavailable']);
const KEYS: ReadonlySet<string> = new Set(CONTROL_KEYS);

/** A control frame rebuilt from known fields, or null when it is not one this version understands or breaks a limit. */
export function readControlFrame(value: unknown): ControlFrame | null {
  if (!isRecord(value) || value.v !== 1) return null;
  switch (value.t) {
    case 'click': {
      const id = readNodeId(value.id);
      const x = readCoordinate(value.x);
      const y = readCoordinate(value.y);
      return id === null || x === null || y === null ? null : { v: 1, t: 'click', id, x, y };
    }
    case 'text': {
      const id = readNodeId(value.id);
      if (id === null || typeof value.text !== 'string' || value.text.length === 0 || value.text.length > CONTROL_LIMITS.text) return null;
      return { v: 1, t: 'text', id, text: value.text };
    }
    case 'key': {
      const id = readNodeId(value.id);
      if (id === null || typeof value.key !== 'string' || !KEYS.has(value.key)) return null;
      const frame: ControlKeyFrame = { v: 1, t: 'key', id, key: value.key as ControlKey };
      if (value.shift === true) frame.shift = true;
      return frame;
    }
    case 'select': {
      const id = readNodeId(value.id);
      const indices = value.indices;
      if (id === null || !Array.isArray(indices) || indices.length > CONTROL_LIMITS.options) return null;
      if (!indices.every((i) => Number.isSafeInteger(i) && (i as number) >= 0)) return null;
      return { v: 1, t: 'select', id, indices: [...(indices as number[])] };
    }
    case 'scroll': {
      const x = readCoordinate(value.x);
      const y = readCoordinate(value.y);
      if (x === null || y === null) return null;
      if (value.id === undefined) return { v: 1, t: 'scroll', x, y };
      const id = readNodeId(value.id);
      return id === null ? null : { v: 1, t: 'scroll', id, x, y };
    }
    case 'navigate':
      return typeof value.url === 'string' && value.url.length > 0 && value.url.length <= CONTROL_LIMITS.url
        ? { v: 1, t: 'navigate', url: value.url }
        : null;
    case 'history':
      return value.action === 'back' || value.action === 'forward' || value.action === 'reload'
        ? { v: 1, t: 'history', action: value.action }
        : null;
    default:
      return null;
  }
}

export function readControlRefusedFrame(value: unknown): ControlRefusedFrame | null {
  if (!isRecord(value) || value.v !== 1 || value.t !== 'control-refused') return null;
  if (typeof value.action !== 'string' || !ACTIONS.has(value.action)) return null;
  if (typeof value.reason !== 'string' || !REFUSALS.has(value.reason)) return null;
  const frame: ControlRefusedFrame = { v: 1, t: 'control-refused', action: value.action as ControlFrame['t'], reason: value.reason as ControlRefusal };
  if (value.id !== undefined) {
    const id = readNodeId(value.id);
    if (id === null) return null;
    frame.id = id;
  }
  return frame;
}

/**
 * Whether a navigation target stays on the customer's site: http(s) on the page's own origin. Everything else
 * (another origin, javascript:, data:, blob:, file:) is refused as 'cross-origin'.
 */
export function isSameOriginNavigation(url: string, pageUrl: string): boolean {
  let target: URL;
  try {
    target = new URL(url, pageUrl);
  } catch {
    return false;
  }
  const page = new URL(pageUrl);
  return (target.protocol === 'http:' || target.protocol === 'https:') && target.origin === page.origin;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readNodeId(value: unknown): NodeId | null {
  return Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : null;
}

function readCoordinate(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= CONTROL_LIMITS.coordinate ? value : null;
}
