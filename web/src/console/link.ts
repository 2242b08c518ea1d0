// The agent's side of a session: receives the page's frames from the view group in order and in step (asking for a
// fresh snapshot whenever it may have lost its place), sends guidance to the customer on the guide group and control
// on the ctl group, and follows the session's state (the service's frames on the state group, a fresh read on every
// (re)connect, and the relay's `session-ended:<reason>` close).
import type { OpaqueFrame, ResyncReason, ResyncRequest, StreamFrame } from '../protocol/transport';
import { createConnection, stopClient, type Negotiate } from '../transport/connection';
import { FrameReceiver } from '../transport/receiver';
import { SnapshotRequests } from '../transport/snapshot-requests';
import {
  SessionStateTracker, readSessionEndedClose, readSessionView, readStateFrameStatus, type SessionStatus,
} from './session-state';

export type { Negotiate, NegotiateResult } from '../transport/connection';
export type { SessionStatus } from './session-state';

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
  /** The session's state moved on (a newer version, or its end). `previous` is undefined the first time. */
  onState?: (state: SessionStatus, previous: SessionStatus | undefined) => void;
  /** Reads the session (GET /sessions/{id}: the API's SessionView); called on every (re)connect and by refreshState. */
  readState?: () => Promise<unknown>;
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
  /** The newest session state known, if any yet. */
  readonly state: SessionStatus | undefined;
  /** Reads the session again through `readState` (e.g. a poll while state frames may be missing). */
  refreshState(): Promise<void>;
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
  const tracker = new SessionStateTracker((state, previous) => options.onState?.(state, previous));
  const refreshState = async (): Promise<void> => {
    if (!options.readState) return;
    const status = readSessionView(await options.readState());
    if (status) tracker.offer(status);
  };
  const refreshQuietly = (): void => {
    refreshState().catch(() => undefined); // the next (re)connect or poll reads again
  };
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
    // State frames sent while disconnected are gone: read the state as it is now.
    refreshQuietly();
  });
  client.on('disconnected', ({ message }) => {
    const ended = readSessionEndedClose(message?.message);
    if (ended) tracker.ended(ended);
    setStatus('disconnected');
  });
  client.on('stopped', () => {
    requests.cancel();
    setStatus('stopped');
  });
  client.on('group-message', ({ message }) => {
    if (groups.state !== undefined && message.group === groups.state) {
      const status = readStateFrameStatus(message.data);
      if (status) tracker.offer(status);
      return;
    }
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
    get state() {
      return tracker.status;
    },
    refreshState,
    async close() {
      if (closed) return;
      closed = true;
      requests.cancel();
      await stopClient(client);
    },
  };
}
