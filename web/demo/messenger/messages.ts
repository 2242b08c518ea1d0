// The demo API's conversation messages (see the shared contract), read defensively: the stream is network input.

export type ConversationChannel = 'webMessaging' | 'webChat';
export type ConversationStatus = 'open' | 'ended' | 'transferred';

export type Message =
  | { seq: number; at: string; from: 'customer' | 'agent' | 'system'; kind: 'text'; text: string }
  | { seq: number; at: string; from: 'agent'; kind: 'cobrowseOffer'; offerId: string }
  | { seq: number; at: string; from: 'customer'; kind: 'cobrowseAnswer'; offerId: string; answer: 'accepted' | 'declined' };

export type OfferMessage = Extract<Message, { kind: 'cobrowseOffer' }>;

/** A message rebuilt from known fields, or null when the value is not one. */
export function readMessage(value: unknown): Message | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (!Number.isSafeInteger(m.seq) || (m.seq as number) < 1 || typeof m.at !== 'string') return null;
  const base = { seq: m.seq as number, at: m.at };
  if (m.kind === 'text' && (m.from === 'customer' || m.from === 'agent' || m.from === 'system') && typeof m.text === 'string') {
    return { ...base, from: m.from, kind: 'text', text: m.text };
  }
  if (m.kind === 'cobrowseOffer' && m.from === 'agent' && typeof m.offerId === 'string') {
    return { ...base, from: 'agent', kind: 'cobrowseOffer', offerId: m.offerId };
  }
  if (m.kind === 'cobrowseAnswer' && m.from === 'customer' && typeof m.offerId === 'string' && (m.answer === 'accepted' || m.answer === 'declined')) {
    return { ...base, from: 'customer', kind: 'cobrowseAnswer', offerId: m.offerId, answer: m.answer };
  }
  return null;
}
