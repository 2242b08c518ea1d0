// The agent's guidance on the customer's page: pointer, highlight, annotations and the "Clear annotations" button,
// drawn in the UI host's closed shadow root (ui/host.ts says why that keeps the site and the capture out of it).
// Standalone (createGuidance without a host) it gets a host of its own.
import { svgElement } from './draw';
import type { GuidanceLabels } from './labels';
import { createUiHost, UI_ATTRIBUTE, type UiHost } from '../ui/host';

/** Elements with this attribute are CoBrowse's own UI: the capture never sends them. */
export const OVERLAY_ATTRIBUTE = UI_ATTRIBUTE;
/** The tag of a standalone overlay's own host. */
const OWN_HOST_TAG = 'cobrowse-guidance';

export const AGENT_COLOR = '#2563eb';
export const HIGHLIGHT_COLOR = '#f59e0b';
/** The pointer of an agent in control: a different color, so the customer sees who drives the page. */
export const CONTROL_COLOR = '#dc2626';

const SHADOW_CSS = `
.guidance{position:absolute;inset:0;pointer-events:none}
.doc{position:absolute;left:0;top:0;width:100%;height:100%;overflow:hidden;display:block}
.pointer{position:absolute;left:0;top:0;display:none;will-change:transform}
.pointer svg{display:block;width:20px;height:22px;filter:drop-shadow(0 1px 2px rgba(0,0,0,.35))}
.pointer span{position:absolute;left:16px;top:18px;padding:2px 8px;border-radius:10px;background:${AGENT_COLOR};color:#fff;
  font:600 12px/16px system-ui,sans-serif;white-space:nowrap}
.pointer.controlling span{background:${CONTROL_COLOR}}
.pointer.controlling path{fill:${CONTROL_COLOR}}
.highlight{position:absolute;left:0;top:0;display:none;border:3px solid ${HIGHLIGHT_COLOR};border-radius:4px;
  box-shadow:0 0 0 4px rgba(245,158,11,.35)}
.clear{position:absolute;right:16px;bottom:16px;display:none;pointer-events:auto;cursor:pointer;margin:0;
  padding:8px 14px;border:0;border-radius:18px;background:#111827;color:#fff;font:600 14px/18px system-ui,sans-serif;
  box-shadow:0 2px 8px rgba(0,0,0,.3)}
.clear:hover{background:#374151}
`;

export interface Overlay {
  /** The element that holds the overlay on the page (shared with the rest of the UI when a host was given). */
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
  /** Shows the pointer as the agent's in control (or not). */
  setControlling(controlling: boolean): void;
  /** Takes the overlay off the page (its own host, or its part of a shared one). */
  remove(): void;
}

export function createOverlay(document: Document, labels: GuidanceLabels, shared?: UiHost): Overlay {
  const ui = shared ?? createUiHost(document, OWN_HOST_TAG);
  ui.addStyles(SHADOW_CSS);
  const container = document.createElement('div');
  container.className = 'guidance';

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

  container.append(layer, highlight, pointer, clearButton);
  // First in the root: the banner and dialogs that share the host are drawn above the annotations.
  ui.root.prepend(container);
  const win = document.defaultView ?? window;
  return {
    attach: () => ui.attach(),
    host: ui.host,
    annotations,
    pointer,
    highlight,
    clearButton,
    followScroll: () => annotations.setAttribute('transform', `translate(${-win.scrollX} ${-win.scrollY})`),
    setControlling(controlling) {
      pointer.classList.toggle('controlling', controlling);
      name.textContent = controlling ? labels.agentControlling : labels.agent;
    },
    remove() {
      if (shared) container.remove();
      else ui.remove();
    },
  };
}
