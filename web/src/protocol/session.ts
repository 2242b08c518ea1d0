// Session state on the wire. The service (never a participant) publishes one SessionStateFrame to the session's
// state group `s.{sid}.state` after every transition: every participant joins that group and nobody may send to it,
// so a frame there is the service's word. A participant that connects (or reconnects) reads the current state with
// GET /sessions/{id} (same fields, see SessionView) and then keeps the highest `version` it has seen.
import type { ProtocolVersion } from './frames';

export type SessionState = 'pending' | 'viewOnly' | 'controlRequested' | 'control' | 'ended';

export type EndReason =
  | 'customerEnded'
  | 'agentEnded'
  | 'interactionTransferred'
  | 'interactionEnded'
  | 'inactivity'
  | 'keyExpired'
  | 'offerDeclined'
  | 'offerExpired'
  | 'error';

/** What caused the transition (SessionTrigger on the service). */
export type SessionChange = 'customerJoined' | 'controlRequested' | 'controlApproved' | 'controlDenied' | 'controlRevoked' | 'ended';

export type ActorKind = 'customer' | 'agent' | 'system';

export interface SessionStateFrame {
  v: ProtocolVersion;
  t: 'session';
  sessionId: string;
  state: SessionState;
  /** Counts transitions; a frame with a lower version than one already seen is stale. */
  version: number;
  change: SessionChange;
  /** Who made the change: the customer, an agent (id = agent id) or the service (timeouts, webhooks). */
  by: { kind: ActorKind; id: string };
  /** The agent whose navigation request is pending or approved. */
  controlAgentId?: string;
  endReason?: EndReason;
  /** ISO 8601 time of the transition. */
  at: string;
}

const STATES: ReadonlySet<string> = new Set(['pending', 'viewOnly', 'controlRequested', 'control', 'ended']);
const CHANGES: ReadonlySet<string> = new Set(['customerJoined', 'controlRequested', 'controlApproved', 'controlDenied', 'controlRevoked', 'ended']);
const REASONS: ReadonlySet<string> = new Set([
  'customerEnded', 'agentEnded', 'interactionTransferred', 'interactionEnded', 'inactivity', 'keyExpired', 'offerDeclined', 'offerExpired', 'error',
]);
const ACTORS: ReadonlySet<string> = new Set(['customer', 'agent', 'system']);

/** A state frame rebuilt from known fields, or null when it is not one. */
export function readSessionStateFrame(value: unknown): SessionStateFrame | null {
  if (!isRecord(value) || value.v !== 1 || value.t !== 'session') return null;
  const { sessionId, state, version, change, by, controlAgentId, endReason, at } = value;
  if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 128) return null;
  if (typeof state !== 'string' || !STATES.has(state)) return null;
  if (!Number.isSafeInteger(version) || (version as number) < 0) return null;
  if (typeof change !== 'string' || !CHANGES.has(change)) return null;
  if (!isRecord(by) || typeof by.kind !== 'string' || !ACTORS.has(by.kind) || typeof by.id !== 'string' || by.id.length > 128) return null;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return null;
  const frame: SessionStateFrame = {
    v: 1,
    t: 'session',
    sessionId,
    state: state as SessionState,
    version: version as number,
    change: change as SessionChange,
    by: { kind: by.kind as ActorKind, id: by.id },
    at,
  };
  if (typeof controlAgentId === 'string' && controlAgentId.length <= 128) frame.controlAgentId = controlAgentId;
  if (typeof endReason === 'string' && REASONS.has(endReason)) frame.endReason = endReason as EndReason;
  return frame;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
