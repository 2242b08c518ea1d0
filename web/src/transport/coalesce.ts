// Runs an action at most once per interval however often it is requested: a burst of requests inside the window
// becomes one run at the window's end, and a lone request runs at once.
export class Coalescer {
  private lastRun = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly action: () => void, private readonly intervalMs: number) {}

  request(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastRun + this.intervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastRun = performance.now();
      this.action();
    }, wait);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
