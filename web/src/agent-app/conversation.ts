// The transcript of a demo conversation (SSE from the demo backend, replayed from the start, then live) and a
// composer, so the agent chats with the customer next to the co-browse view. Offer answers are handed on.
import type { ApiClient } from './api';
import { h } from './dom';
import type { ConversationMessage } from './model';

export interface ConversationPanel {
  element: HTMLElement;
  /** Called for every message, replayed ones included (offer answers, system messages). */
  onMessage(listener: (message: ConversationMessage) => void): void;
  dispose(): void;
}

export function createConversation(api: ApiClient, conversationId: string): ConversationPanel {
  const log = h('ol', { className: 'aa-transcript', 'aria-label': 'Conversation', 'aria-live': 'polite', 'data-testid': 'transcript' });
  const field = h('textarea', { className: 'aa-composer-field', rows: 2, 'aria-label': 'Message to the customer', placeholder: 'Type a message…' });
  const send = h('button', { type: 'submit', className: 'aa-button aa-primary' }, 'Send');
  const error = h('p', { className: 'aa-error', role: 'alert' });
  const composer = h('form', { className: 'aa-composer', 'aria-label': 'Reply' }, field, send);
  const element = h('aside', { className: 'aa-conversation', 'aria-label': 'Conversation' }, h('h2', {}, 'Conversation'), log, error, composer);
  const listeners: ((message: ConversationMessage) => void)[] = [];
  const seen = new Set<number>();

  const show = (message: ConversationMessage): void => {
    if (seen.has(message.seq)) return;
    seen.add(message.seq);
    const text = message.kind === 'cobrowseOffer' ? 'Co-browse offered'
      : message.kind === 'cobrowseAnswer' ? `Co-browse ${message.answer === 'accepted' ? 'accepted' : 'declined'}`
        : message.text ?? '';
    const time = new Date(message.at);
    log.append(h('li', { className: `aa-message aa-from-${message.from} aa-kind-${message.kind}`, 'data-seq': message.seq },
      h('span', { className: 'aa-message-text' }, text),
      h('time', { dateTime: message.at }, Number.isNaN(time.getTime()) ? '' : time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))));
    log.scrollTop = log.scrollHeight;
    for (const listener of listeners) listener(message);
  };

  // EventSource reconnects by itself and sends Last-Event-ID, so nothing is replayed twice or lost.
  const events = new EventSource(api.demoUrl(`/conversations/${encodeURIComponent(conversationId)}/events?after=0`));
  events.onmessage = (event) => {
    try {
      const message = JSON.parse(event.data as string) as ConversationMessage;
      if (Number.isSafeInteger(message.seq)) show(message);
    } catch { /* not a message */ }
  };

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (!text) return;
    send.disabled = true;
    api.demo<ConversationMessage>('POST', `/conversations/${encodeURIComponent(conversationId)}/messages`, { from: 'agent', kind: 'text', text })
      .then((message) => {
        field.value = '';
        error.textContent = '';
        if (message) show(message);
      })
      .catch((failure: Error) => { error.textContent = `Not sent: ${failure.message}`; })
      .finally(() => {
        send.disabled = false;
        field.focus();
      });
  });
  field.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });

  return {
    element,
    onMessage(listener) {
      listeners.push(listener);
    },
    dispose() {
      events.close();
    },
  };
}
