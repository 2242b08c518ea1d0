// State that is not DOM: media play state, canvas pixels and text selection, applied from the console side (the
// sandboxed mirror runs no script of its own, but the console may call methods on the mirror's elements).
import type { MediaState, NodeId, SelectionFrame } from '../protocol/frames';

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** Paused/playing, position, volume and rate. Playback the browser refuses (autoplay policy) is simply not shown. */
export function applyMediaState(element: Element, state: MediaState | undefined): void {
  if ((element.localName !== 'video' && element.localName !== 'audio') || !state || typeof state !== 'object') return;
  const media = element as HTMLMediaElement;
  try {
    if (typeof state.muted === 'boolean') media.muted = state.muted;
    if (finite(state.volume)) media.volume = clamp(state.volume, 0, 1);
    if (finite(state.playbackRate) && state.playbackRate > 0) media.playbackRate = clamp(state.playbackRate, 0.0625, 16);
    // A playing mirror keeps its own time; only a real jump (seek, drift) moves it.
    if (finite(state.currentTime) && Math.abs(media.currentTime - state.currentTime) > 0.25) media.currentTime = Math.max(0, state.currentTime);
    if (state.paused === true) media.pause();
    else if (state.paused === false) media.play()?.catch(() => {});
  } catch {
    // a media element in a state that refuses the change
  }
}

const IMAGE_DATA_URL = /^data:image\/(webp|png|jpeg);base64,[a-z0-9+/=]+$/i;

/** Draws a canvas image sent by the page on the mirror's canvas; a newer image wins over a slower older one. */
export class CanvasPainter {
  private readonly latest = new WeakMap<Element, object>();

  paint(element: Element, image: unknown): void {
    if (element.localName !== 'canvas' || typeof image !== 'string' || !IMAGE_DATA_URL.test(image)) return;
    const canvas = element as HTMLCanvasElement;
    const token = {};
    this.latest.set(canvas, token);
    const decoded = new Image();
    decoded.onload = () => {
      if (this.latest.get(canvas) !== token) return;
      const context = canvas.getContext('2d');
      if (!context) return;
      context.clearRect(0, 0, canvas.width, canvas.height);
      context.drawImage(decoded, 0, 0, canvas.width, canvas.height);
    };
    decoded.src = image;
  }
}

/** Applies a document's selection; boundaries the mirror does not have clear it instead of guessing. */
export function applySelection(frame: SelectionFrame, nodes: Map<NodeId, Node>): void {
  const doc = nodes.get(frame.document);
  if (doc?.nodeType !== Node.DOCUMENT_NODE) return;
  const selection = (doc as Document).getSelection();
  if (!selection) return;
  const range = Array.isArray(frame.ranges) ? frame.ranges[0] : undefined;
  const start = range && boundary(nodes, range.startId, range.startOffset);
  const end = range && boundary(nodes, range.endId, range.endOffset);
  try {
    if (start && end) selection.setBaseAndExtent(start[0], start[1], end[0], end[1]);
    else selection.removeAllRanges();
  } catch {
    selection.removeAllRanges();
  }
}

function boundary(nodes: Map<NodeId, Node>, id: NodeId, offset: number): [Node, number] | undefined {
  const node = nodes.get(id);
  if (!node || !finite(offset)) return undefined;
  const length = node.nodeType === Node.TEXT_NODE ? (node as Text).length : node.childNodes.length;
  return [node, clamp(Math.floor(offset), 0, length)];
}
