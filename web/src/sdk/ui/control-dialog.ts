// "<agent> asks to control this page": Approve / Deny, modal, focus inside it until answered, Escape denies.
import { button, element, focusedElement, trapFocus } from './dom';
import type { UiHost } from './host';
import type { Labels } from './labels';

export interface ControlDialog {
  showError(message: string): void;
  setBusy(busy: boolean): void;
  /** Removes the dialog and gives the focus back where it was. */
  close(): void;
}

export function openControlDialog(ui: UiHost, labels: Labels, agent: string, answer: { approve(): void; deny(): void }): ControlDialog {
  const doc = ui.root.ownerDocument;
  const previousFocus = focusedElement(doc);
  const title = element(doc, 'h2', { id: 'cb-control-title' }, labels.controlTitle(agent));
  const body = element(doc, 'p', { id: 'cb-control-body' }, labels.controlBody);
  const message = element(doc, 'p', { class: 'message', role: 'alert' });
  // The safer answer comes first and gets the focus: Enter on a dialog that just appeared must not hand over control.
  const deny = button(doc, 'secondary deny', labels.deny);
  const approve = button(doc, 'primary approve', labels.approve);
  const dialog = element(doc, 'div', { class: 'cb dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': title.id, 'aria-describedby': body.id },
    title, body, message, element(doc, 'div', { class: 'actions' }, deny, approve));
  const backdrop = element(doc, 'div', { class: 'backdrop control-request' }, dialog);
  deny.addEventListener('click', () => answer.deny());
  approve.addEventListener('click', () => answer.approve());
  const untrap = trapFocus(dialog, () => answer.deny());
  ui.root.append(backdrop);
  ui.attach();
  deny.focus();
  let closed = false;
  return {
    showError: (text) => { message.textContent = text; },
    setBusy(busy) {
      deny.disabled = busy;
      approve.disabled = busy;
      dialog.setAttribute('aria-busy', String(busy));
      if (!busy && !ui.root.activeElement) deny.focus();
    },
    close() {
      if (closed) return;
      closed = true;
      untrap();
      const hadFocus = ui.root.activeElement !== null;
      backdrop.remove();
      if (hadFocus && previousFocus?.isConnected) previousFocus.focus({ preventScroll: true });
    },
  };
}
