// Voice: the security key the agent reads out, large and grouped (`123 456`), with a copy button, the time left and
// "New key". The key is single use: once the customer types it the session starts and the card gives way.
import { h } from './dom';
import { duration, groupKey } from './format';
import type { SecurityKey } from './model';

export interface KeyCard {
  element: HTMLElement;
  /** The key's session ended before the customer came (expired): say so, keep "New key". */
  expire(): void;
  dispose(): void;
}

export function createKeyCard(key: SecurityKey, newKey: () => void): KeyCard {
  const expiresAt = Date.parse(key.expiresAt);
  const digits = groupKey(key.displayKey || key.key);
  const countdown = h('span', { className: 'aa-countdown', 'data-testid': 'key-countdown' });
  const copy = h('button', { type: 'button', className: 'aa-button', 'data-action': 'copy-key' }, 'Copy');
  const again = h('button', { type: 'button', className: 'aa-button', 'data-action': 'new-key', onclick: newKey }, 'New key');
  const element = h('section', { className: 'aa-card aa-key-card', 'aria-label': 'Security key' },
    h('p', { className: 'aa-card-label' }, 'Read this key to the customer'),
    h('output', { className: 'aa-key', 'data-testid': 'security-key', 'aria-label': `Security key ${digits.split('').join(' ')}` }, digits),
    h('p', { className: 'aa-card-meta' }, countdown, copy, again));

  copy.addEventListener('click', () => {
    navigator.clipboard?.writeText(key.key).then(() => { copy.textContent = 'Copied'; }, () => { copy.textContent = 'Copy failed'; });
  });
  const tick = (): void => {
    const left = expiresAt - Date.now();
    countdown.textContent = left > 0 ? `Expires in ${duration(left)}` : 'Expired';
    element.classList.toggle('aa-expired', left <= 0);
  };
  tick();
  const timer = window.setInterval(tick, 1000);
  return {
    element,
    expire() {
      window.clearInterval(timer);
      countdown.textContent = 'Expired';
      element.classList.add('aa-expired');
    },
    dispose: () => window.clearInterval(timer),
  };
}
