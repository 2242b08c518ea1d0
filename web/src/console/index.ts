// The agent console's public surface (global `CoBrowseConsole`). Session list, pointers and guidance come next.
export { createMirror } from '../mirror/rebuild';
export type { Mirror } from '../mirror/rebuild';
export { connectAgent } from './link';
export type { AgentLink, AgentLinkOptions, AgentStatus } from './link';
export { createConsole, type ConsoleView, type ConsoleOptions, type Tool } from './view';
export { join } from './join';
export type { JoinOptions, JoinedSession } from './join';
