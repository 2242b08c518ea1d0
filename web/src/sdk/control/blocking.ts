// Which elements agents may not use: `data-cobrowse-block` and the tenant's block selectors, on the element or any
// ancestor (across shadow roots and same-origin frames), and forms whose submission is blocked.
import { composedParent, validSelectors } from '../../capture/mask';

export const BLOCK_ATTRIBUTE = 'data-cobrowse-block';

export interface BlockRules {
  /** The element, or something around it, is blocked for agents. */
  isBlocked(element: Element): boolean;
  /**
   * Submitting this form is blocked: the form is blocked, or the button a submission would go through (the
   * default button for Enter, or the given submitter) is.
   */
  isSubmitBlocked(form: HTMLFormElement, submitter?: Element | null): boolean;
}

export function blockRules(tenantSelectors: readonly string[] = []): BlockRules {
  const selector = [`[${BLOCK_ATTRIBUTE}]`, ...validSelectors(tenantSelectors, false)].join(',');
  const isBlocked = (element: Element): boolean => {
    for (let node: Node | null = element; node; node = composedParent(node)) {
      if (node.nodeType === Node.ELEMENT_NODE && (node as Element).matches(selector)) return true;
    }
    return false;
  };
  return {
    isBlocked,
    isSubmitBlocked(form, submitter) {
      if (isBlocked(form)) return true;
      const button = submitter ?? defaultButton(form);
      return button ? isBlocked(button) : false;
    },
  };
}

/** The form's default button: its first submit button in tree order (what Enter in a field "clicks"). */
export function defaultButton(form: HTMLFormElement): HTMLButtonElement | HTMLInputElement | null {
  for (const control of form.elements) {
    if (isSubmitButton(control)) return control;
  }
  return null;
}

export function isSubmitButton(element: Element | null): element is HTMLButtonElement | HTMLInputElement {
  if (!element) return false;
  if (element.localName === 'button') return (element as HTMLButtonElement).type === 'submit';
  return element.localName === 'input' && ['submit', 'image'].includes((element as HTMLInputElement).type);
}
