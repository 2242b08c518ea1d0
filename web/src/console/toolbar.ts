// The row of guidance tools above the stage: one pressed tool at a time, plus undo and clear.
import type { ConsoleLabels } from './labels';
import { TOOLS, type Tool } from './tools';

export interface Toolbar {
  element: HTMLElement;
  press(tool: Tool): void;
  onTool(listener: (tool: Tool) => void): void;
  onClear(listener: () => void): void;
  onUndo(listener: () => void): void;
}

export function createToolbar(doc: Document, labels: ConsoleLabels): Toolbar {
  const element = doc.createElement('div');
  element.className = 'cbc-toolbar';
  element.setAttribute('role', 'toolbar');
  element.setAttribute('aria-label', labels.toolbar);
  const button = (text: string, data: Record<string, string>): HTMLButtonElement => {
    const made = doc.createElement('button');
    made.type = 'button';
    made.textContent = text;
    for (const [key, value] of Object.entries(data)) made.dataset[key] = value;
    return made;
  };
  const toolButtons = TOOLS.map((tool) => button(labels.tools[tool], { tool }));
  const gap = doc.createElement('span');
  gap.className = 'cbc-gap';
  const undo = button(labels.undo, { action: 'undo' });
  const clear = button(labels.clear, { action: 'clear' });
  element.append(...toolButtons, gap, undo, clear);
  return {
    element,
    press(tool) {
      for (const made of toolButtons) made.setAttribute('aria-pressed', String(made.dataset.tool === tool));
    },
    onTool(listener) {
      for (const made of toolButtons) made.addEventListener('click', () => listener(made.dataset.tool as Tool));
    },
    onClear(listener) {
      clear.addEventListener('click', listener);
    },
    onUndo(listener) {
      undo.addEventListener('click', listener);
    },
  };
}
