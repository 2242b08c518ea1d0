// Every word the agent console's view shows, per language (Japanese comes next).
import type { Tool } from './tools';

export type ConsoleLocale = 'en';

export interface ConsoleLabels {
  tools: Record<Tool, string>;
  toolbar: string;
  undo: string;
  clear: string;
  /** Next to the customer's pointer over the mirror. */
  customer: string;
  textPlaceholder: string;
  waiting: string;
}

const LABELS: Record<ConsoleLocale, ConsoleLabels> = {
  en: {
    tools: { pointer: 'Pointer', highlight: 'Highlight', freehand: 'Draw', arrow: 'Arrow', box: 'Box', text: 'Text' },
    toolbar: 'Guidance tools',
    undo: 'Undo',
    clear: 'Clear',
    customer: 'Customer',
    textPlaceholder: 'Label, then Enter',
    waiting: "Waiting for the customer's page…",
  },
};

export function consoleLabels(locale: ConsoleLocale = 'en'): ConsoleLabels {
  return LABELS[locale] ?? LABELS.en;
}
