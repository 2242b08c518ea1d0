// Calls to the demo backend (/demo/api on the local stack). Errors carry the problem details' detail when there is one.
import type { ConversationChannel, ConversationStatus, Message } from './messages';

export class DemoApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'DemoApiError';
  }
}

export interface ConversationInfo {
  conversationId: string;
  channel: ConversationChannel;
  status: ConversationStatus;
}

export interface DemoApi {
  createConversation(channel: ConversationChannel, customerName: string): Promise<ConversationInfo>;
  /** The conversation's current status, or null when the backend no longer knows it (restarted, dropped). */
  conversationStatus(conversationId: string): Promise<ConversationStatus | null>;
  postText(conversationId: string, text: string): Promise<void>;
  postAnswer(conversationId: string, offerId: string, answer: 'accepted' | 'declined'): Promise<void>;
  eventsUrl(conversationId: string, after: number): string;
}

export function demoApi(base: string): DemoApi {
  const root = base.replace(/\/+$/, '');
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(root + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw new DemoApiError(0, 'The chat service cannot be reached. Check your connection and try again.');
    }
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as { detail?: unknown; title?: unknown };
      const message = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : `HTTP ${response.status}`;
      throw new DemoApiError(response.status, message);
    }
    return (await response.json()) as T;
  };
  const conversation = (id: string): string => `/conversations/${encodeURIComponent(id)}`;
  return {
    createConversation: (channel, customerName) => call('POST', '/conversations', { channel, customerName }),
    async conversationStatus(conversationId) {
      const { conversations } = await call<{ conversations: ConversationInfo[] }>('GET', '/conversations');
      return conversations.find((c) => c.conversationId === conversationId)?.status ?? null;
    },
    postText: async (id, text) => {
      await call<Message>('POST', `${conversation(id)}/messages`, { from: 'customer', kind: 'text', text });
    },
    postAnswer: async (id, offerId, answer) => {
      await call<Message>('POST', `${conversation(id)}/messages`, { from: 'customer', kind: 'cobrowseAnswer', offerId, answer });
    },
    eventsUrl: (id, after) => `${root}${conversation(id)}/events?after=${after}`,
  };
}
