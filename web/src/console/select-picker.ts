// The console's own list for a <select> of the customer's page: the mirror's select cannot open (no scripts, no
// input), so the agent picks from a native listbox here, placed over the element, with the mirror's options in order.
// Indices are what the select frame carries (option values may be masked, positions never are).
import type { ConsoleLabels } from './labels';
import type { Stage } from './stage';

export interface SelectPickerOptions {
  stage: Stage;
  select: HTMLSelectElement;
  labels: ConsoleLabels;
  choose(indices: number[]): void;
  cancel(): void;
}

export interface SelectPicker {
  close(): void;
}

const MAX_ROWS = 10;

export function openSelectPicker(options: SelectPickerOptions): SelectPicker {
  const { stage, select, labels } = options;
  const doc = stage.element.ownerDocument;
  const form = doc.createElement('form');
  form.className = 'cbc-picker';
  form.setAttribute('aria-label', labels.picker);
  const list = doc.createElement('select');
  list.className = 'cbc-picker-list';
  list.setAttribute('aria-label', labels.picker);
  list.multiple = select.multiple;
  const sources = Array.from(select.options);
  for (const source of sources) {
    const option = doc.createElement('option');
    option.textContent = source.label || source.text;
    option.disabled = source.disabled;
    option.selected = source.selected;
    list.append(option);
  }
  list.size = Math.max(2, Math.min(MAX_ROWS, sources.length));
  const apply = doc.createElement('button');
  apply.type = 'submit';
  apply.textContent = labels.pickerApply;
  form.append(list, apply);

  const rect = select.getBoundingClientRect(); // the mirror's viewport pixels: scale them into the stage
  const scale = stage.scale;
  form.style.transform = `translate(${Math.round(rect.left * scale)}px, ${Math.round(rect.bottom * scale + 2)}px)`;
  form.style.minWidth = `${Math.max(160, Math.round(rect.width * scale))}px`;

  let closed = false;
  const chosen = (): number[] => Array.from(list.options).flatMap((option, index) => (option.selected ? [index] : []));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    options.choose(chosen());
  });
  // A single select answers on the first click or Enter, like the native popup.
  list.addEventListener('click', (event) => {
    if (!list.multiple && (event.target as Element).localName === 'option') options.choose(chosen());
  });
  list.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      options.choose(chosen());
    } else if (event.key === 'Escape') {
      event.preventDefault();
      options.cancel();
    }
  });
  form.addEventListener('focusout', (event) => {
    if (!closed && !form.contains(event.relatedTarget as Node | null)) options.cancel();
  });

  stage.element.append(form);
  list.focus({ preventScroll: true });
  return {
    close() {
      if (closed) return;
      closed = true;
      form.remove();
    },
  };
}
