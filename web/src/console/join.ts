// One call for an agent to join a session: the console view (mirror, pointers, guidance tools, control mode) fed by
// the agent's link, guidance and control sent back through it, and the session's state handed to the caller.
import type { ControlFrame } from '../protocol/control';
import type { Frame } from '../protocol/frames';
import type { CustomerGuideFrame } from '../protocol/guide';
import { readResourcePolicy, type HeldBackHost } from '../mirror/resources';
import { createHeldBackReporter } from './held-back';
import { connectAgent, type AgentLink, type AgentStatus, type Negotiate, type SessionStatus } from './link';
import { createConsole, type ConsoleView } from './view';
import type { StreamFrame } from '../protocol/transport';

export interface JoinOptions {
  negotiate: Negotiate;
  container: HTMLElement;
  onStatus?: (status: AgentStatus) => void;
  /** The session's state moved on (state frames, reads on (re)connect, the service closing an ended session). */
  onState?: (state: SessionStatus, previous: SessionStatus | undefined) => void;
  /** GET /sessions/{id} (the API's SessionView), read on every (re)connect. */
  readState?: () => Promise<unknown>;
  /** The service refused a control frame: the view is back to view-only. */
  onControlLost?: () => void;
  /** The agent sent a control frame: real user activity in the session (the caller reports it, throttled). */
  onControlSent?: () => void;
  /**
   * GET /sessions/{id}/resource-policy: where the mirror may load page resources from. Read before the mirror shows
   * anything; without it the mirror loads only from the console's own origin (and data:).
   */
  readResourcePolicy?: () => Promise<unknown>;
  /** POST /sessions/{id}/held-back-resources: the hosts the mirror did not load from (a few reports per session). */
  reportHeldBack?: (report: { hosts: HeldBackHost[] }) => Promise<unknown>;
}

export interface JoinedSession {
  view: ConsoleView;
  link: AgentLink;
  /** Disconnects and removes the view. */
  leave(): Promise<void>;
}

/**
 * Hands the stream's frames to the view. The view validates what it draws (unknown frame types are ignored, guidance
 * answers go through readCustomerGuideFrame); a frame that does not fit the mirror throws, which the agent link
 * takes as a failed apply and answers by asking the customer for a fresh snapshot.
 */
export function deliverToView(view: ConsoleView): (frame: StreamFrame) => void {
  return (frame) => {
    if (!view.apply(frame as Frame | CustomerGuideFrame)) throw new Error('CoBrowse: the mirror lost its place in the page');
  };
}

export async function join(options: JoinOptions): Promise<JoinedSession> {
  let link: AgentLink | undefined;
  const resources = options.readResourcePolicy ? readResourcePolicy(await options.readResourcePolicy()) : undefined;
  if (options.readResourcePolicy && !resources) throw new Error('CoBrowse: the resource policy could not be read');
  const win = options.container.ownerDocument.defaultView ?? window;
  const reporter = options.reportHeldBack ? createHeldBackReporter(options.reportHeldBack, win) : undefined;
  const view = createConsole(options.container, {
    resources,
    onHeldBack: (hosts) => reporter?.update(hosts),
    send: (frame) => link?.sendGuide(frame),
    sendControl: (frame: ControlFrame) => {
      if (!link) return Promise.reject(new Error('CoBrowse: not connected'));
      options.onControlSent?.();
      return link.sendControl(frame);
    },
    onControlLost: options.onControlLost,
  });
  try {
    link = await connectAgent({
      negotiate: options.negotiate,
      onFrame: deliverToView(view),
      onStatus: options.onStatus,
      onState: options.onState,
      readState: options.readState,
    });
  } catch (error) {
    reporter?.dispose();
    view.dispose();
    throw error;
  }
  const connected = link;
  return {
    view,
    link: connected,
    async leave() {
      await reporter?.flush();
      reporter?.dispose();
      await connected.close();
      view.dispose();
    },
  };
}
