// Small helpers to build the UI's elements (text always through textContent: nothing here is ever markup).
export function element<K extends keyof HTMLElementTagNameMap>(
  document: Document,
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function button(document: Document, className: string, text: string): HTMLButtonElement {
  return element(document, 'button', { type: 'button', class: className }, text);
}

/** The element that really has the focus, also inside open shadow roots (to give it back when a dialog closes). */
export function focusedElement(document: Document): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof (document.defaultView ?? window).HTMLElement ? active : null;
}

/**
 * Keeps Tab and Shift+Tab inside `container` (a modal dialog), calls `onEscape` on Escape, and keeps the dialog's
 * keys from reaching the site's own shortcuts. Returns the function that removes it.
 */
export function trapFocus(container: HTMLElement, onEscape: () => void): () => void {
  const onKey = (event: KeyboardEvent): void => {
    event.stopPropagation();
    if (event.type !== 'keydown') return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key !== 'Tab') return;
    const focusable = [...container.querySelectorAll<HTMLElement>('button:not(:disabled),input:not(:disabled)')];
    if (focusable.length === 0) return;
    const root = container.getRootNode() as ShadowRoot;
    const index = focusable.indexOf(root.activeElement as HTMLElement);
    const next = event.shiftKey ? (index <= 0 ? focusable.length - 1 : index - 1) : (index + 1) % focusable.length;
    event.preventDefault();
    focusable[next].focus();
  };
  const types = ['keydown', 'keyup', 'keypress'] as const;
  for (const type of types) container.addEventListener(type, onKey);
  return () => {
    for (const type of types) container.removeEventListener(type, onKey);
  };
}
