// The one element that carries all of CoBrowse's UI on the customer's page (guidance overlay, banner, dialogs,
// notices, hints). It lives in its own CLOSED shadow root:
// - the site's CSS cannot select anything inside it, and what reaches the host itself (`* {display:none
//   !important}`) loses to the shadow's `:host` rules, because for !important declarations the inner context wins;
// - the capture serializes open shadow roots only (`element.shadowRoot`), so even a capture that forgot to skip the
//   host could not walk into its content; and page scripts that traverse open roots do not stumble into it.
// The host carries UI_ATTRIBUTE, which the capture skips, so not even the empty host reaches the agent.

/** Elements with this attribute are CoBrowse's own UI: the capture never sends them. */
export const UI_ATTRIBUTE = 'data-cobrowse-ui';
/** A custom element name: site rules written for div, span or svg never match the host. */
const HOST_TAG = 'cobrowse-ui';

/** The host's own box: `all` first, so whatever the site set on custom elements is reset before the rest. */
const HOST_DECLARATIONS: Array<[string, string]> = [
  ['all', 'initial'], ['display', 'block'], ['position', 'fixed'], ['inset', '0'], ['z-index', '2147483647'],
  ['pointer-events', 'none'], ['visibility', 'visible'], ['opacity', '1'], ['overflow', 'hidden'], ['contain', 'strict'],
  ['width', 'auto'], ['height', 'auto'], ['margin', '0'], ['padding', '0'], ['border', '0'], ['background', 'transparent'],
];
const HOST_CSS = `:host{${HOST_DECLARATIONS.map(([name, value]) => `${name}:${value} !important`).join(';')}}*{box-sizing:border-box}`;

export interface UiHost {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  /** Adds a style sheet to the shadow root (a constructed sheet where possible, see below). */
  addStyles(css: string): void;
  /** Puts the host on the page, above everything the page shows. Idempotent. */
  attach(): void;
  /** Takes the host off the page; nothing of it stays behind. */
  remove(): void;
}

export function createUiHost(document: Document, tag = HOST_TAG): UiHost {
  const host = document.createElement(tag);
  host.setAttribute(UI_ATTRIBUTE, '');
  // Through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' still allows (a style attribute in
  // markup it would block).
  for (const [name, value] of HOST_DECLARATIONS) host.style.setProperty(name, value, 'important');
  // In the top layer, no z-index of the site (even one added later) can cover the UI. Manual, so it never closes the
  // site's own popovers. Set before the host joins the page: no attribute change to observe later.
  const topLayer = typeof host.showPopover === 'function';
  if (topLayer) host.popover = 'manual';
  const root = host.attachShadow({ mode: 'closed' });
  const win = (document.defaultView ?? window) as Window & typeof globalThis;
  const addStyles = (css: string): void => adoptStyles(root, win, css);
  addStyles(HOST_CSS);
  return {
    host,
    root,
    addStyles,
    attach() {
      if (host.isConnected) return;
      document.documentElement.append(host);
      if (!topLayer) return;
      try {
        host.showPopover();
      } catch {
        // popovers unsupported here after all: the highest z-index stays the fallback
      }
    },
    remove: () => host.remove(),
  };
}

/**
 * A constructed sheet where the browser has them: unlike a <style> element it is not an inline style, so a
 * Content-Security-Policy without 'unsafe-inline' does not block it. The capture never sends it: it only follows
 * sheets adopted by roots it mirrors, and this root is closed and skipped.
 */
function adoptStyles(root: ShadowRoot, win: Window & typeof globalThis, css: string): void {
  try {
    const sheet = new win.CSSStyleSheet(); // the sheet must come from the document's own realm to be adopted there
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return;
  } catch {
    // no constructable style sheets: a <style> element, which works wherever inline styles are allowed
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = css;
  root.prepend(style);
}
