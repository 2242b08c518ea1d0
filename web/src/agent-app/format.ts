// Words and numbers the agent reads: durations, channels, states and end reasons.
import type { EndReason } from '../protocol/session';

export type Channel = 'voice' | 'webMessaging' | 'webChat';

export function channelName(channel: string): string {
  switch (channel) {
    case 'voice': return 'Voice';
    case 'webMessaging': return 'Web messaging';
    case 'webChat': return 'Web chat';
    default: return channel;
  }
}

/** `m:ss`, or `h:mm:ss` past an hour. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

export function endReasonText(reason: EndReason | undefined, byMe: boolean): string {
  switch (reason) {
    case 'customerEnded': return 'the customer ended the session';
    case 'agentEnded': return byMe ? 'you ended the session' : 'an agent ended the session';
    case 'interactionTransferred': return 'the interaction was transferred';
    case 'interactionEnded': return 'the interaction ended';
    case 'inactivity': return 'no activity for too long';
    case 'keyExpired': return 'the security key expired';
    case 'offerDeclined': return 'the customer declined the offer';
    case 'offerExpired': return 'the offer expired';
    case 'error': return 'a connection error';
    default: return 'unknown reason';
  }
}

/** `123456` → `123 456`. */
export function groupKey(key: string): string {
  return key.replace(/\s+/g, '').replace(/(\d{3})(?=\d)/g, '$1 ');
}

export function stateLabel(state: string, controlAgentId: string | undefined, me: string): string {
  switch (state) {
    case 'pending': return 'Waiting for customer';
    case 'viewOnly': return 'View only';
    case 'controlRequested': return controlAgentId && controlAgentId !== me ? `Control requested (${controlAgentId})` : 'Control requested';
    case 'control': return controlAgentId && controlAgentId !== me ? `${controlAgentId} in control` : 'In control';
    case 'ended': return 'Ended';
    default: return state;
  }
}
