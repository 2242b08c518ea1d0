// Every word the agent console's view shows, per language (Japanese comes next).
import type { ControlRefusal } from '../protocol/control';
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
  /** The hidden field that carries the agent's typing in control mode. */
  keyboard: string;
  /** Why a control action was refused (by the customer's SDK, or here before it left). */
  refusals: Record<ControlRefusal, string>;
  /** The relay refused a control frame: the customer took control back. */
  controlEnded: string;
  loadingPage: string;
  picker: string;
  pickerApply: string;
  nav: { bar: string; back: string; forward: string; reload: string; url: string; go: string };
  /** Page resources not loaded because the tenant does not allow their host (held-back.ts). */
  heldBack: {
    line: (hosts: string[], more: number) => string;
    item: (host: string, count: number) => string;
    list: string;
    hint: string;
  };
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
    keyboard: "Typing into the customer's page",
    refusals: {
      blocked: 'Blocked by the site',
      'not-in-control': 'Customer has not granted control',
      'cross-origin': 'Only pages of this site',
      unavailable: 'Not available',
    },
    controlEnded: 'Control ended',
    loadingPage: 'Customer is loading a new page…',
    picker: 'Choose an option',
    pickerApply: 'Choose',
    nav: { bar: "Customer's page navigation", back: 'Back', forward: 'Forward', reload: 'Reload', url: 'Page address', go: 'Go' },
    heldBack: {
      line: (hosts, more) => `Not loaded, not allowed for this site: ${hosts.join(', ')}${more ? ` and ${more} more` : ''}`,
      item: (host, count) => `${host} — ${count} ${count === 1 ? 'reference' : 'references'}`,
      list: 'Hosts whose page resources were not loaded',
      hint: "Your browser loads page resources only from hosts the site's administrator allows; they can add the site's own hosts (CDNs).",
    },
  },
};

export function consoleLabels(locale: ConsoleLocale = 'en'): ConsoleLabels {
  return LABELS[locale] ?? LABELS.en;
}
