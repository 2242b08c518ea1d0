// Who the page believes about the session's state. State frames come over the realtime channel: the service's word
// only while nobody else can send to the state group (a relay hole, a leaked access key or a service bug breaks that).
// So a frame may take something away at once (close a dialog, stop control) but never grant control or end the
// session; HTTPS answers (GET /sessions/{id}, the answers to approve/deny/revoke) are the service's word; and control
// also needs the customer's own approval in this tab, bound to the agent and the version it was granted at.
import type { SessionState } from '../../protocol/session';

export interface Known {
  state: SessionState;
  /** Counts the service's transitions (one per transition). */
  version: number;
  controlAgentId?: string | null;
}

/** The customer approved this agent's control in this tab, and the service answered `control` at this version. */
export interface Approval {
  agentId: string;
  version: number;
}

/**
 * What a frame may change by itself: the service's transitions (SessionTransitions on the service) except a grant of
 * control and an end. Those two count only on the service's word over HTTPS (an end also comes as the service closing
 * the connection with its reason).
 */
const BY_FRAME: Partial<Record<SessionState, readonly SessionState[]>> = {
  pending: ['viewOnly'],
  viewOnly: ['controlRequested'],
  controlRequested: ['viewOnly'],
  control: ['viewOnly'],
};

/**
 * A state frame: `apply` only the next version (one transition) when it is a transition a frame may make by itself;
 * a gap (frames missed during a reconnect, or forged ones), a grant, an end, a transition the service never makes or a
 * second story for the version already known asks the service (`resync`); older frames are stale.
 */
export function judgeFrame(known: Known, frame: Known): 'apply' | 'resync' | 'ignore' {
  if (frame.version < known.version) return 'ignore';
  if (frame.version === known.version) {
    return frame.state === known.state && (frame.controlAgentId ?? '') === (known.controlAgentId ?? '') ? 'ignore' : 'resync';
  }
  return frame.version === known.version + 1 && BY_FRAME[known.state]?.includes(frame.state) ? 'apply' : 'resync';
}

/**
 * An HTTPS answer to a call made while the page knew version `sentAt`. It wins unless a newer transition arrived while
 * it was on its way; but a page that knew a newer version than the service had when asked was told it by someone other
 * than the service (the service publishes a transition only after storing it), and the answer puts it right.
 */
export function answerApplies(known: Known, answer: Known, sentAt: number): boolean {
  return answer.version >= known.version || answer.version < sentAt;
}

/** The page may execute control frames: the service says control, for the agent and at the version the customer approved. */
export function approves(approval: Approval | undefined, known: Known): boolean {
  return known.state === 'control' && approval !== undefined && approval.agentId === known.controlAgentId && approval.version === known.version;
}
