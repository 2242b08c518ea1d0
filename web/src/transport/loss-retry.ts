// The customer's answer to frames that may not have reached the relay (a send whose ack never came): a fresh
// snapshot, tried again with backoff while sends keep failing (the connection is still down).

const RETRY_MS = [250, 1000, 2000, 4000, 8000];

export class LossRetry {
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly resnapshot: () => void) {}

  lost(): void {
    if (this.timer !== undefined) return;
    const delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)] as number;
    this.failures += 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.resnapshot();
    }, delay);
  }

  succeeded(): void {
    if (this.timer === undefined) this.failures = 0;
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
