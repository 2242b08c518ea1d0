import type { PointerFrame, ScrollFrame, ViewportFrame } from '../protocol/frames';
import { isElementNode } from './dom';
import type { NodeIds } from './node-ids';
import { viewportOf } from './snapshot';

type ViewFrame = ScrollFrame | ViewportFrame | PointerFrame;

/** Scroll, viewport and pointer: each sent at most once per animation frame, with the latest value. */
export class ViewCapture {
  private readonly latest = new Map<string, ViewFrame>();
  private scheduled = false;
  private stopListening: () => void = () => {};
  private readonly frameStops: Array<() => void> = [];

  constructor(
    private readonly ids: NodeIds,
    private readonly send: (frame: ViewFrame) => void,
  ) {}

  start(document: Document): void {
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

  /** Scroll of a same-origin iframe's document and of the elements inside it. */
  watchFrame(document: Document): void {
    this.frameStops.push(this.watchScroll(document));
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
