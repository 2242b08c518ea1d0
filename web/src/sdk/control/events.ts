// The DOM events a real user's input would fire, dispatched on the customer's page so the site's own listeners react
// as they do to its customer (they are untrusted events: the browser knows, the site's scripts mostly do not care).

/** Pointer and mouse events of a press at a point; returns false when the site cancelled the mousedown. */
export function press(target: Element, clientX: number, clientY: number, phase: 'down' | 'up'): boolean {
  const win = target.ownerDocument.defaultView ?? window;
  const common = { bubbles: true, cancelable: true, composed: true, clientX, clientY, button: 0, view: win };
  const pointer = { ...common, pointerId: 1, pointerType: 'mouse', isPrimary: true, buttons: phase === 'down' ? 1 : 0 };
  const PointerCtor = win.PointerEvent ?? win.MouseEvent;
  target.dispatchEvent(new PointerCtor(phase === 'down' ? 'pointerdown' : 'pointerup', pointer));
  return target.dispatchEvent(new win.MouseEvent(phase === 'down' ? 'mousedown' : 'mouseup', { ...common, buttons: pointer.buttons }));
}

/** keydown (cancelable) or keyup; returns false when the site cancelled it. */
export function keyEvent(target: Element, type: 'keydown' | 'keyup', key: string, shiftKey = false): boolean {
  const win = target.ownerDocument.defaultView ?? window;
  const code = key.length === 1 ? `Key${key.toUpperCase()}` : key;
  return target.dispatchEvent(new win.KeyboardEvent(type, { key, code, shiftKey, bubbles: true, cancelable: true, composed: true, view: win }));
}

/** beforeinput (cancelable); returns false when the site cancelled the edit. */
export function beforeInput(target: Element, inputType: string, data: string | null): boolean {
  const win = target.ownerDocument.defaultView ?? window;
  return target.dispatchEvent(new win.InputEvent('beforeinput', { inputType, data, bubbles: true, cancelable: true, composed: true }));
}

export function inputEvent(target: Element, inputType: string, data: string | null): void {
  const win = target.ownerDocument.defaultView ?? window;
  target.dispatchEvent(new win.InputEvent('input', { inputType, data, bubbles: true, composed: true }));
}

export function changeEvent(target: Element): void {
  const win = target.ownerDocument.defaultView ?? window;
  target.dispatchEvent(new win.Event('change', { bubbles: true }));
}
