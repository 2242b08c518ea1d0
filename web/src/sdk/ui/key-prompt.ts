// The voice flow's key prompt: the customer types the 6-digit key the agent reads out ("123 456" and "123-456"
// are fine). Wrong, expired or used keys, too many attempts and network failures each get their own message.
import { ApiError } from '../api';
import { button, element, focusedElement, trapFocus } from './dom';
import type { UiHost } from './host';
import { waitInWords, type Labels } from './labels';

/** The 6 digits of what was typed, or null when it is not a key. */
export function normalizeKey(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** What to tell the customer about a failed redemption. */
export function keyErrorMessage(labels: Labels, error: unknown): string {
  if (!(error instanceof ApiError)) return labels.key.generic;
  switch (error.status) {
    case 0: return labels.key.network;
    case 400:
    case 404: return labels.key.wrongKey;
    case 410: return labels.key.expired;
    case 429: return labels.key.tooMany(waitInWords(labels, error.retryAfterSeconds ?? 60));
    default: return labels.key.generic;
  }
}

export interface KeyPrompt {
  /** Resolves true once a key was redeemed, false when the customer cancelled (or close() was called). */
  result: Promise<boolean>;
  close(): void;
}

/** Opens the prompt; `redeem` starts the session with a normalized key and throws an ApiError when it cannot. */
export function openKeyPrompt(ui: UiHost, labels: Labels, redeem: (key: string) => Promise<void>): KeyPrompt {
  const doc = ui.root.ownerDocument;
  const previousFocus = focusedElement(doc);
  const title = element(doc, 'h2', { id: 'cb-key-title' }, labels.key.title);
  const instructions = element(doc, 'p', { id: 'cb-key-instructions' }, labels.key.instructions);
  const input = element(doc, 'input', {
    id: 'cb-key-input', class: 'key-input', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
    maxlength: '11', spellcheck: 'false', 'aria-describedby': 'cb-key-instructions cb-key-message',
  });
  const label = element(doc, 'label', { for: input.id }, labels.key.label);
  const message = element(doc, 'p', { id: 'cb-key-message', class: 'message', role: 'alert' });
  const cancel = button(doc, 'secondary cancel', labels.key.cancel);
  const submit = element(doc, 'button', { type: 'submit', class: 'primary submit' }, labels.key.submit);
  const form = element(doc, 'form', { novalidate: '' }, label, input, message, element(doc, 'div', { class: 'actions' }, cancel, submit));
  const dialog = element(doc, 'div', { class: 'cb dialog key-prompt', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': title.id, 'aria-describedby': instructions.id },
    title, instructions, form);
  const backdrop = element(doc, 'div', { class: 'backdrop' }, dialog);

  let settle: (started: boolean) => void = () => undefined;
  const result = new Promise<boolean>((resolve) => { settle = resolve; });
  let busy = false;
  let open = true;
  const setBusy = (value: boolean): void => {
    busy = value;
    input.disabled = value;
    cancel.disabled = value;
    submit.disabled = value;
    submit.textContent = value ? labels.key.busy : labels.key.submit;
    dialog.setAttribute('aria-busy', String(value));
  };
  const close = (started: boolean): void => {
    if (!open) return;
    open = false;
    untrap();
    const hadFocus = ui.root.activeElement !== null;
    backdrop.remove();
    if (hadFocus && previousFocus?.isConnected) previousFocus.focus({ preventScroll: true });
    settle(started);
  };
  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (busy || !open) return;
    const key = normalizeKey(input.value);
    if (!key) {
      message.textContent = labels.key.invalidFormat;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    message.textContent = '';
    setBusy(true);
    try {
      await redeem(key);
      close(true);
    } catch (error) {
      setBusy(false);
      message.textContent = keyErrorMessage(labels, error);
      input.setAttribute('aria-invalid', 'true');
      input.select();
      input.focus();
    }
  };
  form.addEventListener('submit', (event) => void onSubmit(event));
  cancel.addEventListener('click', () => close(false));
  const untrap = trapFocus(dialog, () => { if (!busy) close(false); });
  ui.root.append(backdrop);
  ui.attach();
  input.focus();
  return { result, close: () => close(false) };
}
