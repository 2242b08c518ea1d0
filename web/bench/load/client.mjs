// One simulated realtime participant: @azure/web-pubsub-client on json.reliable, its access URL from the product's
// negotiate function (again when it expires), groups from the token — the flow of web/src/transport/connection.ts —
// recording the frames it receives, the session state frames and the reason the service closed it with.
import { WebPubSubClient, WebPubSubJsonReliableProtocol } from '@azure/web-pubsub-client';
import { readFrame } from './traffic.mjs';

const URL_SAFETY_MARGIN_MS = 30_000;

/**
 * @param {{ name: string, negotiate: () => Promise<any>, links: import('./links.mjs').LinkRegistry }} options
 */
export async function connectParticipant({ name, negotiate, links }) {
  let current = await negotiate();
  let stopping = false;
  const reconnectRetryOptions = { retryDelayInMs: 1000, maxRetryDelayInMs: 10_000, mode: 'Exponential', maxRetries: Number.MAX_SAFE_INTEGER };
  const client = new WebPubSubClient(
    {
      getClientAccessUrl: async () => {
        if (stopping) throw new Error('stopped');
        if (Date.parse(current.expiresAt) - Date.now() < URL_SAFETY_MARGIN_MS) current = await negotiate();
        return current.url;
      },
    },
    { protocol: WebPubSubJsonReliableProtocol(), autoRejoinGroups: false, messageRetryOptions: { maxRetries: 0 }, reconnectRetryOptions },
  );

  const participant = {
    name,
    client,
    groups: current.groups,
    userId: current.userId,
    /** Session state frames from the service (fromUserId null on the state group). */
    states: [],
    /** Reasons the service gave when it closed the connection. */
    closeReasons: [],
    disconnects: 0,
    connects: 0,
    async stop() {
      stopping = true;
      reconnectRetryOptions.maxRetries = 0; // ends a reconnect loop the 1.1.0 client would not leave on stop()
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 2000);
        client.on('stopped', () => { clearTimeout(timer); resolve(); });
        client.stop();
      });
    },
  };

  client.on('connected', () => { participant.connects += 1; });
  client.on('disconnected', (e) => {
    participant.disconnects += 1;
    const reason = e.message?.message;
    if (reason) participant.closeReasons.push(reason);
    if (reason?.startsWith('session-ended:')) {
      // An ended session refuses every reconnect; stop trying.
      stopping = true;
      reconnectRetryOptions.maxRetries = 0;
    }
  });
  client.on('group-message', ({ message }) => {
    if (message.group === participant.groups.state) {
      participant.states.push(message.data);
      return;
    }
    const frame = readFrame(message.data);
    if (frame) links.received(name, frame);
  });

  await client.start();
  return participant;
}
