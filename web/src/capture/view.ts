import type { PointerFrame, ScrollFrame, ViewportFrame } from '../protocol/frames';
import type { NodeIds } from './node-ids';
import { viewportOf } from './snapshot';

type ViewFrame = ScrollFrame | ViewportFrame | PointerFrame;

/** Scroll, viewport and pointer: each sent at most once per animation frame, with the latest value. */
export class ViewCapture {
  private readonly latest = new Map<string, ViewFrame>();
  private scheduled = false;
  private stopListening: () => void = () => {};

  constructor(
    private readonly ids: NodeIds,
    private readonly send: (frame: ViewFrame) => void,
  ) {}

  start(document: Document): void {
    const win = document.defaultView ?? window;
    const onScroll = (event: Event): void => {
      const target = event.composedPath()[0];
      const scrolledWindow = target === document || target === document.documentElement;
      if (scrolledWindow) {
        this.queue('scroll:window', { v: 1, t: 'scroll', scroll: { id: this.ids.idOf(document), x: win.scrollX, y: win.scrollY } });
      } else if (target instanceof Element && this.ids.isMirrored(target)) {
        const id = this.ids.idOf(target);
        this.queue(`scroll:${id}`, { v: 1, t: 'scroll', scroll: { id, x: target.scrollLeft, y: target.scrollTop } });
      }
    };
    const onResize = (): void => this.queue('viewport', { v: 1, t: 'viewport', viewport: viewportOf(win) });
    const onPointer = (event: PointerEvent): void => this.queue('pointer', { v: 1, t: 'pointer', x: event.clientX, y: event.clientY });
    document.addEventListener('scroll', onScroll, { capture: true, passive: true });
    win.addEventListener('resize', onResize, { passive: true });
    document.addEventListener('pointermove', onPointer, { capture: true, passive: true });
    this.stopListening = () => {
      document.removeEventListener('scroll', onScroll, true);
      win.removeEventListener('resize', onResize);
      document.removeEventListener('pointermove', onPointer, true);
    };
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
