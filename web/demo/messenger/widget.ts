// The reference messenger: one conversation at a time, kept across pages; the start form, the live message list
// (with co-browse offer cards), the composer, and what is left when the conversation ends.
import { demoApi, type DemoApi } from './demo-api';
import { followMessages, type MessageStream } from './message-stream';
import type { ConversationChannel, Message } from './messages';
import { createOfferCard, type OfferCard } from './offer-card';
import { buildPanel, type PanelElements } from './panel';
import { loadConversation, saveConversation, type StoredConversation } from './stored-conversation';

/** The attribute the customer SDK's capture skips (src/capture/serialize.ts): the agent never sees or drives the chat. */
export const NOT_CAPTURED_ATTRIBUTE = 'data-cobrowse-ui';
export const HOST_ID = 'demo-messenger';

export interface Messenger {
  open(): void;
  close(): void;
  destroy(): void;
}

export function createMessenger(apiBase: string): Messenger {
  const host = document.createElement('div');
  host.id = HOST_ID;
  host.setAttribute(NOT_CAPTURED_ATTRIBUTE, '');
  document.body.append(host);
  const ui = buildPanel(host);
  const api = demoApi(apiBase);
  return new MessengerWidget(host, ui, api);
}

class MessengerWidget implements Messenger {
  private conversation: StoredConversation | null = loadConversation();
  private stream: MessageStream | null = null;
  private readonly offers = new Map<string, OfferCard>();
  private readonly answers = new Map<string, 'accepted' | 'declined'>();
  private unread = 0;
  private ended = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly ui: PanelElements,
    private readonly api: DemoApi,
  ) {
    ui.launcher.addEventListener('click', () => (ui.panel.hidden ? this.open() : this.close()));
    ui.close.addEventListener('click', () => this.close());
    ui.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
    ui.startForm.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.start();
    });
    ui.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    ui.composerInput.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter starts a new line, as in most chats.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        ui.composer.requestSubmit();
      }
    });
    ui.newConversation.addEventListener('click', () => this.showStart());

    if (this.conversation) {
      this.showConversation(this.conversation);
      if (this.conversation.open) this.open(false);
    }
  }

  open(moveFocus = true): void {
    this.ui.panel.hidden = false;
    this.ui.launcher.setAttribute('aria-expanded', 'true');
    this.setUnread(0);
    this.remember({ open: true });
    if (!moveFocus) return;
    const target = !this.ui.startForm.hidden ? this.ui.nameInput : !this.ui.composer.hidden ? this.ui.composerInput : this.ui.close;
    target.focus();
  }

  close(): void {
    this.ui.panel.hidden = true;
    this.ui.launcher.setAttribute('aria-expanded', 'false');
    this.remember({ open: false });
    this.ui.launcher.focus();
  }

  destroy(): void {
    this.stream?.close();
    this.host.remove();
  }

  private async start(): Promise<void> {
    const channel = (new FormData(this.ui.startForm).get('channel') as ConversationChannel | null) ?? 'webMessaging';
    this.ui.startButton.disabled = true;
    this.ui.startError.textContent = '';
    try {
      const created = await this.api.createConversation(channel, this.ui.nameInput.value.trim());
      this.conversation = { conversationId: created.conversationId, channel: created.channel, open: true };
      saveConversation(this.conversation);
      this.showConversation(this.conversation);
      this.ui.composerInput.focus();
    } catch (error) {
      this.ui.startError.textContent = error instanceof Error ? error.message : 'Could not start the conversation.';
    } finally {
      this.ui.startButton.disabled = false;
    }
  }

  private async send(): Promise<void> {
    const text = this.ui.composerInput.value.trim();
    if (!text || !this.conversation) return;
    this.ui.composerError.hidden = true;
    try {
      await this.api.postText(this.conversation.conversationId, text);
      // The message appears when the stream delivers it, in the conversation's own order.
      this.ui.composerInput.value = '';
    } catch (error) {
      this.ui.composerError.textContent = error instanceof Error ? error.message : 'Could not send the message.';
      this.ui.composerError.hidden = false;
    }
  }

  private showStart(): void {
    this.stream?.close();
    this.stream = null;
    this.conversation = null;
    saveConversation(null);
    this.offers.clear();
    this.answers.clear();
    this.ended = false;
    this.ui.messages.replaceChildren();
    this.ui.messages.hidden = true;
    this.ui.composer.hidden = true;
    this.ui.composerError.hidden = true;
    this.ui.ended.hidden = true;
    this.ui.startForm.hidden = false;
    this.ui.subtitle.textContent = 'We usually reply in a few minutes';
    this.ui.nameInput.focus();
  }

  private showConversation(conversation: StoredConversation): void {
    this.ui.startForm.hidden = true;
    this.ui.messages.hidden = false;
    this.ui.composer.hidden = false;
    this.ui.ended.hidden = true;
    this.ui.subtitle.textContent = conversation.channel === 'webChat' ? 'Live chat' : 'Messaging';
    this.stream?.close();
    this.stream = followMessages({
      url: (after) => this.api.eventsUrl(conversation.conversationId, after),
      onMessage: (message) => this.receive(message),
      stillExists: async () => (await this.api.conversationStatus(conversation.conversationId)) !== null,
      onGone: () => this.showStart(),
    });
    void this.refreshStatus();
  }

  private receive(message: Message): void {
    if (message.kind === 'cobrowseAnswer') {
      this.answers.set(message.offerId, message.answer);
      this.offers.get(message.offerId)?.settle(message.answer);
      this.append(note(message.seq, message.answer === 'accepted' ? 'You started sharing your screen.' : 'You declined screen sharing.'));
      return;
    }
    if (message.kind === 'cobrowseOffer') {
      const card = createOfferCard(message, {
        channel: this.conversation?.channel ?? 'webMessaging',
        answer: (offerId, answer) => this.api.postAnswer(this.conversation?.conversationId ?? '', offerId, answer),
      });
      this.offers.set(message.offerId, card);
      const answered = this.answers.get(message.offerId);
      if (answered) card.settle(answered);
      else if (this.ended) card.disable();
      this.append(card.element);
    } else {
      this.append(bubble(message));
      if (message.from === 'system') void this.refreshStatus();
    }
    if (message.from !== 'customer' && this.ui.panel.hidden) this.setUnread(this.unread + 1);
  }

  /** The backend writes a system message when the conversation ends or is transferred; its status says which. */
  private async refreshStatus(): Promise<void> {
    const id = this.conversation?.conversationId;
    if (!id) return;
    const status = await this.api.conversationStatus(id).catch(() => undefined);
    if (status === 'ended' && this.conversation?.conversationId === id) this.showEnded();
  }

  private showEnded(): void {
    this.ended = true;
    this.ui.composer.hidden = true;
    this.ui.composerError.hidden = true;
    this.ui.ended.hidden = false;
    for (const card of this.offers.values()) card.disable();
  }

  private append(element: HTMLElement): void {
    this.ui.messages.append(element);
    this.ui.messages.scrollTop = this.ui.messages.scrollHeight;
  }

  private setUnread(count: number): void {
    this.unread = count;
    this.ui.unread.hidden = count === 0;
    this.ui.unread.textContent = String(count);
    this.ui.launcher.setAttribute('aria-label', count === 0 ? 'Chat with us' : `Chat with us, ${count} new ${count === 1 ? 'message' : 'messages'}`);
  }

  private remember(change: Partial<StoredConversation>): void {
    if (!this.conversation) return;
    this.conversation = { ...this.conversation, ...change };
    saveConversation(this.conversation);
  }
}

function bubble(message: Extract<Message, { kind: 'text' }>): HTMLLIElement {
  const item = document.createElement('li');
  item.className = `message from-${message.from}`;
  item.dataset.seq = String(message.seq);
  item.dataset.from = message.from;
  item.dataset.kind = 'text';
  const who = document.createElement('span');
  who.className = 'visually-hidden';
  who.textContent = message.from === 'customer' ? 'You: ' : message.from === 'agent' ? 'Agent: ' : '';
  const text = document.createElement('span');
  text.className = 'message-text';
  text.textContent = message.text;
  item.append(who, text);
  if (message.from !== 'system') item.append(time(message.at));
  return item;
}

function note(seq: number, text: string): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'answer-note';
  item.dataset.seq = String(seq);
  item.dataset.kind = 'cobrowseAnswer';
  item.textContent = text;
  return item;
}

function time(iso: string): HTMLTimeElement {
  const element = document.createElement('time');
  element.dateTime = iso;
  const date = new Date(iso);
  element.textContent = Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return element;
}
