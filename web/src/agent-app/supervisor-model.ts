// What the supervisor's live view reads: GET /live/sessions rows, the live group's frames
// ({v:1,t:"live",sessionId,state,version,...}), and whether a token carries the supervisor role.
import type { Channel } from './format';

export type LiveState = 'viewOnly' | 'controlRequested' | 'control' | 'ended' | 'pending';

export interface LiveParticipant {
  kind: 'customer' | 'agent' | 'supervisor';
  id?: string | null;
}

/** One row of the live view; `participants` is undefined when only a pushed frame has been seen (no presence in it). */
export interface LiveRow {
  sessionId: string;
  interactionId: string;
  channel: Channel;
  state: LiveState;
  ownerAgentId: string;
  controlAgentId?: string | null;
  createdAt: string;
  startedAt?: string | null;
  version: number;
  participants?: LiveParticipant[];
}

export interface LiveFrame extends LiveRow {
  v: 1;
  t: 'live';
  change: string;
  endReason?: string;
}

const STATES: ReadonlySet<string> = new Set(['viewOnly', 'controlRequested', 'control', 'ended', 'pending']);

function isRow(value: unknown): value is LiveRow {
  const row = value as Partial<LiveRow> | null;
  return typeof row?.sessionId === 'string' && typeof row.interactionId === 'string' && typeof row.channel === 'string'
    && typeof row.state === 'string' && STATES.has(row.state) && typeof row.ownerAgentId === 'string'
    && typeof row.createdAt === 'string' && typeof row.version === 'number';
}

export function readLiveList(body: unknown): LiveRow[] {
  const list = (body as { sessions?: unknown } | null)?.sessions;
  return Array.isArray(list) ? list.filter(isRow) : [];
}

/** A frame from the live group, or undefined when it is not one (the group is the service's, but stay strict). */
export function readLiveFrame(data: unknown): LiveFrame | undefined {
  const frame = data as Partial<LiveFrame> | null;
  return frame?.v === 1 && frame.t === 'live' && isRow(frame) ? (frame as LiveFrame) : undefined;
}

/** `{v:1,t:"live-presence",sessionId,participants,at}`: who is connected to a session now (after a connect or disconnect). */
export interface LivePresence {
  sessionId: string;
  participants: LiveParticipant[];
  at: string;
}

export function readLivePresence(data: unknown): LivePresence | undefined {
  const frame = data as { v?: unknown; t?: unknown; sessionId?: unknown; participants?: unknown; at?: unknown } | null;
  if (frame?.v !== 1 || frame.t !== 'live-presence' || typeof frame.sessionId !== 'string' || typeof frame.at !== 'string' || !Array.isArray(frame.participants)) return undefined;
  const participants = frame.participants.filter((p): p is LiveParticipant => ['customer', 'agent', 'supervisor'].includes((p as LiveParticipant)?.kind));
  return { sessionId: frame.sessionId, participants, at: frame.at };
}

/** Whether the agent token names the supervisor role (display only: the service checks every call). */
export function hasSupervisorRole(token: string): boolean {
  try {
    const payload = JSON.parse(atob((token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/'))) as { roles?: unknown };
    const roles = Array.isArray(payload.roles) ? payload.roles : [payload.roles];
    return roles.includes('supervisor');
  } catch {
    return false;
  }
}
