// The card for an agent's co-browse offer: web messaging asks "Accept" / "Decline", web chat offers "Start sharing"
// / "Not now". The buttons call the customer SDK; the outcome is posted back to the conversation as an answer.
import { acceptOffer, declineOffer, offerErrorText } from './cobrowse-bridge';
import type { ConversationChannel, OfferMessage } from './messages';

export interface OfferCardOptions {
  channel: ConversationChannel;
  /** Posts the customer's answer to the conversation. */
  answer(offerId: string, answer: 'accepted' | 'declined'): Promise<void>;
}

export interface OfferCard {
  element: HTMLLIElement;
  /** The conversation recorded an answer (from this page or an earlier one): the card is settled. */
  settle(answer: 'accepted' | 'declined'): void;
  /** The conversation ended: an open offer can no longer be taken up from here. */
  disable(): void;
}

const TEXT = {
  webMessaging: { title: 'Your agent would like to view your screen', body: 'They will see this website only, never other tabs, passwords or card details.', accept: 'Accept', decline: 'Decline' },
  webChat: { title: 'Share your screen with your agent?', body: 'They will see this website only, never other tabs, passwords or card details.', accept: 'Start sharing', decline: 'Not now' },
} as const;

export function createOfferCard(offer: OfferMessage, options: OfferCardOptions): OfferCard {
  const text = TEXT[options.channel];
  const element = document.createElement('li');
  element.className = 'message offer-card';
  element.dataset.seq = String(offer.seq);
  element.dataset.from = 'agent';
  element.dataset.kind = 'cobrowseOffer';
  element.dataset.offerId = offer.offerId;
  element.setAttribute('aria-label', text.title);

  const title = paragraph('offer-title', text.title);
  const body = paragraph('', text.body);
  const actions = document.createElement('div');
  actions.className = 'offer-actions';
  const accept = button('primary offer-accept', text.accept);
  // Web chat's refusal is a quiet link; messaging asks for an explicit decision.
  const decline = button(options.channel === 'webChat' ? 'linkish offer-decline' : 'secondary offer-decline', text.decline);
  actions.append(accept, decline);
  const status = paragraph('offer-status', '');
  status.setAttribute('role', 'status');
  const error = paragraph('error offer-error', '');
  error.setAttribute('role', 'alert');
  element.append(title, body, actions, status, error);

  let settled = false;
  const setBusy = (busy: boolean): void => {
    accept.disabled = busy;
    decline.disabled = busy;
  };
  const settle = (answer: 'accepted' | 'declined'): void => {
    settled = true;
    actions.hidden = true;
    error.textContent = '';
    status.textContent = answer === 'accepted' ? 'You agreed to share your screen.' : 'You declined to share your screen.';
  };

  const respond = async (answer: 'accepted' | 'declined'): Promise<void> => {
    setBusy(true);
    error.textContent = '';
    status.textContent = answer === 'accepted' ? 'Starting screen sharing…' : '';
    try {
      await (answer === 'accepted' ? acceptOffer(offer.offerId) : declineOffer(offer.offerId));
    } catch (failure) {
      status.textContent = '';
      error.textContent = offerErrorText(failure);
      const status410 = (failure as { status?: unknown } | null)?.status === 410;
      // A used or expired offer stays dead; anything else may work on a second try.
      if (status410) actions.hidden = true;
      else setBusy(false);
      return;
    }
    settle(answer);
    try {
      await options.answer(offer.offerId, answer);
    } catch {
      // The SDK already told the service; the agent's console sees the session either way.
    }
  };
  accept.addEventListener('click', () => void respond('accepted'));
  decline.addEventListener('click', () => void respond('declined'));

  return {
    element,
    settle,
    disable() {
      if (settled) return;
      actions.hidden = true;
      status.textContent = 'This invitation is no longer available.';
    },
  };
}

function paragraph(className: string, text: string): HTMLParagraphElement {
  const p = document.createElement('p');
  if (className) p.className = className;
  p.textContent = text;
  return p;
}

function button(className: string, label: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.textContent = label;
  return b;
}
