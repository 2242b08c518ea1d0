// The agent's side of a session: receives the page's frames from the view group in order and in step (asking for a
// fresh snapshot whenever it may have lost its place) and sends guidance to the customer on the guide group.
import type { OpaqueFrame, ResyncReason, ResyncRequest, StreamFrame } from '../protocol/transport';
import { createConnection, stopClient, type Negotiate } from '../transport/connection';
import { FrameReceiver } from '../transport/receiver';
import { SnapshotRequests } from '../transport/snapshot-requests';

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
  /**
   * Sends a control frame (click, type, …) to the customer. Rejects when the relay refuses it: the agent's connection
   * may send on the ctl group only while the customer has granted it control.
   */
  sendControl(frame: OpaqueFrame): Promise<void>;
  /** Asks the customer for a fresh snapshot. */
  resync(): void;
  close(): Promise<void>;
}

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
  const requests = new SnapshotRequests((reason) => {
    const request: ResyncRequest = { v: 1, t: 'resync', reason };
    client.sendToGroup(groups.guide, request, 'json', { noEcho: true }).catch(() => undefined);
  });
  const requestSnapshot = (reason: ResyncReason): void => {
    if (closed) return;
    setStatus('syncing');
    requests.request(reason);
  };

  const receiver = new FrameReceiver({
    deliver: (frames) => {
      for (const frame of frames) options.onFrame(frame);
    },
    needSnapshot: requestSnapshot,
    synced: () => {
      requests.satisfied();
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
    requests.cancel();
    setStatus('stopped');
  });
  client.on('group-message', ({ message }) => {
    if (message.group !== groups.view) return;
    if (message.data instanceof ArrayBuffer) requests.postpone();
    receiver.receive(message.data);
  });

  await client.start();

  return {
    sendGuide(frame) {
      if (!closed) client.sendToGroup(groups.guide, frame, 'json', { noEcho: true }).catch(() => undefined);
    },
    async sendControl(frame) {
      if (closed) throw new Error('CoBrowse: the agent link is closed');
      await client.sendToGroup(groups.ctl, frame, 'json', { noEcho: true });
    },
    resync() {
      receiver.expectSnapshot();
      requestSnapshot('manual');
    },
    async close() {
      if (closed) return;
      closed = true;
      requests.cancel();
      await stopClient(client);
    },
  };
}
