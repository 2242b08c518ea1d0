import type { MediaFrame, MediaState } from '../protocol/frames';
import { isElementNode } from './dom';
import type { MaskPolicy } from './mask';
import type { NodeIds } from './node-ids';

const MEDIA_EVENTS = ['play', 'pause', 'seeked', 'ratechange', 'volumechange'];

export function mediaStateOf(media: HTMLMediaElement): MediaState {
  return { paused: media.paused, currentTime: media.currentTime, muted: media.muted, volume: media.volume, playbackRate: media.playbackRate };
}

export function isMediaElement(element: Element): element is HTMLMediaElement {
  return (element.localName === 'video' || element.localName === 'audio') && 'paused' in element;
}

/** Play state of <audio>/<video>, reported when it changes; media events do not bubble, so listen in the capture phase. */
export class MediaCapture {
  private readonly pending = new Set<HTMLMediaElement>();
  private readonly stops: Array<() => void> = [];
  private scheduled = false;

  constructor(
    private readonly ids: NodeIds,
    private readonly policy: MaskPolicy,
    private readonly send: (frame: MediaFrame) => void,
  ) {}

  listen(document: Document): void {
    const onEvent = (event: Event): void => {
      const target = event.composedPath()[0];
      if (!isElementNode(target) || !isMediaElement(target)) return;
      this.pending.add(target);
      if (this.scheduled) return;
      this.scheduled = true;
      requestAnimationFrame(() => this.scheduled && this.flush());
    };
    for (const type of MEDIA_EVENTS) document.addEventListener(type, onEvent, true);
    this.stops.push(() => {
      for (const type of MEDIA_EVENTS) document.removeEventListener(type, onEvent, true);
    });
  }

  flush(): void {
    this.scheduled = false;
    for (const media of this.pending) {
      if (!media.isConnected || !this.ids.isMirrored(media) || this.policy.contextOf(media) === 'redacted') continue;
      this.send({ v: 1, t: 'media', id: this.ids.idOf(media), state: mediaStateOf(media) });
    }
    this.pending.clear();
  }

  stop(): void {
    this.flush();
    for (const stop of this.stops.splice(0)) stop();
  }
}
