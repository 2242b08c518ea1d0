// The customer's current conversation, in localStorage so the chat follows them across pages and reloads.
import type { ConversationChannel } from './messages';

const STORAGE_KEY = 'demoMessenger.conversation';

export interface StoredConversation {
  conversationId: string;
  channel: ConversationChannel;
  /** Whether the panel was open, so it stays open on the next page. */
  open: boolean;
}

export function loadConversation(): StoredConversation | null {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<StoredConversation> | null;
    if (!value || typeof value.conversationId !== 'string') return null;
    if (value.channel !== 'webMessaging' && value.channel !== 'webChat') return null;
    return { conversationId: value.conversationId, channel: value.channel, open: value.open === true };
  } catch {
    return null;
  }
}

export function saveConversation(conversation: StoredConversation | null): void {
  try {
    if (conversation) localStorage.setItem(STORAGE_KEY, JSON.stringify(conversation));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled; the chat then lasts for this page only.
  }
}
