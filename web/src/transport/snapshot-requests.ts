// The agent's requests for a fresh snapshot: coalesced, labelled with their first cause, and repeated with backoff
// until a snapshot arrives (the customer may not be connected yet, or a request was lost).
import type { ResyncReason } from '../protocol/transport';
import { Coalescer } from './coalesce';

/** Requests within this window become one. */
const COALESCE_MS = 250;
/** Asks again while no snapshot arrives. */
const RETRY_MS = [3000, 6000, 12000, 20000];

export class SnapshotRequests {
  /** A snapshot is needed and has not arrived yet: keep asking. */
  private wanted = false;
  /** Why the next request is sent: the first cause since the last request. */
  private reason: ResyncReason | undefined;
  private retries = 0;
  private lastDelay = RETRY_MS[0] as number;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly coalescer = new Coalescer(() => this.send(), COALESCE_MS);

  constructor(private readonly transmit: (reason: ResyncReason) => void) {}

  request(reason: ResyncReason): void {
    this.wanted = true;
    this.reason ??= reason;
    this.coalescer.request();
  }

  /** A snapshot arrived. */
  satisfied(): void {
    this.wanted = false;
    this.retries = 0;
    clearTimeout(this.retryTimer);
  }

  /** A large batch (maybe the snapshot) is arriving: give it time before asking again. */
  postpone(): void {
    if (this.wanted && this.retryTimer !== undefined) this.armRetry(this.lastDelay);
  }

  cancel(): void {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    this.coalescer.cancel();
  }

  private send(): void {
    if (!this.wanted) return;
    this.transmit(this.reason ?? 'retry');
    this.reason = undefined;
    this.lastDelay = RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)] as number;
    this.retries += 1;
    this.armRetry(this.lastDelay);
  }

  private armRetry(delay: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.request('retry');
    }, delay);
  }
}
