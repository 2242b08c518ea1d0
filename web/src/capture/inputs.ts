import type { InputFrame } from '../protocol/frames';
import { isElementNode, isHtmlElement } from './dom';
import { formStateOf } from './form-state';
import { isSensitiveField, remember, type MaskPolicy } from './mask';
import type { NodeIds } from './node-ids';

type Restore = () => void;

/** Properties a script can set without any event firing; the page's own code changes values this way. */
const WATCHED_PROPERTIES: Array<[string, string]> = [
  ['HTMLInputElement', 'value'],
  ['HTMLInputElement', 'checked'],
  ['HTMLInputElement', 'indeterminate'],
  ['HTMLTextAreaElement', 'value'],
  ['HTMLSelectElement', 'value'],
  ['HTMLSelectElement', 'selectedIndex'],
  ['HTMLOptionElement', 'selected'],
];

/**
 * Reports form values as the customer types and as scripts set them, masked with the same context rules as the
 * DOM. Reports are coalesced per animation frame: typing fast sends the latest value, not every keystroke.
 */
export class InputCapture {
  private readonly pending = new Set<Element>();
  private readonly restores: Restore[] = [];
  private readonly watchedWindows = new WeakSet<Window>();
  private scheduled = false;

  constructor(
    private readonly ids: NodeIds,
    private readonly policy: MaskPolicy,
    private readonly send: (frame: InputFrame) => void,
  ) {}

  /** Listens to one document (the page's or a same-origin iframe's) and watches its window's value setters. */
  start(document: Document): void {
    const onEvent = (event: Event): void => {
      const target = event.composedPath()[0];
      if (isElementNode(target)) this.report(target);
    };
    document.addEventListener('input', onEvent, true);
    document.addEventListener('change', onEvent, true);
    this.restores.push(() => {
      document.removeEventListener('input', onEvent, true);
      document.removeEventListener('change', onEvent, true);
    });
    const win = document.defaultView as (Window & Record<string, { prototype: object } | undefined>) | null;
    if (!win || this.watchedWindows.has(win)) return;
    this.watchedWindows.add(win);
    for (const [type, property] of WATCHED_PROPERTIES) {
      const prototype = win[type]?.prototype;
      if (prototype) this.watchSetter(prototype, property);
    }
  }

  stop(): void {
    this.flush();
    for (const restore of this.restores.splice(0)) restore();
  }

  report(element: Element): void {
    // A password, card or one-time-code field keeps its value masked even when the page shows it as text before the
    // next frame (other masked fields are remembered as they are written, or as they leave a masked ancestor).
    if (isSensitiveField(element)) remember(element, 'masked');
    this.pending.add(element);
    // A radio's siblings in its group lose "checked" without any event of their own.
    if (isHtmlElement(element, 'input') && element.type === 'radio' && element.name) {
      const root = element.getRootNode() as ParentNode;
      for (const radio of root.querySelectorAll(`input[type=radio][name="${CSS.escape(element.name)}"]`)) this.pending.add(radio);
    }
    if (isHtmlElement(element, 'option') || isHtmlElement(element, 'select')) {
      const select = isHtmlElement(element, 'select') ? element : element.closest('select');
      if (select) for (const option of select.options) this.pending.add(option);
      if (select) this.pending.add(select);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => this.scheduled && this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    for (const element of this.pending) {
      if (!element.isConnected || !this.ids.isMirrored(element)) continue;
      const context = this.policy.contextOf(element);
      if (context === 'redacted') continue;
      const state = formStateOf(element, context === 'masked');
      if (state) this.send({ v: 1, t: 'input', id: this.ids.idOf(element), state });
    }
    this.pending.clear();
  }

  private watchSetter(prototype: object, property: string): void {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, property);
    const originalSet = descriptor?.set;
    if (!descriptor || !originalSet) return;
    const capture = this;
    Object.defineProperty(prototype, property, {
      ...descriptor,
      set(this: Element, value: unknown) {
        originalSet.call(this, value);
        capture.report(this);
      },
    });
    this.restores.push(() => Object.defineProperty(prototype, property, descriptor));
  }
}
