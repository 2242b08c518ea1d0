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

/**
 * How far behind the expected sequence number a message may be and still be taken for a duplicate (the reliable
 * protocol redelivers recent messages after a recovered connection). Further back, the numbering itself is broken.
 */
const DUPLICATE_WINDOW = 1024;

/** Where a message stands in its link's sequence (see admit). */
type Place = 'next' | 'gap' | 'new-link' | 'switched-link' | 'duplicate';

export class FrameReceiver {
  private link: LinkId | undefined;
  private expectedSeq = 0;
  private awaitingSnapshot = true;
  /** The link changed under us: its messages must start with a snapshot, or its start was lost. */
  private awaitingLinkStart = false;
  private chunks: Uint8Array[] = [];
  private chunkCount = 0;
  private readonly queue = new OrderedQueue();

  constructor(private readonly handlers: ReceiverHandlers) {}

  /** Forgets the link's position (a new connection cannot see its gap) and waits for the next snapshot. */
  reset(): void {
    this.link = undefined;
    this.awaitingLinkStart = false;
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
    if (data instanceof ArrayBuffer) return this.receiveChunk(data);
    if (!isBatchEnvelope(data)) return;
    const place = this.admit(data.link, data.seq);
    if (place === 'duplicate') return;
    this.abandonChunks(place);
    this.process(data.frames);
  }

  /** A chunked batch still incomplete when the sequence moves on to another batch was cut short: it is lost. */
  private abandonChunks(place: Place): void {
    if (this.chunks.length === 0) return;
    this.dropChunks();
    if (place === 'next') this.lose('corrupt'); // after a gap or on a new link the loss is known already
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
      this.abandonChunks(place);
      if (header.index !== 0) {
        if (place === 'next') return this.lose('corrupt');
        return place === 'switched-link' ? this.lose('gap') : undefined;
      }
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
  private admit(link: LinkId, seq: number): Place {
    let place: Place = 'next';
    if (link !== this.link) {
      // First message of this link for us (agent joined, or the page was reloaded): only a snapshot can start it.
      // Joining asked for one already; a page that moved to a new link sends one first, so if this message does not
      // start with it, the start was lost and must be asked for.
      place = this.link === undefined ? 'new-link' : 'switched-link';
      this.link = link;
      this.dropChunks();
      this.expectSnapshot();
      if (place === 'switched-link') this.queue.push(undefined, () => { this.awaitingLinkStart = true; }, () => undefined);
    } else {
      // Sequence numbers wrap at 2^32: compare by distance, not by size.
      const ahead = (seq - this.expectedSeq) >>> 0;
      const behind = (this.expectedSeq - seq) >>> 0;
      if (ahead !== 0 && behind > 0 && behind <= DUPLICATE_WINDOW) return 'duplicate';
      if (ahead !== 0) {
        // Messages were lost, or the numbering jumped (then later messages would all look like duplicates): either
        // way the mirror may have missed something, and the count restarts from here.
        this.dropChunks();
        this.lose('gap');
        place = 'gap';
      }
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
      const linkStart = this.awaitingLinkStart;
      this.awaitingLinkStart = false;
      // Dropped: the snapshot that was asked for is on its way (or the link's owner asks again if it never comes).
      if (start < 0) return linkStart ? this.markLost('gap') : undefined;
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
