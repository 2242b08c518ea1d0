// The element that carries the agent's guidance on the customer's page. It lives in its own CLOSED shadow root:
// - the site's CSS cannot select anything inside it, and what reaches the host itself (`* {display:none
//   !important}`) loses to the shadow's `:host` rules, because for !important declarations the inner context wins;
// - the capture serializes open shadow roots only (`element.shadowRoot`), so even a capture that forgot to skip the
//   host could not walk into its content; and page scripts that traverse open roots do not stumble into it.
// The host carries OVERLAY_ATTRIBUTE, which the capture skips, so not even the empty host reaches the agent.
import { svgElement } from './draw';
import type { GuidanceLabels } from './labels';

/** Elements with this attribute are CoBrowse's own UI: the capture never sends them. */
export const OVERLAY_ATTRIBUTE = 'data-cobrowse-ui';
/** A custom element name: site rules written for div, span or svg never match the host. */
const HOST_TAG = 'cobrowse-guidance';

export const AGENT_COLOR = '#2563eb';
export const HIGHLIGHT_COLOR = '#f59e0b';

/** The host's own box: `all` first, so whatever the site set on custom elements is reset before the rest. */
const HOST_DECLARATIONS: Array<[string, string]> = [
  ['all', 'initial'], ['display', 'block'], ['position', 'fixed'], ['inset', '0'], ['z-index', '2147483647'],
  ['pointer-events', 'none'], ['visibility', 'visible'], ['opacity', '1'], ['overflow', 'hidden'], ['contain', 'strict'],
];
const HOST_STYLE = HOST_DECLARATIONS.map(([name, value]) => `${name}:${value} !important`).join(';');

const SHADOW_CSS = `
:host{${HOST_STYLE}}
*{box-sizing:border-box}
.doc{position:absolute;left:0;top:0;width:100%;height:100%;overflow:hidden;display:block}
.pointer{position:absolute;left:0;top:0;display:none;will-change:transform}
.pointer svg{display:block;width:20px;height:22px;filter:drop-shadow(0 1px 2px rgba(0,0,0,.35))}
.pointer span{position:absolute;left:16px;top:18px;padding:2px 8px;border-radius:10px;background:${AGENT_COLOR};color:#fff;
  font:600 12px/16px system-ui,sans-serif;white-space:nowrap}
.highlight{position:absolute;left:0;top:0;display:none;border:3px solid ${HIGHLIGHT_COLOR};border-radius:4px;
  box-shadow:0 0 0 4px rgba(245,158,11,.35)}
.clear{position:absolute;right:16px;bottom:16px;display:none;pointer-events:auto;cursor:pointer;margin:0;
  padding:8px 14px;border:0;border-radius:18px;background:#111827;color:#fff;font:600 14px/18px system-ui,sans-serif;
  box-shadow:0 2px 8px rgba(0,0,0,.3)}
.clear:hover{background:#374151}
`;

export interface Overlay {
  host: HTMLElement;
  /** The group that holds annotations, in document coordinates. */
  annotations: SVGGElement;
  pointer: HTMLElement;
  highlight: HTMLElement;
  clearButton: HTMLButtonElement;
  /** Puts the overlay on the page, above everything the page shows. */
  attach(): void;
  /** Moves the document layer to the window's scroll. */
  followScroll(): void;
}

export function createOverlay(document: Document, labels: GuidanceLabels): Overlay {
  const host = document.createElement(HOST_TAG);
  host.setAttribute(OVERLAY_ATTRIBUTE, '');
  // Through the CSSOM, which a Content-Security-Policy without 'unsafe-inline' still allows (a style attribute in
  // markup it would block).
  for (const [name, value] of HOST_DECLARATIONS) host.style.setProperty(name, value, 'important');
  // In the top layer, no z-index of the site (even one added later) can cover the overlay. Manual, so it never
  // closes the site's own popovers. Set before the host joins the page: no attribute change to observe later.
  const topLayer = typeof host.showPopover === 'function';
  if (topLayer) host.popover = 'manual';
  const root = host.attachShadow({ mode: 'closed' });

  const layer = svgElement(document, 'svg', { class: 'doc', 'aria-hidden': 'true' });
  const annotations = svgElement(document, 'g');
  layer.append(annotations);

  const highlight = document.createElement('div');
  highlight.className = 'highlight';

  const pointer = document.createElement('div');
  pointer.className = 'pointer';
  const arrow = svgElement(document, 'svg', { viewBox: '0 0 20 22', 'aria-hidden': 'true' });
  arrow.append(svgElement(document, 'path', { d: 'M1 1 L1 18 L6 13.5 L9.5 21 L12.5 19.7 L9 12.3 L16 12.3 Z', fill: AGENT_COLOR, stroke: '#fff', 'stroke-width': 1.5, 'stroke-linejoin': 'round' }));
  const name = document.createElement('span');
  name.textContent = labels.agent;
  pointer.append(arrow, name);

  const clearButton = document.createElement('button');
  clearButton.type = 'button';
  clearButton.className = 'clear';
  clearButton.textContent = labels.clearAnnotations;

  root.append(layer, highlight, pointer, clearButton);
  const win = document.defaultView ?? window;
  adoptStyles(root, win as Window & typeof globalThis);
  return {
    attach() {
      document.documentElement.append(host);
      if (!topLayer) return;
      try {
        host.showPopover();
      } catch {
        // popovers unsupported here after all: the highest z-index stays the fallback
      }
    },
    host,
    annotations,
    pointer,
    highlight,
    clearButton,
    followScroll: () => annotations.setAttribute('transform', `translate(${-win.scrollX} ${-win.scrollY})`),
  };
}

/**
 * A constructed sheet where the browser has them: unlike a <style> element it is not an inline style, so a
 * Content-Security-Policy without 'unsafe-inline' does not block it. The capture never sends it: it only follows
 * sheets adopted by roots it mirrors, and this root is closed and skipped.
 */
function adoptStyles(root: ShadowRoot, win: Window & typeof globalThis): void {
  try {
    const sheet = new win.CSSStyleSheet(); // the sheet must come from the document's own realm to be adopted there
    sheet.replaceSync(SHADOW_CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  } catch {
    // no constructable style sheets: a <style> element, which works wherever inline styles are allowed
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = SHADOW_CSS;
  root.prepend(style);
}
