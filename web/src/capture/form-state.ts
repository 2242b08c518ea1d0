import type { FormState } from '../protocol/frames';
import { isHtmlElement } from './dom';
import { maskValue } from './mask';

/**
 * Live state of a form control, masked when the control sits in a masked context (which includes password and
 * payment-card fields themselves). Hidden inputs carry tokens, not anything the customer sees: never sent.
 */
export function formStateOf(element: Element, masked: boolean): FormState | undefined {
  if (isHtmlElement(element, 'input')) {
    if (element.type === 'checkbox') return { checked: element.checked, indeterminate: element.indeterminate };
    if (element.type === 'radio') return { checked: element.checked };
    if (element.type === 'file' || element.type === 'hidden') return undefined;
    return { value: masked ? maskValue(element.value) : element.value };
  }
  if (isHtmlElement(element, 'textarea') || isHtmlElement(element, 'select')) {
    return { value: masked ? maskValue(element.value) : element.value };
  }
  if (isHtmlElement(element, 'option')) return { selected: element.selected };
  return undefined;
}
