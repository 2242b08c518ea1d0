import type { CanvasFrame } from '../protocol/frames';
import type { MaskPolicy } from './mask';
import type { NodeIds } from './node-ids';

const INTERVAL_MS = 500; // at most 2 images per second per canvas
const MAX_IMAGE_CHARS = 300_000;

/**
 * Canvas pixels are no DOM: a throttled image of each plain-context canvas, sent only when it changed. A canvas in a
 * masked or redacted context is never read, and one that stops being plain stops being sent.
 */
export class CanvasCapture {
  private readonly canvases = new Set<HTMLCanvasElement>();
  private readonly lastImage = new WeakMap<HTMLCanvasElement, string>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly ids: NodeIds,
    private readonly policy: MaskPolicy,
    private readonly send: (frame: CanvasFrame) => void,
  ) {}

  /** Called whenever the canvas is serialized: the mirror's copy is blank again until the next image. */
  watch(canvas: HTMLCanvasElement): void {
    this.canvases.add(canvas);
    this.lastImage.delete(canvas);
    this.timer ??= setInterval(() => this.flush(), INTERVAL_MS);
  }

  flush(): void {
    for (const canvas of this.canvases) {
      if (!canvas.isConnected) {
        this.canvases.delete(canvas);
        continue;
      }
      if (!this.ids.isMirrored(canvas) || canvas.width === 0 || canvas.height === 0) continue;
      if (this.policy.contextOf(canvas) !== 'plain') continue;
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
    if (this.canvases.size === 0) this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
