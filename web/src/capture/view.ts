import type { PointerFrame, ScrollFrame, ViewportFrame } from '../protocol/frames';
import { frameElementOf, isElementNode } from './dom';
import type { NodeIds } from './node-ids';
import { viewportOf } from './snapshot';

type ViewFrame = ScrollFrame | ViewportFrame | PointerFrame;

/** Scroll, viewport and pointer: each sent at most once per animation frame, with the latest value. */
export class ViewCapture {
  private readonly latest = new Map<string, ViewFrame>();
  private scheduled = false;
  private stopListening: () => void = () => {};
  private readonly frameStops: Array<() => void> = [];
  private top: Document | undefined;

  constructor(
    private readonly ids: NodeIds,
    private readonly send: (frame: ViewFrame) => void,
  ) {}

  start(document: Document): void {
    this.top = document;
    const win = document.defaultView ?? window;
    const stopScroll = this.watchScroll(document);
    const onResize = (): void => this.queue('viewport', { v: 1, t: 'viewport', viewport: viewportOf(win) });
    const onPointer = (event: PointerEvent): void => this.queue('pointer', { v: 1, t: 'pointer', x: event.clientX, y: event.clientY });
    win.addEventListener('resize', onResize, { passive: true });
    document.addEventListener('pointermove', onPointer, { capture: true, passive: true });
    this.stopListening = () => {
      stopScroll();
      win.removeEventListener('resize', onResize);
      document.removeEventListener('pointermove', onPointer, true);
      for (const stop of this.frameStops.splice(0)) stop();
    };
  }

  /** Scroll of a same-origin iframe's document, and the pointer over it (which the page's document never sees). */
  watchFrame(document: Document): void {
    const onPointer = (event: PointerEvent): void => {
      const offset = frameOffset(document, this.top);
      this.queue('pointer', { v: 1, t: 'pointer', x: event.clientX + offset.x, y: event.clientY + offset.y });
    };
    document.addEventListener('pointermove', onPointer, { capture: true, passive: true });
    this.frameStops.push(this.watchScroll(document), () => document.removeEventListener('pointermove', onPointer, true));
  }

  private watchScroll(document: Document): () => void {
    const onScroll = (event: Event): void => {
      const win = document.defaultView;
      const target = event.composedPath()[0];
      const scrolledWindow = target === document || target === document.documentElement;
      if (scrolledWindow && win) {
        const id = this.ids.idOf(document);
        this.queue(`scroll:${id}`, { v: 1, t: 'scroll', scroll: { id, x: win.scrollX, y: win.scrollY } });
      } else if (isElementNode(target) && this.ids.isMirrored(target)) {
        const id = this.ids.idOf(target);
        this.queue(`scroll:${id}`, { v: 1, t: 'scroll', scroll: { id, x: target.scrollLeft, y: target.scrollTop } });
      }
    };
    document.addEventListener('scroll', onScroll, { capture: true, passive: true });
    return () => document.removeEventListener('scroll', onScroll, true);
  }

  stop(): void {
    this.stopListening();
    this.latest.clear();
  }

  private queue(key: string, frame: ViewFrame): void {
    this.latest.set(key, frame);
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      for (const pending of this.latest.values()) this.send(pending);
      this.latest.clear();
    });
  }
}

/** Where a frame's viewport sits in the captured page's viewport, through any nesting of same-origin frames. */
function frameOffset(document: Document, top: Document | undefined): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (let doc = document; doc !== top; ) {
    const frame = frameElementOf(doc);
    if (!frame) break;
    const box = frame.getBoundingClientRect();
    x += box.left + frame.clientLeft;
    y += box.top + frame.clientTop;
    doc = frame.ownerDocument;
  }
  return { x, y };
}
