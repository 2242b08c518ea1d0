// The supervisor's connection to the tenant's live group (POST /live/negotiate: no roles, one group). It only listens;
// on every (re)connect the page reads the whole list again, so nothing is polled and nothing missed stays missed.
import { WebPubSubClient, WebPubSubJsonReliableProtocol } from '@azure/web-pubsub-client';
import type { ApiClient } from './api';

interface LiveNegotiated {
  url: string;
  expiresAt: string;
  group: string;
}

export interface LiveLinkHandlers {
  frame(data: unknown): void;
  /** Connected or connected again: time to read the list. */
  connected(): void;
  disconnected(): void;
}

export interface LiveLink {
  stop(): void;
}

const URL_SAFETY_MARGIN_MS = 30_000;

export function connectLive(api: ApiClient, handlers: LiveLinkHandlers): LiveLink {
  let current: LiveNegotiated | undefined;
  let stopped = false;
  const reconnectRetryOptions = { retryDelayInMs: 1000, maxRetryDelayInMs: 10_000, mode: 'Exponential' as const, maxRetries: Number.MAX_SAFE_INTEGER };
  const client = new WebPubSubClient(
    {
      getClientAccessUrl: async () => {
        if (stopped) throw new Error('The live view was closed.');
        if (!current || Date.parse(current.expiresAt) - Date.now() < URL_SAFETY_MARGIN_MS) current = await api.api<LiveNegotiated>('POST', '/live/negotiate');
        return current.url;
      },
    },
    { protocol: WebPubSubJsonReliableProtocol(), autoRejoinGroups: false, messageRetryOptions: { maxRetries: 0 }, reconnectRetryOptions },
  );
  client.on('group-message', ({ message }) => {
    if (message.group === current?.group) handlers.frame(message.data);
  });
  client.on('connected', () => handlers.connected());
  client.on('disconnected', () => {
    if (!stopped) handlers.disconnected();
  });
  client.start().catch(() => handlers.disconnected());
  return {
    stop() {
      stopped = true;
      reconnectRetryOptions.maxRetries = 0; // web-pubsub-client 1.1.0 ignores stop() between reconnect attempts
      client.stop();
    },
  };
}
