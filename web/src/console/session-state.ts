// The session's state as the agent knows it: fed by the service's state frames (state group), by GET /sessions/{id}
// on every (re)connect and poll, and by the relay closing the connection with `session-ended:<reason>`. Sources race,
// so only a higher version moves it on; `ended` is final whatever comes after.
import {
  readSessionStateFrame,
  type EndReason, type SessionChange, type SessionState, type SessionStateFrame,
} from '../protocol/session';

export interface SessionStatus {
  sessionId: string;
  state: SessionState;
  version: number;
  /** Known from state frames; inferred from the previous state when the status came from a GET. */
  change?: SessionChange;
  by?: SessionStateFrame['by'];
  controlAgentId?: string;
  endReason?: EndReason;
}

const STATES: ReadonlySet<string> = new Set(['pending', 'viewOnly', 'controlRequested', 'control', 'ended']);
const REASONS: ReadonlySet<string> = new Set([
  'customerEnded', 'agentEnded', 'interactionTransferred', 'interactionEnded', 'inactivity', 'keyExpired', 'offerDeclined', 'offerExpired', 'error',
]);

/** The status in a GET /sessions/{id} body (the API's SessionView), or null when it is not one. */
export function readSessionView(value: unknown): SessionStatus | null {
  if (typeof value !== 'object' || value === null) return null;
  const view = value as Record<string, unknown>;
  if (typeof view.sessionId !== 'string' || typeof view.state !== 'string' || !STATES.has(view.state)) return null;
  if (!Number.isSafeInteger(view.version)) return null;
  const status: SessionStatus = { sessionId: view.sessionId, state: view.state as SessionState, version: view.version as number };
  if (typeof view.controlAgentId === 'string') status.controlAgentId = view.controlAgentId;
  if (typeof view.endReason === 'string' && REASONS.has(view.endReason)) status.endReason = view.endReason as EndReason;
  return status;
}

/** The status a state frame carries, or null when the value is not a valid state frame. */
export function readStateFrameStatus(value: unknown): SessionStatus | null {
  const frame = readSessionStateFrame(value);
  if (!frame) return null;
  const { sessionId, state, version, change, by, controlAgentId, endReason } = frame;
  return { sessionId, state, version, change, by, ...(controlAgentId !== undefined && { controlAgentId }), ...(endReason !== undefined && { endReason }) };
}

/** `session-ended:<reason>` (the close reason the service gives every connection of an ended session). */
export function readSessionEndedClose(message: string | undefined): EndReason | 'error' | null {
  const match = /session-ended:(\w+)/.exec(message ?? '');
  if (!match) return null;
  return REASONS.has(match[1] as string) ? (match[1] as EndReason) : 'error';
}

export class SessionStateTracker {
  private current: SessionStatus | undefined;

  constructor(private readonly onChange: (status: SessionStatus, previous: SessionStatus | undefined) => void) {}

  get status(): SessionStatus | undefined {
    return this.current;
  }

  /** Takes a status when it is newer than the one known; returns whether it did. */
  offer(next: SessionStatus): boolean {
    const previous = this.current;
    if (previous && (previous.state === 'ended' || next.version <= previous.version)) return false;
    const status = { ...next };
    if (!status.change && previous) status.change = inferChange(previous.state, status.state);
    this.current = status;
    this.onChange(status, previous);
    return true;
  }

  /** The relay closed the connection because the session ended: final, whatever version the service reaches. */
  ended(reason: EndReason | 'error'): void {
    const previous = this.current;
    if (previous?.state === 'ended') return;
    this.offer({
      sessionId: previous?.sessionId ?? '',
      state: 'ended',
      version: Number.MAX_SAFE_INTEGER,
      change: 'ended',
      endReason: reason,
    });
  }
}

/** What most likely moved a session from one state to another, when only the two states are known. */
function inferChange(from: SessionState, to: SessionState): SessionChange | undefined {
  if (to === 'ended') return 'ended';
  if (to === 'controlRequested') return 'controlRequested';
  if (to === 'control') return 'controlApproved';
  if (to === 'viewOnly' && from === 'controlRequested') return 'controlDenied';
  if (to === 'viewOnly' && from === 'control') return 'controlRevoked';
  if (to === 'viewOnly' && from === 'pending') return 'customerJoined';
  return undefined;
}
