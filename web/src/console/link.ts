// The agent's side of a session: receives the page's frames from the view group in order and in step (asking for a
// fresh snapshot whenever it may have lost its place) and sends guidance to the customer on the guide group.
import type { OpaqueFrame, ResyncReason, ResyncRequest, StreamFrame } from '../protocol/transport';
import { Coalescer } from '../transport/coalesce';
import { createConnection, stopClient, type Negotiate } from '../transport/connection';
import { FrameReceiver } from '../transport/receiver';

export type { Negotiate, NegotiateResult } from '../transport/connection';

/** `syncing`: connected, waiting for a snapshot; `live`: the mirror is in step with the page. */
export type AgentStatus = 'connecting' | 'syncing' | 'live' | 'disconnected' | 'stopped';

export interface AgentLinkOptions {
  negotiate: Negotiate;
  /**
   * Receives the customer's stream in order, starting with a snapshot: page frames (protocol/frames.ts) and the
   * customer's answers to guidance (protocol/guide.ts, read them with readCustomerGuideFrame). Throwing asks the
   * customer for a new snapshot.
   */
  onFrame: (frame: StreamFrame) => void;
  onStatus?: (status: AgentStatus) => void;
}

export interface AgentLink {
  /** Sends a guidance frame (pointer, highlight, annotation) to the customer. */
  sendGuide(frame: OpaqueFrame): void;
  /** Asks the customer for a fresh snapshot. */
  resync(): void;
  close(): Promise<void>;
}

/** Requests within this window become one. */
const REQUEST_COALESCE_MS = 250;
/** Asks again while no snapshot arrives (the customer may not be connected yet, or the request was lost). */
const REQUEST_RETRY_MS = [3000, 6000, 12000, 20000];

/** Connects and starts receiving; resolves once connected. */
export async function connectAgent(options: AgentLinkOptions): Promise<AgentLink> {
  let status: AgentStatus | undefined;
  const setStatus = (next: AgentStatus): void => {
    if (next === status) return;
    status = next;
    options.onStatus?.(next);
  };
  setStatus('connecting');
  const { client, groups } = await createConnection(options.negotiate);

  let closed = false;
  /** A snapshot is needed and has not arrived yet: keep asking. */
  let wanted = false;
  /** Why the next request is sent: the first cause since the last request. */
  let pendingReason: ResyncReason | undefined;
  let retries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const sendRequest = (): void => {
    if (closed || !wanted) return;
    const request: ResyncRequest = { v: 1, t: 'resync', reason: pendingReason ?? 'retry' };
    pendingReason = undefined;
    client.sendToGroup(groups.guide, request, 'json', { noEcho: true }).catch(() => undefined);
    clearTimeout(retryTimer);
    const delay = REQUEST_RETRY_MS[Math.min(retries, REQUEST_RETRY_MS.length - 1)] as number;
    retries += 1;
    retryTimer = setTimeout(() => {
      pendingReason ??= 'retry';
      requests.request();
    }, delay);
  };
  const requests = new Coalescer(sendRequest, REQUEST_COALESCE_MS);
  const requestSnapshot = (reason: ResyncReason): void => {
    wanted = true;
    pendingReason ??= reason;
    setStatus('syncing');
    requests.request();
  };

  const receiver = new FrameReceiver({
    deliver: (frames) => {
      for (const frame of frames) options.onFrame(frame);
    },
    needSnapshot: requestSnapshot,
    synced: () => {
      wanted = false;
      clearTimeout(retryTimer);
      retries = 0;
      setStatus('live');
    },
  });

  let connectedBefore = false;
  client.on('connected', () => {
    // A new connection (first, or after recovery failed): frames may have been missed in between.
    receiver.reset();
    requestSnapshot(connectedBefore ? 'reconnect' : 'join');
    connectedBefore = true;
  });
  client.on('disconnected', () => setStatus('disconnected'));
  client.on('stopped', () => {
    clearTimeout(retryTimer);
    requests.cancel();
    setStatus('stopped');
  });
  client.on('group-message', ({ message }) => {
    if (message.group === groups.view) receiver.receive(message.data);
  });

  await client.start();

  return {
    sendGuide(frame) {
      if (!closed) client.sendToGroup(groups.guide, frame, 'json', { noEcho: true }).catch(() => undefined);
    },
    resync() {
      receiver.expectSnapshot();
      requestSnapshot('manual');
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      requests.cancel();
      await stopClient(client);
    },
  };
}
