// Keeps results in arrival order even when some take async work (compression, decompression): a result that is
// ready while nothing is pending is handled at once, so the common small message pays no extra tick.
export class OrderedQueue {
  private pending = 0;
  private tail: Promise<void> = Promise.resolve();

  push<T>(value: T | Promise<T>, handle: (value: T) => void, fail: (error: unknown) => void): void {
    if (this.pending === 0 && !(value instanceof Promise)) {
      handle(value);
      return;
    }
    this.pending += 1;
    // A value that fails while earlier work is still pending is handled in its turn (by `fail`): mark it handled
    // now, or the page reports an unhandled rejection before the queue gets to it.
    if (value instanceof Promise) value.catch(() => undefined);
    this.tail = this.tail
      .then(() => value)
      .then(handle, fail)
      .catch(fail)
      .finally(() => { this.pending -= 1; });
  }

  /** Resolves once everything pushed so far has been handled. */
  idle(): Promise<void> {
    return this.tail;
  }
}
