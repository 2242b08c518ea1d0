// The customer's side of a session: captures the page (masked) into the view group and hands the agents' guidance
// and control frames to the product. Re-snapshots whenever an agent asks (joined, reconnected, lost its place) and
// whenever its own frames may have been lost.
import { startCapture, type Capture, type MaskConfig } from '../capture';
import type { NodeId } from '../protocol/frames';
import { isOpaqueFrame, type OpaqueFrame } from '../protocol/transport';
import { Coalescer } from '../transport/coalesce';
import { createConnection, stopClient, type Negotiate } from '../transport/connection';
import { LossRetry } from '../transport/loss-retry';
import { FrameSender, newLinkId } from '../transport/sender';

export type { Negotiate, NegotiateResult } from '../transport/connection';
export type { OpaqueFrame } from '../protocol/transport';

export type ShareStatus = 'connecting' | 'sharing' | 'disconnected' | 'stopped';

export interface ShareOptions {
  /** Returns a fresh client access URL for this session (the product's HTTP call to the negotiate endpoint). */
  negotiate: Negotiate;
  privacy?: MaskConfig;
  /** Agent pointer, highlights, annotations (guide group). */
  onGuide?: (frame: OpaqueFrame) => void;
  /**
   * Agent control input (ctl group) with the relay's sender identity (`a:{tenant}:{agentId}`, the only identity to
   * trust); the product applies it only while the customer granted control to that agent.
   */
  onControl?: (frame: OpaqueFrame, fromUserId: string | undefined) => void;
  /** The service's session state frames (state group; read them with protocol/session.ts readSessionStateFrame). */
  onState?: (frame: unknown) => void;
  /** Every (re)connection, after the first one too: a moment to read the state the frames may have missed. */
  onConnected?: () => void;
  /** The service closed the connection, with its reason (`session-ended:<reason>` when the session ended). */
  onDisconnected?: (reason: string | undefined) => void;
  onStatus?: (status: ShareStatus) => void;
  document?: Document;
}

export interface Share {
  /** Puts one of the customer's own frames (e.g. annotations cleared, protocol/guide.ts) into the stream to agents. */
  send(frame: OpaqueFrame): void;
  /** The live node the current capture sent under this id (guidance places highlights with it). */
  nodeOf(id: NodeId): Node | undefined;
  /** This side's relay identity, `c:{tenant}:{sessionId}`. */
  readonly userId: string;
  /** A user event to the service (upstream), e.g. `activity`; best effort. */
  sendEvent(name: string, data: Record<string, unknown>): void;
  stop(): Promise<void>;
}

/** Agents asking at once (several joined, or one reconnecting) get one snapshot. */
const RESYNC_COALESCE_MS = 250;

/** Connects, then shares the page until `stop()`. Rejects when the first negotiate or connection fails. */
export async function share(options: ShareOptions): Promise<Share> {
  let status: ShareStatus | undefined;
  const setStatus = (next: ShareStatus): void => {
    if (next === status) return;
    status = next;
    options.onStatus?.(next);
  };
  setStatus('connecting');
  const { client, groups, userId } = await createConnection(options.negotiate);

  let capture: Capture | undefined;
  let stopped = false;
  const restartCapture = (): void => {
    if (stopped) return;
    lossRetry.cancel();
    capture?.stop();
    capture = startCapture({ ...options.privacy, document: options.document, send: (frame) => sender.push(frame) });
  };

  const lossRetry = new LossRetry(restartCapture);
  const sender = new FrameSender(
    newLinkId(),
    (message) => {
      client.sendToGroup(groups.view, message.data, message.kind, { noEcho: true }).then(
        () => lossRetry.succeeded(),
        () => { if (!stopped) lossRetry.lost(); },
      );
    },
    () => lossRetry.lost(),
  );
  const resync = new Coalescer(restartCapture, RESYNC_COALESCE_MS);

  let connectedBefore = false;
  client.on('connected', () => {
    setStatus('sharing');
    // A new connection (not a recovered one): whatever was in flight on the old one is gone.
    if (connectedBefore) resync.request();
    connectedBefore = true;
    options.onConnected?.();
  });
  client.on('disconnected', ({ message }) => {
    setStatus('disconnected');
    options.onDisconnected?.(message?.message);
  });
  client.on('stopped', () => {
    // The client gave up reconnecting (or we stopped it): this share is over; the product may start a new one.
    stopped = true;
    capture?.stop();
    sender.stop();
    lossRetry.cancel();
    resync.cancel();
    setStatus('stopped');
  });
  client.on('group-message', ({ message }) => {
    if (!isOpaqueFrame(message.data)) return;
    if (message.group === groups.guide) {
      if (message.data.t === 'resync') resync.request();
      else options.onGuide?.(message.data);
    } else if (message.group === groups.ctl) {
      options.onControl?.(message.data, message.fromUserId);
    }
  });
  client.on('group-message', ({ message }) => {
    // State frames are the service's JSON, not stream frames: read separately, and only from the state group.
    if (groups.state && message.group === groups.state) options.onState?.(message.data);
  });

  await client.start();
  restartCapture();

  return {
    send(frame) {
      if (!stopped) sender.push(frame);
    },
    nodeOf(id) {
      return capture?.nodeOf(id);
    },
    userId,
    sendEvent(name, data) {
      if (!stopped) client.sendEvent(name, data, 'json', { fireAndForget: true }).catch(() => undefined);
    },
    async stop() {
      if (stopped) return;
      stopped = true; // first: no resync or loss retry may start a capture again
      resync.cancel();
      lossRetry.cancel();
      capture?.stop(); // sends its last changes
      await sender.drain();
      sender.stop();
      await stopClient(client);
    },
  };
}
