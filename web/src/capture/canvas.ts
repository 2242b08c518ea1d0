import type { CanvasFrame } from '../protocol/frames';
import type { MaskPolicy } from './mask';
import type { NodeIds } from './node-ids';

const INTERVAL_MS = 500; // at most 2 images per second per canvas
const MAX_IMAGE_CHARS = 300_000;

/** Drawing calls that change pixels; a canvas is only encoded again after one of them. */
const DRAWING_METHODS: Array<[string, string[]]> = [
  ['CanvasRenderingContext2D', ['fill', 'stroke', 'fillRect', 'strokeRect', 'clearRect', 'drawImage', 'fillText', 'strokeText', 'putImageData', 'reset']],
  ['WebGLRenderingContext', ['clear', 'drawArrays', 'drawElements']],
  ['WebGL2RenderingContext', ['clear', 'drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements']],
];

type Realm = Window & Record<string, { prototype: object } | undefined>;

/**
 * Canvas pixels are no DOM: a throttled image of each plain-context canvas, sent only when it was drawn on since the
 * last image (encoding is the expensive part, so an idle canvas costs nothing). A canvas in a masked or redacted
 * context is never read, and one that stops being plain stops being sent. WebGL canvases without
 * preserveDrawingBuffer read back blank: a known gap.
 */
export class CanvasCapture {
  private readonly canvases = new Set<HTMLCanvasElement>();
  private readonly drawnOn = new WeakSet<HTMLCanvasElement | OffscreenCanvas>();
  private readonly lastImage = new WeakMap<HTMLCanvasElement, string>();
  private readonly patchedWindows = new WeakSet<Window>();
  private readonly restores: Array<() => void> = [];
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly ids: NodeIds,
    private readonly policy: MaskPolicy,
    private readonly send: (frame: CanvasFrame) => void,
  ) {}

  /** Wraps the drawing methods of a window's canvas contexts (the page's, or a same-origin frame's). */
  patch(win: Window): void {
    if (this.patchedWindows.has(win)) return;
    this.patchedWindows.add(win);
    const drawnOn = this.drawnOn;
    for (const [type, methods] of DRAWING_METHODS) {
      const prototype = (win as Realm)[type]?.prototype;
      if (!prototype) continue;
      for (const method of methods) {
        const descriptor = Object.getOwnPropertyDescriptor(prototype, method);
        const original = descriptor?.value as ((...args: unknown[]) => unknown) | undefined;
        if (!descriptor || typeof original !== 'function') continue;
        Object.defineProperty(prototype, method, {
          ...descriptor,
          value: function draw(this: { canvas: HTMLCanvasElement | OffscreenCanvas }, ...args: unknown[]) {
            drawnOn.add(this.canvas);
            return original.apply(this, args);
          },
        });
        this.restores.push(() => Object.defineProperty(prototype, method, descriptor));
      }
    }
  }

  /** Called whenever the canvas is serialized: the mirror's copy is blank again until the next image. */
  watch(canvas: HTMLCanvasElement): void {
    this.canvases.add(canvas);
    this.lastImage.delete(canvas);
    this.drawnOn.add(canvas);
    this.timer ??= setInterval(() => this.flush(), INTERVAL_MS);
  }

  flush(): void {
    for (const canvas of this.canvases) {
      if (!canvas.isConnected) {
        this.canvases.delete(canvas);
        continue;
      }
      if (!this.drawnOn.has(canvas) || !this.ids.isMirrored(canvas) || canvas.width === 0 || canvas.height === 0) continue;
      if (this.policy.contextOf(canvas) !== 'plain') continue;
      this.drawnOn.delete(canvas);
      let image: string;
      try {
        image = canvas.toDataURL('image/webp', 0.7);
      } catch {
        continue; // tainted by a cross-origin image
      }
      if (image.length > MAX_IMAGE_CHARS || this.lastImage.get(canvas) === image) continue;
      this.lastImage.set(canvas, image);
      this.send({ v: 1, t: 'canvas', id: this.ids.idOf(canvas), image });
    }
    if (this.canvases.size === 0) this.stopTimer();
  }

  stop(): void {
    this.stopTimer();
    for (const restore of this.restores.splice(0)) restore();
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
