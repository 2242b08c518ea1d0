// Customer side of the view group: collects the frames of one task into a batch, sends small batches as JSON and
// large ones gzip-compressed in binary chunks, strictly in order, each message numbered in the link's sequence.
import {
  COMPRESS_ABOVE_CHARS,
  CHUNK_PAYLOAD_BYTES,
  encodeChunk,
  type BatchEnvelope,
  type LinkId,
  type StreamFrame,
} from '../protocol/transport';
import { gzipText } from './compress';
import { OrderedQueue } from './ordered';

/**
 * After a burst of batches, one empty batch once the page has been quiet this long: it carries the next sequence
 * number, so an agent that lost the burst's last message learns it then instead of never (nothing else would follow).
 */
export const IDLE_MARK_MS = 2000;

export type OutgoingMessage = { kind: 'json'; data: BatchEnvelope } | { kind: 'binary'; data: ArrayBuffer };

type PreparedBatch = { frames: StreamFrame[] } | { compressed: Uint8Array };

export class FrameSender {
  private seq = 0;
  private batch: StreamFrame[] = [];
  private flushQueued = false;
  private readonly queue = new OrderedQueue();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param transmit puts one message on the wire, in call order.
   * @param onLost called when a batch could not be prepared (the caller re-snapshots).
   */
  constructor(
    readonly link: LinkId,
    private readonly transmit: (message: OutgoingMessage) => void,
    private readonly onLost: (error: unknown) => void,
    private readonly idleMarkMs = IDLE_MARK_MS,
  ) {}

  /** Adds a frame to the current batch; the batch leaves at the end of the current task. */
  push(frame: StreamFrame): void {
    this.batch.push(frame);
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  flush(): void {
    this.flushQueued = false;
    if (this.batch.length === 0) return;
    const frames = this.batch;
    this.batch = [];
    this.queue.push(prepare(frames), (prepared) => this.send(prepared), this.onLost);
  }

  /** Resolves when every batch pushed so far has been handed to `transmit`. */
  async drain(): Promise<void> {
    this.flush();
    await this.queue.idle();
  }

  /** Sends nothing more, not even the idle mark. */
  stop(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private send(prepared: PreparedBatch): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.sendIdleMark(), this.idleMarkMs);
    if ('frames' in prepared) {
      this.transmit({ kind: 'json', data: { v: 1, t: 'batch', link: this.link, seq: this.nextSeq(), frames: prepared.frames } });
      return;
    }
    const { compressed } = prepared;
    const count = Math.max(1, Math.ceil(compressed.byteLength / CHUNK_PAYLOAD_BYTES));
    for (let index = 0; index < count; index += 1) {
      const payload = compressed.subarray(index * CHUNK_PAYLOAD_BYTES, (index + 1) * CHUNK_PAYLOAD_BYTES);
      const chunk = encodeChunk({ link: this.link, seq: this.nextSeq(), index, count }, payload);
      this.transmit({ kind: 'binary', data: chunk.buffer as ArrayBuffer });
    }
  }

  private sendIdleMark(): void {
    this.idleTimer = undefined;
    this.transmit({ kind: 'json', data: { v: 1, t: 'batch', link: this.link, seq: this.nextSeq(), frames: [] } });
  }

  private nextSeq(): number {
    const seq = this.seq;
    this.seq = (this.seq + 1) >>> 0;
    return seq;
  }
}

/** Small batches stay plain (no async hop); large ones are serialized once and compressed off the send path. */
function prepare(frames: StreamFrame[]): PreparedBatch | Promise<PreparedBatch> {
  const json = JSON.stringify(frames);
  if (json.length <= COMPRESS_ABOVE_CHARS) return { frames };
  return gzipText(json).then((compressed) => ({ compressed }));
}

export function newLinkId(): LinkId {
  return crypto.getRandomValues(new Uint32Array(1))[0] as number;
}
