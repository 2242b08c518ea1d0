// One call for an agent to join a session: the console view (mirror, pointers, guidance tools) fed by the agent's
// link, and the view's guidance sent back through it.
import type { Frame } from '../protocol/frames';
import type { CustomerGuideFrame } from '../protocol/guide';
import { connectAgent, type AgentLink, type AgentStatus, type Negotiate } from './link';
import { createConsole, type ConsoleView } from './view';

export interface JoinOptions {
  negotiate: Negotiate;
  container: HTMLElement;
  onStatus?: (status: AgentStatus) => void;
}

export interface JoinedSession {
  view: ConsoleView;
  link: AgentLink;
  /** Disconnects and removes the view. */
  leave(): Promise<void>;
}

export async function join(options: JoinOptions): Promise<JoinedSession> {
  let link: AgentLink | undefined;
  const view = createConsole(options.container, { send: (frame) => link?.sendGuide(frame) });
  try {
    link = await connectAgent({
      negotiate: options.negotiate,
      // The view validates what it draws: unknown frame types are ignored, guidance answers go through readCustomerGuideFrame.
      onFrame: (frame) => view.apply(frame as Frame | CustomerGuideFrame),
      onStatus: options.onStatus,
    });
  } catch (error) {
    view.dispose();
    throw error;
  }
  const connected = link;
  return {
    view,
    link: connected,
    async leave() {
      await connected.close();
      view.dispose();
    },
  };
}
