// One Web PubSub client connection for a session, on the reliable JSON subprotocol, whose access URL comes from the
// product's negotiate call (and comes again from it when a new connection is needed after the URL expired).
import { WebPubSubClient, WebPubSubJsonReliableProtocol } from '@azure/web-pubsub-client';

export interface NegotiateResult {
  url: string;
  expiresAt: string;
  hub: string;
  /** `state`: the service's session state frames (protocol/session.ts); everyone hears it, nobody may send to it. */
  groups: { view: string; guide: string; ctl: string; state: string };
  userId: string;
}

export type Negotiate = () => Promise<NegotiateResult>;

/** Reuse an access URL only while it has this much life left; a connection attempt can take a while. */
const URL_SAFETY_MARGIN_MS = 30_000;

export interface Connection {
  client: WebPubSubClient;
  groups: NegotiateResult['groups'];
  /** The relay's identity of this side (`c:{tenant}:{sid}` for a customer). */
  userId: string;
}

/**
 * How to end a client's reconnect loop. @azure/web-pubsub-client 1.1.0's stop() does nothing while the socket is not
 * open (the loop after a server close, e.g. `session-ended`, would retry forever, every 10 s): the loop ends when a
 * new attempt fails and the retry policy (which reads our options object) allows no more.
 */
const refuseReconnects = new WeakMap<WebPubSubClient, () => void>();

export async function createConnection(negotiate: Negotiate): Promise<Connection> {
  let current = await negotiate();
  let stopping = false;
  const getClientAccessUrl = async (): Promise<string> => {
    if (stopping) throw new Error('The connection was stopped.');
    if (Date.parse(current.expiresAt) - Date.now() < URL_SAFETY_MARGIN_MS) current = await negotiate();
    return current.url;
  };
  const reconnectRetryOptions = { retryDelayInMs: 1000, maxRetryDelayInMs: 10_000, mode: 'Exponential' as const, maxRetries: Number.MAX_SAFE_INTEGER };
  const client = new WebPubSubClient(
    { getClientAccessUrl },
    {
      protocol: WebPubSubJsonReliableProtocol(),
      // Groups come from the token (the service joins them); nothing for the client to rejoin.
      autoRejoinGroups: false,
      // A late retry would arrive out of order; the sequence check and resync recover lost messages instead.
      messageRetryOptions: { maxRetries: 0 },
      reconnectRetryOptions,
    },
  );
  refuseReconnects.set(client, () => {
    stopping = true;
    reconnectRetryOptions.maxRetries = 0;
  });
  return { client, groups: current.groups, userId: current.userId };
}

/** Stops the client and waits for it to say so (bounded: a client that already stopped never reports again). */
export function stopClient(client: WebPubSubClient): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000);
    client.on('stopped', () => {
      clearTimeout(timer);
      resolve();
    });
    refuseReconnects.get(client)?.();
    client.stop();
  });
}
