// Text editing as typing does it: insert at the caret (replacing the selection), delete around it, move it. Values go
// in through the prototype's value setter, so frameworks that watch their own instance property (React …) see a
// change, and the capture (which watches that setter) reports it, masked where the field is masked.
import { beforeInput, inputEvent } from './events';

export type TextField = HTMLInputElement | HTMLTextAreaElement;

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'number']);

export function isTextField(element: Element): element is TextField {
  if (element.localName === 'textarea') return true;
  return element.localName === 'input' && TEXT_INPUT_TYPES.has((element as HTMLInputElement).type);
}

export function isWritable(field: TextField): boolean {
  return !field.disabled && !field.readOnly;
}

/** [start, end] of the selection; fields without a selection API (email, number) edit at the end. */
export function selectionOf(field: TextField): [number, number] {
  const length = field.value.length;
  try {
    if (field.selectionStart !== null && field.selectionEnd !== null) return [field.selectionStart, field.selectionEnd];
  } catch {
    // selection not supported by this input type
  }
  return [length, length];
}

export function setCaret(field: TextField, start: number, end = start): void {
  try {
    field.setSelectionRange(start, end);
  } catch {
    // no selection API on this input type: the caret is the end
  }
}

export function setNativeValue(field: TextField, value: string): void {
  const win = field.ownerDocument.defaultView ?? window;
  const prototype = field.localName === 'textarea' ? win.HTMLTextAreaElement.prototype : win.HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(prototype, 'value')?.set;
  if (setter) setter.call(field, value);
  else field.value = value;
}

/** Replaces [start, end) with `text` behind a cancelable beforeinput, then input; false when nothing changed. */
function edit(field: TextField, start: number, end: number, text: string, inputType: string): boolean {
  if (!beforeInput(field, inputType, text || null)) return false;
  const value = field.value;
  setNativeValue(field, value.slice(0, start) + text + value.slice(end));
  setCaret(field, start + text.length);
  inputEvent(field, inputType, text || null);
  return true;
}

export function insertText(field: TextField, typed: string, inputType = 'insertText'): boolean {
  // A single-line field drops line breaks, as pasting into it does.
  let text = field.localName === 'textarea' ? typed.replace(/\r\n?/g, '\n') : typed.replace(/[\r\n]+/g, '');
  const [start, end] = selectionOf(field);
  if (field.maxLength >= 0) text = text.slice(0, Math.max(0, field.maxLength - (field.value.length - (end - start))));
  if (text.length === 0) return false;
  return edit(field, start, end, text, inputType);
}

export function deleteText(field: TextField, direction: 'backward' | 'forward'): boolean {
  let [start, end] = selectionOf(field);
  if (start === end) {
    if (direction === 'backward') start = Math.max(0, start - 1);
    else end = Math.min(field.value.length, end + 1);
  }
  if (start === end) return false;
  return edit(field, start, end, '', direction === 'backward' ? 'deleteContentBackward' : 'deleteContentForward');
}

/** Arrow keys, Home and End on the caret (a textarea's Up/Down go to its start/end: no line layout here). */
export function moveCaret(field: TextField, key: string): void {
  const [start, end] = selectionOf(field);
  const length = field.value.length;
  switch (key) {
    case 'ArrowLeft': setCaret(field, start === end ? Math.max(0, start - 1) : start); return;
    case 'ArrowRight': setCaret(field, start === end ? Math.min(length, end + 1) : end); return;
    case 'Home':
    case 'ArrowUp': setCaret(field, 0); return;
    case 'End':
    case 'ArrowDown': setCaret(field, length); return;
  }
}

/** Editing in a contenteditable goes through the browser's own editing commands (they fire beforeinput/input). */
export function editContent(element: HTMLElement, command: 'insertText' | 'delete' | 'forwardDelete' | 'insertParagraph', text?: string): boolean {
  const doc = element.ownerDocument;
  const selection = doc.getSelection();
  if (selection && !element.contains(selection.anchorNode)) {
    selection.selectAllChildren(element);
    selection.collapseToEnd();
  }
  // execCommand is deprecated but remains the only way to edit rich text with the browser's own undo and events.
  return doc.execCommand(command, false, text);
}
