// Who may drive the page: only the agent the service put in control, recognised by the relay's sender identity
// (`a:{tenant}:{agentId}`; never anything a frame says about itself), and only while the page is in control mode.
import type { ControlFrame, ControlRefusal, ControlRefusedFrame } from '../../protocol/control';

/** The tenant of this page's own relay identity `c:{tenant}:{sessionId}`, or undefined when it is not one. */
export function tenantOfCustomer(userId: string, sessionId: string): string | undefined {
  const suffix = `:${sessionId}`;
  return userId.startsWith('c:') && userId.endsWith(suffix) && userId.length > suffix.length + 2 ? userId.slice(2, -suffix.length) : undefined;
}

export function isFromController(fromUserId: string | undefined, tenant: string | undefined, controlAgentId: string | undefined): boolean {
  return tenant !== undefined && controlAgentId !== undefined && fromUserId === `a:${tenant}:${controlAgentId}`;
}

/** The answer to a control frame that was not applied, for the agents (in the page's own stream). */
export function refusalOf(frame: ControlFrame, reason: ControlRefusal): ControlRefusedFrame {
  const refused: ControlRefusedFrame = { v: 1, t: 'control-refused', action: frame.t, reason };
  if ('id' in frame && frame.id !== undefined) refused.id = frame.id;
  return refused;
}
