// One interaction's work area: its header with the start flow ("Screen share" for voice, "Offer co-browse" for
// messaging and chat) and the interaction's own actions (hang up / end conversation, transfer), the key or offer
// card while the customer has not joined, the co-browse session once they have (joined automatically), and the
// conversation transcript for messaging and chat.
import { ApiError, type ApiClient } from './api';
import { createConversation, type ConversationPanel } from './conversation';
import { h, replace } from './dom';
import { channelName } from './format';
import { createKeyCard, type KeyCard } from './key-card';
import type { Interaction, Offer, SecurityKey, SessionInfo } from './model';
import { createOfferCard, type OfferCard } from './offer-card';
import { forgetSession, rememberSession } from './open-sessions';
import { createSessionPanel, type SessionPanel } from './session-panel';

/** How often a pending session (key or offer out) is read until the customer comes. */
const PENDING_POLL_MS = 1000;

export interface Workspace {
  element: HTMLElement;
  readonly interaction: Interaction;
  /** Shows (joins) an existing session of this interaction, e.g. picked from the active list. */
  openSession(session: SessionInfo): void;
  /** The interaction ended or was transferred elsewhere (seen in the interactions list). */
  interactionEnded(status: Interaction['status']): void;
  dispose(): void;
}

export function createWorkspace(api: ApiClient, me: string, interaction: Interaction, close: () => void): Workspace {
  const voice = interaction.channel === 'voice';
  const start = h('button', { type: 'button', className: 'aa-button aa-primary', 'data-action': voice ? 'screen-share' : 'offer-cobrowse' },
    voice ? 'Screen share' : 'Offer co-browse');
  const endInteraction = h('button', { type: 'button', className: 'aa-button aa-danger', 'data-action': 'end-interaction' },
    voice ? 'Hang up' : 'End conversation');
  const closeButton = h('button', { type: 'button', className: 'aa-button', 'data-action': 'close-workspace', title: 'Close this interaction (leaves its session)', onclick: close }, 'Close');
  const transfer = h('button', { type: 'button', className: 'aa-button', 'data-action': 'transfer-interaction' }, 'Transfer');
  const notice = h('p', { className: 'aa-notice', role: 'status', 'aria-live': 'polite', 'data-testid': 'workspace-message' });
  const cards = h('div', { className: 'aa-cards' });
  const sessionHost = h('div', { className: 'aa-session-host' });
  const empty = h('p', { className: 'aa-work-empty' }, voice
    ? 'Screen share gives you a key to read to the caller; their page appears here once they type it.'
    : 'Offer co-browse puts an offer in the conversation; the customer\'s page appears here once they accept.');
  const main = h('div', { className: 'aa-work-main' }, empty, cards, notice, sessionHost);
  const element = h('section', { className: 'aa-workspace', 'aria-label': `Interaction ${interaction.id}`, 'data-interaction-id': interaction.id },
    h('header', { className: 'aa-work-head' },
      h('div', {}, h('h2', {}, interaction.title), h('span', { className: `aa-badge aa-channel-${interaction.channel}` }, channelName(interaction.channel)),
        h('span', { className: 'aa-row-meta' }, ` ${interaction.id}`)),
      h('span', { className: 'aa-spacer' }), start, transfer, endInteraction, closeButton),
    h('div', { className: 'aa-work-body' }, main));

  let conversation: ConversationPanel | undefined;
  let keyCard: KeyCard | undefined;
  let offerCard: OfferCard | undefined;
  let session: SessionPanel | undefined;
  let pendingTimer = 0;
  let disposed = false;

  const say = (text: string): void => { notice.textContent = text; };
  /** Once the interaction itself is over (ended, transferred), co-browse cannot start in it any more. */
  let over = interaction.status !== 'open';
  const allowStart = (): void => { start.disabled = over; };
  const interactionOver = (status: Interaction['status']): void => {
    over = true;
    start.disabled = true;
    transfer.disabled = true;
    endInteraction.disabled = true;
    say(`This interaction is ${status}.`);
  };

  const clearCards = (): void => {
    empty.remove();
    keyCard?.dispose();
    offerCard?.dispose();
    keyCard = undefined;
    offerCard = undefined;
    replace(cards);
  };

  const join = (sessionId: string): void => {
    if (session?.sessionId === sessionId && !session.ended) return;
    window.clearTimeout(pendingTimer);
    session?.dispose();
    empty.remove();
    rememberSession({ sessionId, interactionId: interaction.id, channel: interaction.channel });
    session = createSessionPanel(api, me, sessionId, () => {
      allowStart();
      forgetSession(sessionId);
    });
    replace(sessionHost, session.element);
    start.disabled = true;
  };

  /** Reads the pending session until the customer joins (then joins too) or it ends before that. */
  const watchPending = (sessionId: string, ended: (session: SessionInfo) => void): void => {
    window.clearTimeout(pendingTimer);
    const check = async (): Promise<void> => {
      if (disposed) return;
      try {
        const info = await api.api<SessionInfo>('GET', `/sessions/${encodeURIComponent(sessionId)}`);
        if (info.state === 'ended') return ended(info);
        if (info.state !== 'pending') {
          clearCards();
          return join(sessionId);
        }
      } catch { /* try again */ }
      pendingTimer = window.setTimeout(() => void check(), PENDING_POLL_MS);
    };
    void check();
  };

  const issueKey = async (): Promise<void> => {
    start.disabled = true;
    say('');
    try {
      const key = await api.api<SecurityKey>('POST', `/interactions/${encodeURIComponent(interaction.id)}/security-keys`, {});
      clearCards();
      keyCard = createKeyCard(key, () => void issueKey());
      cards.append(keyCard.element);
      watchPending(key.sessionId, () => {
        keyCard?.expire();
        allowStart();
      });
    } catch (error) {
      say(`No key: ${(error as Error).message}`);
      allowStart();
    }
  };

  const offer = async (): Promise<void> => {
    start.disabled = true;
    say('');
    try {
      const made = await api.api<Offer>('POST', `/interactions/${encodeURIComponent(interaction.id)}/offers`, { channel: interaction.channel });
      clearCards();
      const card = createOfferCard(made, channelName(interaction.channel));
      offerCard = card;
      cards.append(card.element);
      try {
        await api.demo('POST', `/conversations/${encodeURIComponent(interaction.id)}/messages`, { from: 'agent', kind: 'cobrowseOffer', offerId: made.offerId });
      } catch {
        card.set('failed');
      }
      watchPending(made.sessionId, (info) => {
        card.set(info.endReason === 'offerDeclined' ? 'declined' : 'expired');
        allowStart();
      });
    } catch (error) {
      say(`No offer: ${(error as Error).message}`);
      allowStart();
    }
  };

  start.addEventListener('click', () => void (voice ? issueKey() : offer()));

  const interactionEvent = async (kind: 'end' | 'transfer'): Promise<void> => {
    try {
      await api.demo('POST', `/interactions/${encodeURIComponent(interaction.id)}/${kind}`, {});
      interactionOver(kind === 'end' ? 'ended' : 'transferred');
    } catch (error) {
      say(`${kind === 'end' ? 'Could not end' : 'Could not transfer'}: ${error instanceof ApiError ? error.message : String(error)}`);
    }
  };
  endInteraction.addEventListener('click', () => void interactionEvent('end'));
  transfer.addEventListener('click', () => void interactionEvent('transfer'));

  if (!voice) {
    conversation = createConversation(api, interaction.id);
    element.querySelector('.aa-work-body')?.append(conversation.element);
    conversation.onMessage((message) => {
      if (message.kind !== 'cobrowseAnswer' || !offerCard || message.offerId !== offerCard.offer.offerId) return;
      if (offerCard.status === 'waiting') offerCard.set(message.answer === 'accepted' ? 'accepted' : 'declined');
    });
  }
  if (over) interactionOver(interaction.status);

  return {
    element,
    interaction,
    interactionEnded(status) {
      if (!over && status !== 'open') interactionOver(status);
    },
    openSession(info) {
      clearCards();
      join(info.sessionId);
    },
    dispose() {
      disposed = true;
      window.clearTimeout(pendingTimer);
      clearCards();
      if (session) forgetSession(session.sessionId); // left on purpose: a reload must not join it again
      session?.dispose();
      conversation?.dispose();
    },
  };
}
