// Every word the customer's guidance overlay shows, per language.
export type GuidanceLocale = 'en' | 'ja';

export interface GuidanceLabels {
  /** Next to the agent's pointer. */
  agent: string;
  /** Next to the agent's pointer while the agent controls the page. */
  agentControlling: string;
  /** The button that removes the agent's drawings. */
  clearAnnotations: string;
}

const LABELS: Record<GuidanceLocale, GuidanceLabels> = {
  en: { agent: 'Agent', agentControlling: 'Agent (controlling)', clearAnnotations: 'Clear annotations' },
  ja: { agent: '担当者', agentControlling: '担当者（操作中）', clearAnnotations: '注釈を消去' },
};

export function guidanceLabels(locale: GuidanceLocale = 'en'): GuidanceLabels {
  return LABELS[locale] ?? LABELS.en;
}
