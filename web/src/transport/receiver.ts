// Agent side of the view group: checks each message's place in its link's sequence, reassembles and decompresses
// chunked batches, and hands frames on in order. Whenever its copy may have diverged from the page (a gap, a chunk it
// cannot read, a frame the mirror could not apply) it drops frames until the next snapshot and asks for one. A link new
// to it (the agent joined, the page was reloaded) starts at that link's next snapshot too.
import { decodeChunk, isBatchEnvelope, type LinkId, type ResyncReason, type StreamFrame } from '../protocol/transport';
import { gunzipText } from './compress';
import { OrderedQueue } from './ordered';

export interface ReceiverHandlers {
  /** Applies frames in order; throwing counts as a broken mirror and asks for a snapshot. */
  deliver(frames: StreamFrame[]): void;
  /** The receiver needs a new snapshot and drops frames until one arrives. */
  needSnapshot(reason: ResyncReason): void;
  /** A snapshot arrived: the receiver is in step with the page again. */
  synced(): void;
}

export class FrameReceiver {
  private link: LinkId | undefined;
  private expectedSeq = 0;
  private awaitingSnapshot = true;
  private chunks: Uint8Array[] = [];
  private chunkCount = 0;
  private readonly queue = new OrderedQueue();

  constructor(private readonly handlers: ReceiverHandlers) {}

  /** Forgets the link's position (a new connection cannot see its gap) and waits for the next snapshot. */
  reset(): void {
    this.link = undefined;
    this.dropChunks();
    this.expectSnapshot();
  }

  /** Applies nothing more until the next snapshot (in order with batches still being decompressed). */
  expectSnapshot(): void {
    this.queue.push(undefined, () => { this.awaitingSnapshot = true; }, () => undefined);
  }

  /** Resolves once everything received so far has been handled (decompressed and delivered or dropped). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  receive(data: unknown): void {
    if (data instanceof ArrayBuffer) this.receiveChunk(data);
    else if (isBatchEnvelope(data) && this.admit(data.link, data.seq) !== 'duplicate') this.process(data.frames);
  }

  private receiveChunk(data: ArrayBuffer): void {
    const chunk = decodeChunk(data);
    if (!chunk) return this.lose('corrupt');
    const { header, payload } = chunk;
    const place = this.admit(header.link, header.seq);
    if (place === 'duplicate') return;
    const continues = header.index === this.chunks.length && (header.index === 0 || header.count === this.chunkCount);
    if (!continues) {
      // A chunk out of place: the whole batch is unusable. Its loss is already known when the sequence had a gap or
      // this agent came in mid-batch (a snapshot is asked for on joining); otherwise the chunks themselves are wrong.
      this.dropChunks();
      if (header.index !== 0) return place === 'next' ? this.lose('corrupt') : undefined;
    }
    this.chunks.push(payload);
    this.chunkCount = header.count;
    if (this.chunks.length < this.chunkCount) return;
    const parts = this.chunks;
    this.dropChunks();
    const frames = gunzipText(parts).then((text) => {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed)) throw new Error('CoBrowse: a chunked batch is not a frame list');
      return parsed as StreamFrame[];
    });
    this.queue.push(frames, (decoded) => this.apply(decoded), () => this.markLost('corrupt'));
  }

  /**
   * Where a message stands in its link's sequence: the next one, after a gap (noted in order, the message still used),
   * the first of a link new to us, or a duplicate the reliable protocol already delivered.
   */
  private admit(link: LinkId, seq: number): 'next' | 'gap' | 'new-link' | 'duplicate' {
    let place: 'next' | 'gap' | 'new-link' = 'next';
    if (link !== this.link) {
      // First message of this link for us (agent joined, or the page was reloaded): only a snapshot can start it.
      this.link = link;
      this.dropChunks();
      this.expectSnapshot();
      place = 'new-link';
    } else if (seq < this.expectedSeq) {
      return 'duplicate';
    } else if (seq > this.expectedSeq) {
      this.dropChunks();
      this.lose('gap');
      place = 'gap';
    }
    this.expectedSeq = (seq + 1) >>> 0;
    return place;
  }

  private process(frames: StreamFrame[]): void {
    this.queue.push(frames, (ordered) => this.apply(ordered), () => this.markLost('corrupt'));
  }

  private apply(frames: StreamFrame[]): void {
    if (this.awaitingSnapshot) {
      const start = lastSnapshotIndex(frames);
      // Dropped: the snapshot that was asked for is on its way (or the link's owner asks again if it never comes).
      if (start < 0) return;
      frames = frames.slice(start);
      this.awaitingSnapshot = false;
      this.handlers.synced();
    }
    try {
      this.handlers.deliver(frames);
    } catch {
      this.markLost('apply-failed');
    }
  }

  /** Notes a loss in order with the batches already being decompressed. */
  private lose(reason: ResyncReason): void {
    this.queue.push(undefined, () => this.markLost(reason), () => undefined);
  }

  private markLost(reason: ResyncReason): void {
    this.awaitingSnapshot = true;
    this.handlers.needSnapshot(reason);
  }

  private dropChunks(): void {
    this.chunks = [];
    this.chunkCount = 0;
  }
}

function lastSnapshotIndex(frames: StreamFrame[]): number {
  for (let i = frames.length - 1; i >= 0; i -= 1) if (frames[i]?.t === 'snapshot') return i;
  return -1;
}
