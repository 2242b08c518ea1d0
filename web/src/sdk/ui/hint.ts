// "Your agent can't use this": a short hint next to an element the agent tried to use but is blocked for agents.
import { element } from './dom';
import type { UiHost } from './host';

const HINT_MS = 2500;

/** Shows the hint beside `target` for a moment. Returns the function that removes it now. */
export function showBlockedHint(ui: UiHost, text: string, target: Element): () => void {
  const doc = ui.root.ownerDocument;
  const win = doc.defaultView ?? window;
  const rect = target.getBoundingClientRect();
  const hint = element(doc, 'div', { class: 'cb hint blocked-hint', role: 'status' }, text);
  // Below the element when there is room, else above it; never off screen.
  const top = rect.bottom + 34 < win.innerHeight ? rect.bottom + 6 : Math.max(4, rect.top - 30);
  hint.style.setProperty('top', `${Math.round(top)}px`);
  hint.style.setProperty('left', `${Math.round(Math.min(Math.max(4, rect.left), win.innerWidth - 220))}px`);
  ui.root.append(hint);
  ui.attach();
  const timer = win.setTimeout(() => hint.remove(), HINT_MS);
  return () => {
    win.clearTimeout(timer);
    hint.remove();
  };
}
