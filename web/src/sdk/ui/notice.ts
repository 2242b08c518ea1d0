// "Screen sharing ended — <reason>": shown for a few seconds (or until dismissed) after every end.
import { button, element } from './dom';
import type { UiHost } from './host';
import type { Labels } from './labels';

export const NOTICE_MS = 5000;

/** Shows the notice; `gone` runs once it disappeared (timeout or Dismiss). Returns the function that removes it now. */
export function showEndedNotice(ui: UiHost, labels: Labels, reasonText: string, gone: () => void): () => void {
  const doc = ui.root.ownerDocument;
  const win = doc.defaultView ?? window;
  const dismiss = button(doc, 'dismiss', labels.dismiss);
  const notice = element(doc, 'div', { class: 'cb notice', role: 'status', 'aria-live': 'polite' }, element(doc, 'span', {}, labels.ended(reasonText)), dismiss);
  let timer = 0;
  const remove = (): void => {
    if (!notice.isConnected) return;
    win.clearTimeout(timer);
    notice.remove();
    gone();
  };
  dismiss.addEventListener('click', remove);
  ui.root.append(notice);
  ui.attach();
  timer = win.setTimeout(remove, NOTICE_MS);
  return remove;
}
