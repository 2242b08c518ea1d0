// The customer's real activity, reported to the service as a throttled `activity` user event so the session's
// inactivity timeout measures the customer. Only trusted input counts (the agent's control input is synthetic and
// the page's own background changes are not input at all).
const INPUT_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
export const ACTIVITY_INTERVAL_MS = 10_000;

/** Listens on `win` and calls `report` at most once per interval; returns the function that stops listening. */
export function watchActivity(win: Window, report: () => void, intervalMs = ACTIVITY_INTERVAL_MS): () => void {
  let last = -Infinity;
  const onInput = (event: Event): void => {
    if (!event.isTrusted) return;
    const now = performance.now();
    if (now - last < intervalMs) return;
    last = now;
    report();
  };
  for (const type of INPUT_EVENTS) win.addEventListener(type, onInput, { capture: true, passive: true });
  return () => {
    for (const type of INPUT_EVENTS) win.removeEventListener(type, onInput, { capture: true });
  };
}
