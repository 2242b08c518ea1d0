// Shapes the app reads from the product API and the demo backend.
import type { Channel } from './format';

/** The API's SessionView (GET /sessions/{id}, GET /sessions?state=active). */
export interface SessionInfo {
  sessionId: string;
  interactionId: string;
  channel: Channel;
  state: 'pending' | 'viewOnly' | 'controlRequested' | 'control' | 'ended';
  ownerAgentId: string;
  createdAt: string;
  startedAt?: string | null;
  endedAt?: string | null;
  endReason?: string | null;
  controlAgentId?: string | null;
  version: number;
}

export interface SecurityKey {
  key: string;
  displayKey: string;
  expiresAt: string;
  sessionId: string;
  interactionId: string;
}

export interface Offer {
  offerId: string;
  sessionId: string;
  interactionId: string;
  channel: Channel;
  expiresAt: string;
  status: string;
}

/** An interaction the agent works on: a demo conversation, or a voice call of this console. */
export interface Interaction {
  id: string;
  channel: Channel;
  title: string;
  status: 'open' | 'ended' | 'transferred';
}

export interface Conversation {
  conversationId: string;
  channel: 'webMessaging' | 'webChat';
  customerName?: string;
  status: 'open' | 'ended' | 'transferred';
  createdAt: string;
  lastMessageAt?: string;
}

export interface ConversationMessage {
  seq: number;
  from: 'customer' | 'agent' | 'system';
  kind: 'text' | 'cobrowseOffer' | 'cobrowseAnswer';
  text?: string;
  offerId?: string;
  answer?: 'accepted' | 'declined';
  at: string;
}

/** The active sessions list may come as an array or wrapped. */
export function readSessionList(body: unknown): SessionInfo[] {
  const list = Array.isArray(body) ? body : (body as { sessions?: unknown } | null)?.sessions;
  return Array.isArray(list) ? list.filter((s): s is SessionInfo => typeof (s as SessionInfo)?.sessionId === 'string') : [];
}
