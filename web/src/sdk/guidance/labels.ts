// Every word the customer's guidance overlay shows, per language (Japanese comes next).
export type GuidanceLocale = 'en';

export interface GuidanceLabels {
  /** Next to the agent's pointer. */
  agent: string;
  /** The button that removes the agent's drawings. */
  clearAnnotations: string;
}

const LABELS: Record<GuidanceLocale, GuidanceLabels> = {
  en: { agent: 'Agent', clearAnnotations: 'Clear annotations' },
};

export function guidanceLabels(locale: GuidanceLocale = 'en'): GuidanceLabels {
  return LABELS[locale] ?? LABELS.en;
}
