// Applies the controlling agent's input to the live page with the events a real user's input fires, so the site's
// own scripts react. It does not decide WHETHER a frame may be applied (the session runtime checks the sender and
// the control state first); it decides what the frame does to the page, and refuses what is blocked, gone, or
// would leave the site.
import { isSameOriginNavigation, type ControlFrame, type ControlRefusal } from '../../protocol/control';
import type { NodeId } from '../../protocol/frames';
import { blockRules, defaultButton, isSubmitButton, type BlockRules } from './blocking';
import { deleteText, editContent, insertText, isTextField, isWritable, moveCaret, setCaret, type TextField } from './editing';
import { changeEvent, keyEvent, press } from './events';

export type ControlOutcome = { applied: true } | { applied: false; reason: ControlRefusal; element?: Element };

export interface ControlExecutor {
  apply(frame: ControlFrame): ControlOutcome;
  /** Removes its listeners (a field still being typed in gets its change event first). */
  dispose(): void;
}

export interface ExecutorOptions {
  document: Document;
  nodeOf(id: NodeId): Node | undefined;
  blockSelectors?: readonly string[];
}

const FOCUSABLE = 'a[href],button,input,select,textarea,[tabindex],[contenteditable=""],[contenteditable=true],summary,iframe';
const APPLIED: ControlOutcome = { applied: true };

/**
 * Where a click or Enter may take the customer: only the site's own origin over http(s). javascript:, vbscript: and
 * data: URLs run or render content of the URL's author, and another origin (or mailto:, tel:) leaves the shared
 * site for a place the SDK cannot mask or end: the agent may ask, the customer decides.
 */
function leavesTheSite(url: string, pageUrl: string): boolean {
  return !isSameOriginNavigation(url, pageUrl);
}

/**
 * The absolute URL a link or form leads to, resolved as the browser resolves it: against the document's base URL (a
 * `<base>` may name another origin), and an empty form action is the page itself. Attributes, not the `href`/`action`
 * properties, which a form's own fields can shadow.
 */
function absolute(url: string, doc: Document, emptyIsPage: boolean): string {
  if (emptyIsPage && url === '') return doc.URL;
  try {
    return new URL(url, doc.baseURI).href;
  } catch {
    return url; // unparsable: refused as leaving the site
  }
}

/** Where submitting this form (through this button, if any) goes. */
function submissionUrl(form: HTMLFormElement, button: Element | null): string {
  return absolute(button?.getAttribute('formaction') ?? form.getAttribute('action') ?? '', form.ownerDocument, true);
}

/**
 * element.closest() along the path a click takes: from a slotted element into the (open) shadow tree it is shown in,
 * and out of a shadow tree to its host. A site's component that wraps its content in a link is a link to the click.
 */
function closestOnPath(element: Element, selector: string): Element | null {
  for (let node: Node | null = element; node; node = (node as Element).assignedSlot ?? node.parentNode ?? (node as ShadowRoot).host ?? null) {
    if (node.nodeType === Node.ELEMENT_NODE && (node as Element).matches(selector)) return node as Element;
  }
  return null;
}

export function createControlExecutor(options: ExecutorOptions): ControlExecutor {
  const doc = options.document;
  const win = doc.defaultView ?? window;
  const rules: BlockRules = blockRules(options.blockSelectors);
  const changes = new ChangeTracker();

  const refuse = (reason: ControlRefusal, element?: Element): ControlOutcome => ({ applied: false, reason, element });

  const elementOf = (id: NodeId): Element | null => {
    const node = options.nodeOf(id);
    if (!node || !node.isConnected) return null;
    if (node.nodeType === Node.ELEMENT_NODE) return node as Element;
    return node.nodeType === Node.TEXT_NODE ? node.parentElement : null;
  };

  const focus = (element: Element): void => {
    if (deepActive(doc) === element) return;
    (element as HTMLElement).focus?.({ preventScroll: true });
    // Script focus leaves the caret where it was (often the start); a click or Tab into a field puts it at the end.
    if (isTextField(element) && deepActive(doc) === element) setCaret(element, element.value.length);
  };

  /** A click's submission goes through a submit button: refused when that form's submission is blocked. */
  const submissionBlocked = (element: Element): boolean => {
    const button = element.closest('button,input');
    if (!isSubmitButton(button) || !button.form) return false;
    return rules.isSubmitBlocked(button.form, button);
  };

  /** The URL a click on this element would follow: its link's href, or the action of the form its button submits. */
  const urlFollowedBy = (element: Element): string | null => {
    const link = closestOnPath(element, 'a[href], area[href], a[*|href]');
    const href = link?.getAttribute('href') ?? link?.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    if (link) return href == null ? null : absolute(href, link.ownerDocument, false);
    const button = closestOnPath(element, 'button,input');
    return isSubmitButton(button) && button.form ? submissionUrl(button.form, button) : null;
  };

  const click = (element: Element, x: number, y: number): ControlOutcome => {
    const labelled = element.closest('label')?.control;
    const targets = labelled ? [element, labelled] : [element]; // a label clicks its control too
    if (targets.some((target) => rules.isBlocked(target) || submissionBlocked(target))) return refuse('blocked', element);
    // A link or form action to script or to another origin would do what a navigate frame to that URL may not:
    // refused like one.
    const followed = urlFollowedBy(element) ?? (labelled ? urlFollowedBy(labelled) : null);
    if (followed !== null && leavesTheSite(followed, win.location.href)) return refuse('cross-origin', element);
    const rect = element.getBoundingClientRect();
    const clientX = rect.left + x;
    const clientY = rect.top + y;
    if (press(element, clientX, clientY, 'down')) {
      const target = element.closest(FOCUSABLE);
      if (target) focus(target);
      else (deepActive(doc) as HTMLElement | null)?.blur?.();
    }
    press(element, clientX, clientY, 'up');
    // A click event, not element.click(): it carries the point, and its activation still follows links, toggles
    // checkboxes and submits forms.
    element.dispatchEvent(new win.MouseEvent('click', { bubbles: true, cancelable: true, composed: true, clientX, clientY, button: 0, detail: 1, view: win }));
    return APPLIED;
  };

  const text = (element: Element, typed: string): ControlOutcome => {
    if (rules.isBlocked(element)) return refuse('blocked', element);
    if (isTextField(element)) {
      if (!isWritable(element)) return refuse('unavailable', element);
      focus(element);
      changes.editing(element);
      insertText(element, typed);
      return APPLIED;
    }
    if (element instanceof win.HTMLElement && element.isContentEditable) {
      focus(element);
      editContent(element, 'insertText', typed);
      return APPLIED;
    }
    return refuse('unavailable', element);
  };

  const key = (element: Element, name: string, shift: boolean): ControlOutcome => {
    if (rules.isBlocked(element)) return refuse('blocked', element);
    const field = isTextField(element) ? element : null;
    // Enter in a single-line field submits its form (through its default button), and on a link or a button it
    // activates it as a click does: refused up front when that is blocked, or would leave the site.
    const form = name === 'Enter' && field?.localName === 'input' ? field.form : null;
    if (form && rules.isSubmitBlocked(form)) return refuse('blocked', element);
    const followed = form ? submissionUrl(form, defaultButton(form)) : name === 'Enter' ? urlFollowedBy(element) : null;
    if (followed !== null && leavesTheSite(followed, win.location.href)) return refuse('cross-origin', element);
    focus(element);
    if (keyEvent(element, 'keydown', name, shift)) keyEffect(element, field, name, shift);
    keyEvent(deepActive(doc) ?? element, 'keyup', name, shift);
    return APPLIED;
  };

  const keyEffect = (element: Element, field: TextField | null, name: string, shift: boolean): void => {
    if (name === 'Tab') return moveFocus(doc, element, shift ? -1 : 1);
    if (field) {
      if (!isWritable(field)) return;
      if (name === 'Backspace' || name === 'Delete') {
        changes.editing(field);
        deleteText(field, name === 'Backspace' ? 'backward' : 'forward');
      } else if (name === 'Enter') {
        if (field.localName === 'textarea') {
          changes.editing(field);
          insertText(field, '\n', 'insertLineBreak');
        } else {
          changes.commit();
          submitImplicitly(field.form);
        }
      } else {
        moveCaret(field, name);
      }
      return;
    }
    if (element instanceof win.HTMLElement && element.isContentEditable) {
      if (name === 'Backspace') editContent(element, 'delete');
      else if (name === 'Delete') editContent(element, 'forwardDelete');
      else if (name === 'Enter') editContent(element, 'insertParagraph');
      return;
    }
    // Enter on a link or button activates it, as a click does.
    if (name === 'Enter' && element.matches('a[href],button,input[type=submit],input[type=button],input[type=reset],summary')) {
      element.dispatchEvent(new win.MouseEvent('click', { bubbles: true, cancelable: true, composed: true, detail: 0, view: win }));
    }
  };

  const select = (element: Element, indices: number[]): ControlOutcome => {
    if (rules.isBlocked(element)) return refuse('blocked', element);
    if (!(element instanceof win.HTMLSelectElement) || element.disabled) return refuse('unavailable', element);
    if (indices.some((index) => index >= element.options.length) || (!element.multiple && indices.length > 1)) return refuse('unavailable', element);
    focus(element);
    if (element.multiple) {
      [...element.options].forEach((option, index) => { option.selected = indices.includes(index); });
    } else {
      element.selectedIndex = indices.length ? indices[0] : -1;
    }
    element.dispatchEvent(new win.Event('input', { bubbles: true, composed: true }));
    changeEvent(element);
    return APPLIED;
  };

  const apply = (frame: ControlFrame): ControlOutcome => {
    switch (frame.t) {
      case 'navigate': {
        if (!isSameOriginNavigation(frame.url, win.location.href)) return refuse('cross-origin');
        changes.commit();
        win.location.assign(new URL(frame.url, win.location.href).href);
        return APPLIED;
      }
      case 'history': {
        changes.commit();
        if (frame.action === 'reload') {
          win.location.reload();
          return APPLIED;
        }
        // Back and forward within the site only: the Navigation API lists this origin's entries, not the page the
        // customer came from (or went on to) elsewhere. Without it, the page cannot tell: refused.
        const navigation = win.navigation as Navigation | undefined;
        const back = frame.action === 'back';
        if (!navigation || !(back ? navigation.canGoBack : navigation.canGoForward)) return refuse('cross-origin');
        const { committed, finished } = back ? navigation.back() : navigation.forward();
        committed?.catch(() => undefined); // a traversal the page cancels is no error
        finished?.catch(() => undefined);
        return APPLIED;
      }
      case 'scroll': {
        const node = frame.id === undefined ? doc : options.nodeOf(frame.id);
        if (!node) return refuse('unavailable');
        if (node.nodeType === Node.DOCUMENT_NODE) {
          ((node as Document).defaultView ?? win).scrollTo(frame.x, frame.y);
          return APPLIED;
        }
        if (node.nodeType !== Node.ELEMENT_NODE) return refuse('unavailable');
        if (rules.isBlocked(node as Element)) return refuse('blocked', node as Element);
        (node as Element).scrollTo(frame.x, frame.y);
        return APPLIED;
      }
      default: {
        const element = elementOf(frame.id);
        if (!element) return refuse('unavailable');
        switch (frame.t) {
          case 'click': return click(element, frame.x, frame.y);
          case 'text': return text(element, frame.text);
          case 'key': return key(element, frame.key, frame.shift === true);
          case 'select': return select(element, frame.indices);
        }
      }
    }
  };

  /** Enter in a field: the default button's click (which submits), or a submission without one. */
  const submitImplicitly = (form: HTMLFormElement | null): void => {
    if (!form) return;
    const button = defaultButton(form);
    if (button) {
      if (!button.disabled) button.dispatchEvent(new win.MouseEvent('click', { bubbles: true, cancelable: true, composed: true, detail: 0, view: win }));
      return;
    }
    form.requestSubmit();
  };

  return {
    apply,
    dispose: () => changes.commit(),
  };
}

/**
 * A text field the agent typed into gets its `change` when it loses focus (or on Enter), as a user's typing does.
 * One field at a time: editing another commits the previous one.
 */
class ChangeTracker {
  private field: TextField | undefined;
  private initial = '';
  private readonly onBlur = (): void => this.commit();

  editing(field: TextField): void {
    if (this.field === field) return;
    this.commit();
    this.field = field;
    this.initial = field.value;
    field.addEventListener('focusout', this.onBlur);
  }

  commit(): void {
    const field = this.field;
    if (!field) return;
    this.field = undefined;
    field.removeEventListener('focusout', this.onBlur);
    if (field.value !== this.initial) changeEvent(field);
  }
}

function deepActive(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active === doc.body ? null : active;
}

/** Tab: the next (or previous) element in the page's tab order; tabindex > 0 first, then document order. */
function moveFocus(doc: Document, from: Element, step: 1 | -1): void {
  const candidates = [...doc.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) =>
    element.tabIndex >= 0 && !(element as HTMLInputElement).disabled && element.getClientRects().length > 0 && (element as HTMLInputElement).type !== 'hidden');
  const ordered = [
    ...candidates.filter((element) => element.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex),
    ...candidates.filter((element) => element.tabIndex === 0),
  ];
  if (ordered.length === 0) return;
  const index = ordered.indexOf(from as HTMLElement);
  const next = ordered[(index + step + ordered.length) % ordered.length] ?? ordered[0];
  next.focus();
  // Tabbing into a text field selects its content, as browsers do.
  if (isTextField(next)) setCaret(next, 0, next.value.length);
}
