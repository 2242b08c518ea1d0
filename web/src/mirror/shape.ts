// The shape each page frame type must have before the mirror applies it. A known frame type with the wrong shape
// is not a frame the capture sends: applying what can be read of it would leave the mirror quietly different from
// the page, so the mirror refuses it and says so (the console then asks for a fresh snapshot).
import type { Frame } from '../protocol/frames';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const optionalArray = (value: unknown): boolean => value === undefined || Array.isArray(value);

/** Live form state: every field that is present has its type. */
export function isFormState(state: unknown): boolean {
  if (!isRecord(state)) return false;
  const typed = (key: string, type: 'string' | 'boolean'): boolean => state[key] === undefined || typeof state[key] === type;
  return typed('value', 'string') && typed('checked', 'boolean') && typed('selected', 'boolean') && typed('indeterminate', 'boolean');
}

export function isViewport(value: unknown): boolean {
  return isRecord(value) && Number.isFinite(value.width) && Number.isFinite(value.height) && Number.isFinite(value.devicePixelRatio);
}

function isScrollPosition(value: unknown): boolean {
  return isRecord(value) && isId(value.id) && Number.isFinite(value.x) && Number.isFinite(value.y);
}

/** True when a frame of a type the mirror knows has that type's shape (unknown types are not judged here). */
export function hasFrameShape(frame: Frame): boolean {
  const f = frame as unknown as Record<string, unknown>;
  switch (frame.t) {
    case 'snapshot':
      return isId(f.id) && Array.isArray(f.root) && f.root[0] === '#' && Array.isArray(f.scroll) && f.scroll.every(isScrollPosition) &&
        typeof f.url === 'string' && isViewport(f.viewport) && optionalArray(f.sheets);
    case 'mutations':
      return Array.isArray(f.removes) && Array.isArray(f.adds) && Array.isArray(f.attributes) && Array.isArray(f.texts) &&
        f.adds.every(isRecord) && f.attributes.every(isRecord) && f.texts.every(isRecord) && optionalArray(f.sheets);
    case 'input':
      return isId(f.id) && isFormState(f.state);
    case 'scroll':
      return isScrollPosition(f.scroll);
    case 'viewport':
      return isViewport(f.viewport);
    case 'pointer':
      return Number.isFinite(f.x) && Number.isFinite(f.y);
    case 'style':
      return (Array.isArray(f.definitions) || Array.isArray(f.changes) || Array.isArray(f.adoptions)) &&
        optionalArray(f.definitions) && optionalArray(f.changes) && optionalArray(f.adoptions);
    case 'focus':
      return f.id === null || isId(f.id);
    case 'selection':
      return isId(f.document) && Array.isArray(f.ranges);
    case 'media':
      return isId(f.id) && isRecord(f.state);
    case 'canvas':
      return isId(f.id) && typeof f.image === 'string';
    default:
      return true;
  }
}
