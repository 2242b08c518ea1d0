// Messaging and chat: the offer the agent put in the conversation and what became of it (waiting, accepted,
// declined, expired), from the customer's answer message and the session's state, whichever comes first.
import { h } from './dom';
import { duration } from './format';
import type { Offer } from './model';

export type OfferStatus = 'waiting' | 'accepted' | 'declined' | 'expired' | 'failed';

const TEXT: Record<OfferStatus, string> = {
  waiting: 'Waiting for the customer to accept',
  accepted: 'Accepted — joining…',
  declined: 'The customer declined',
  expired: 'The offer expired',
  failed: 'The offer could not be posted to the conversation',
};

export interface OfferCard {
  element: HTMLElement;
  readonly offer: Offer;
  readonly status: OfferStatus;
  set(status: OfferStatus): void;
  dispose(): void;
}

export function createOfferCard(offer: Offer, channelWords: string): OfferCard {
  const expiresAt = Date.parse(offer.expiresAt);
  const text = h('span', { className: 'aa-offer-text' });
  const countdown = h('span', { className: 'aa-countdown' });
  const element = h('section', { className: 'aa-card aa-offer-card', 'aria-label': 'Co-browse offer', 'data-testid': 'offer-status', 'aria-live': 'polite' },
    h('p', { className: 'aa-card-label' }, `Co-browse offer (${channelWords})`), h('p', { className: 'aa-offer-line' }, text, ' ', countdown));
  let status: OfferStatus = 'waiting';
  const tick = (): void => {
    const left = expiresAt - Date.now();
    countdown.textContent = status === 'waiting' && left > 0 ? `· ${duration(left)} left` : '';
  };
  const set = (next: OfferStatus): void => {
    status = next;
    element.dataset.status = next;
    text.textContent = TEXT[next];
    tick();
  };
  set('waiting');
  const timer = window.setInterval(tick, 1000);
  return {
    element,
    offer,
    get status() { return status; },
    set,
    dispose: () => window.clearInterval(timer),
  };
}
