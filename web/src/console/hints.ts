// Short messages over the stage: next to the mirror element they concern (a refused click, a blocked field) or at
// the top of the stage. They fade on their own and are announced to screen readers.
import type { Stage } from './stage';

const HINT_MS = 3500;

export interface Hints {
  show(text: string, element?: Element): void;
  dispose(): void;
}

export function createHints(stage: Stage): Hints {
  const doc = stage.element.ownerDocument;
  const win = doc.defaultView ?? window;
  const live = doc.createElement('div');
  live.className = 'cbc-hints';
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  stage.element.append(live);
  const timers = new Set<number>();

  return {
    show(text, element) {
      const hint = doc.createElement('div');
      hint.className = 'cbc-hint';
      hint.textContent = text;
      if (element?.isConnected) {
        const rect = element.getBoundingClientRect(); // mirror viewport pixels, scaled into the stage
        hint.style.left = `${Math.max(0, Math.round(rect.left * stage.scale))}px`;
        hint.style.top = `${Math.max(0, Math.round(rect.bottom * stage.scale + 4))}px`;
      } else {
        hint.classList.add('cbc-hint-top');
      }
      live.append(hint);
      const timer = win.setTimeout(() => {
        timers.delete(timer);
        hint.remove();
      }, HINT_MS);
      timers.add(timer);
    },
    dispose() {
      for (const timer of timers) win.clearTimeout(timer);
      live.remove();
    },
  };
}
