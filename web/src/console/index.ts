// The agent console's public surface (global `CoBrowseConsole`): the mirror, the agent's link and the joined view.
// The console application (session list, keys, offers) is the agent-app bundle, which uses this one.
export { createMirror } from '../mirror/rebuild';
export type { Mirror, MirrorOptions } from '../mirror/rebuild';
export { readResourcePolicy } from '../mirror/resources';
export type { HeldBackHost, ResourcePolicy } from '../mirror/resources';
export { createHeldBackReporter } from './held-back';
export { connectAgent } from './link';
export type { AgentLink, AgentLinkOptions, AgentStatus, SessionStatus } from './link';
export { createConsole, type ConsoleView, type ConsoleOptions, type ConsoleMode, type Tool } from './view';
export { readSessionView } from './session-state';
export { join, deliverToView } from './join';
export type { JoinOptions, JoinedSession } from './join';
