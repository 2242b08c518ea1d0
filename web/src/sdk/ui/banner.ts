// The sharing banner: always on screen while the page is shared, saying with whom and whether that agent is
// controlling it, with "End" and, during control, "Revoke control".
import { button, element } from './dom';
import type { UiHost } from './host';
import type { Labels } from './labels';

export type BannerMode = { kind: 'sharing'; agent: string } | { kind: 'control'; agent: string };

export interface BannerActions {
  end(): void;
  revoke(): void;
}

export interface Banner {
  show(mode: BannerMode): void;
  /** A failed call, in words (cleared by the next show()). */
  showError(message: string): void;
  setBusy(busy: boolean): void;
  remove(): void;
}

export function createBanner(ui: UiHost, labels: Labels, actions: BannerActions): Banner {
  const doc = ui.root.ownerDocument;
  const text = element(doc, 'span', { class: 'text' });
  const error = element(doc, 'span', { class: 'error', role: 'alert' });
  const revoke = button(doc, 'revoke', labels.revoke);
  const end = button(doc, 'end', labels.end);
  const status = element(doc, 'span', { role: 'status', 'aria-live': 'polite' }, text, error);
  const bar = element(doc, 'div', { class: 'cb banner', role: 'region', 'aria-label': 'CoBrowse' }, element(doc, 'span', { class: 'dot', 'aria-hidden': 'true' }), status, revoke, end);
  revoke.addEventListener('click', () => actions.revoke());
  end.addEventListener('click', () => actions.end());
  ui.root.append(bar);
  ui.attach();
  return {
    show(mode) {
      bar.classList.toggle('control', mode.kind === 'control');
      text.textContent = mode.kind === 'control' ? labels.controlling(mode.agent) : labels.sharingWith(mode.agent);
      revoke.hidden = mode.kind !== 'control';
      error.textContent = '';
    },
    showError(message) {
      error.textContent = message;
    },
    setBusy(busy) {
      revoke.disabled = busy;
      end.disabled = busy;
    },
    remove: () => bar.remove(),
  };
}
