// The navigation bar of control mode: Back, Forward, Reload and the customer's address. Only a path of the customer's
// own site may leave (the customer SDK refuses the rest too); anything else is answered here at once.
import { CONTROL_LIMITS, isSameOriginNavigation, type ControlNavigateFrame } from '../protocol/control';
import type { ConsoleLabels } from './labels';

export interface NavBarOptions {
  labels: ConsoleLabels;
  /** The customer's current page (from the last snapshot). */
  pageUrl(): string | undefined;
  send(frame: ControlNavigateFrame): void;
  refuse(text: string): void;
}

export interface NavBar {
  element: HTMLElement;
  /** Shows the customer's address (unless the agent is editing it). */
  showUrl(url: string): void;
  setEnabled(enabled: boolean): void;
}

export function createNavBar(doc: Document, options: NavBarOptions): NavBar {
  const { labels } = options;
  const element = doc.createElement('form');
  element.className = 'cbc-nav';
  element.setAttribute('aria-label', labels.nav.bar);
  const button = (text: string, action: string): HTMLButtonElement => {
    const made = doc.createElement('button');
    made.type = 'button';
    made.textContent = text;
    made.dataset.nav = action;
    return made;
  };
  const back = button(labels.nav.back, 'back');
  const forward = button(labels.nav.forward, 'forward');
  const reload = button(labels.nav.reload, 'reload');
  const address = doc.createElement('input');
  address.type = 'text';
  address.name = 'url';
  address.className = 'cbc-nav-url';
  address.setAttribute('aria-label', labels.nav.url);
  address.maxLength = CONTROL_LIMITS.url;
  address.spellcheck = false;
  const go = doc.createElement('button');
  go.type = 'submit';
  go.textContent = labels.nav.go;
  element.append(back, forward, reload, address, go);

  for (const [made, action] of [[back, 'back'], [forward, 'forward'], [reload, 'reload']] as const) {
    made.addEventListener('click', () => options.send({ v: 1, t: 'history', action }));
  }
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    const page = options.pageUrl();
    const typed = address.value.trim();
    if (!page || !typed) return;
    if (!isSameOriginNavigation(typed, page)) {
      options.refuse(labels.refusals['cross-origin']);
      return;
    }
    options.send({ v: 1, t: 'navigate', url: new URL(typed, page).href });
    address.blur();
  });

  return {
    element,
    showUrl(url) {
      if (doc.activeElement === address) return;
      try {
        const parsed = new URL(url);
        address.value = parsed.pathname + parsed.search + parsed.hash;
      } catch {
        address.value = url;
      }
    },
    setEnabled(enabled) {
      for (const control of [back, forward, reload, address, go]) control.disabled = !enabled;
    },
  };
}
