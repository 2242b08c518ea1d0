// The agent console application (global `CoBrowseAgentApp`), served at /console/. It starts itself on a page with
// an element `#agent-app`; `start()` is there for pages that want to place it elsewhere.
import { startAgentApp, type AgentApp, type AgentAppOptions } from './app';

export type { AgentApp, AgentAppOptions } from './app';

export function start(options: AgentAppOptions): AgentApp {
  return startAgentApp(options);
}

const autoRoot = typeof document === 'undefined' ? null : document.getElementById('agent-app');
if (autoRoot) {
  const begin = (): void => void startAgentApp({ root: autoRoot });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', begin, { once: true });
  else begin();
}
