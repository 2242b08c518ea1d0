// A highlight outline that tracks its element for a few seconds, then fades: used on the customer's page (over the
// live element) and in the console (over the mirror's copy), so both sides show the same thing for the same time.

/** How long a highlight stays, fade included. */
export const HIGHLIGHT_MS = 3000;
const FADE_MS = 600;

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Places `outline` over the box that `measure` returns, every animation frame of `win` (so it follows scrolling,
 * resizing and layout changes) until the highlight ends. Returns a function that ends it early.
 */
export function showHighlight(win: Window, outline: HTMLElement, measure: () => Box | null): () => void {
  let frame = 0;
  const place = (): void => {
    const box = measure();
    if (box) {
      outline.style.transform = `translate(${box.left}px, ${box.top}px)`;
      outline.style.width = `${box.width}px`;
      outline.style.height = `${box.height}px`;
    }
    outline.style.visibility = box ? 'visible' : 'hidden';
    frame = win.requestAnimationFrame(place);
  };
  outline.style.transition = 'none';
  outline.style.opacity = '1';
  outline.style.display = 'block';
  place();
  const fade = win.setTimeout(() => {
    outline.style.transition = `opacity ${FADE_MS}ms ease-out`;
    outline.style.opacity = '0';
  }, HIGHLIGHT_MS - FADE_MS);
  const end = win.setTimeout(() => stop(), HIGHLIGHT_MS);
  const stop = (): void => {
    win.cancelAnimationFrame(frame);
    win.clearTimeout(fade);
    win.clearTimeout(end);
    outline.style.display = 'none';
  };
  return stop;
}

/** An element's box in the viewport of `view` (its document or one around it, through same-origin frames). */
export function viewportBoxOf(element: Element, view: Document): Box {
  const rect = element.getBoundingClientRect();
  let left = rect.left;
  let top = rect.top;
  let frameElement = element.ownerDocument === view ? null : frameOf(element.ownerDocument);
  while (frameElement) {
    const frameRect = frameElement.getBoundingClientRect();
    left += frameRect.left + frameElement.clientLeft;
    top += frameRect.top + frameElement.clientTop;
    frameElement = frameElement.ownerDocument === view ? null : frameOf(frameElement.ownerDocument);
  }
  return { left, top, width: rect.width, height: rect.height };
}

function frameOf(document: Document): Element | null {
  try {
    return document.defaultView?.frameElement ?? null;
  } catch {
    return null;
  }
}
