// Watching one session as a supervisor: the mirror with the customer's pointer and viewport, and nothing to act with —
// no guidance tools, no Request control, no navigation bar. The connection (POST /live/sessions/{id}/negotiate) holds
// no send role at all, so the relay refuses anything it might send; snapshots are asked for through the service.
import type { ApiClient } from './api';
import { consoleApi } from './console-global';
import { h } from './dom';
import { endReasonText } from './format';
import type { HeldBackReporter } from '../console/held-back';
import type { AgentLink } from '../console/link';
import type { ConsoleView } from '../console/view';
import type { Frame } from '../protocol/frames';
import type { CustomerGuideFrame } from '../protocol/guide';
import type { NegotiateResult } from '../transport/connection';

export interface WatchPanel {
  element: HTMLElement;
  sessionId: string;
  /** The live view saw the session end. */
  ended(reason: string | undefined): void;
  dispose(): void;
}

/** A supervisor asks the service for a snapshot at most this often (the customer's SDK coalesces requests too). */
const SNAPSHOT_REQUEST_MS = 3000;

export function createWatchPanel(api: ApiClient, sessionId: string, title: string, close: () => void): WatchPanel {
  const message = h('p', { className: 'aa-watch-message', role: 'status', 'data-testid': 'watch-status' }, 'Connecting…');
  const host = h('div', { className: 'aa-watch-view', 'data-testid': 'watch-view' });
  const element = h('section', { className: 'aa-watch', 'aria-label': `Watching ${title}`, 'data-session-id': sessionId },
    h('div', { className: 'aa-section-head' },
      h('h2', {}, `Watching ${title} (view only)`),
      h('button', { type: 'button', className: 'aa-button', 'data-action': 'stop-watching', onclick: () => close() }, 'Stop watching')),
    message, host);

  let view: ConsoleView | undefined;
  let link: AgentLink | undefined;
  let reporter: HeldBackReporter | undefined;
  let disposed = false;
  let over = false;
  let lastRequest = 0;
  const path = `/live/sessions/${encodeURIComponent(sessionId)}`;
  const askForSnapshot = (): void => {
    const now = Date.now();
    if (now - lastRequest < SNAPSHOT_REQUEST_MS) return;
    lastRequest = now;
    api.api('POST', `${path}/snapshot-requests`).catch(() => undefined);
  };
  const finish = (reason: string | undefined): void => {
    if (over) return;
    over = true; // the end is final: later link statuses (the service closes the connection) must not overwrite it
    message.textContent = `Session ended — ${endReasonText(reason as Parameters<typeof endReasonText>[0], false)}`;
    view?.freeze(message.textContent);
    void link?.close();
  };

  const start = async (): Promise<void> => {
    const consoleModule = consoleApi();
    // The tenant's resource policy first: the mirror loads nothing the tenant does not allow, for supervisors too.
    const resources = consoleModule.readResourcePolicy(await api.api('GET', `/sessions/${encodeURIComponent(sessionId)}/resource-policy`));
    if (!resources) throw new Error('the resource policy could not be read');
    if (disposed) return;
    const report = reporter = consoleModule.createHeldBackReporter(
      (body) => api.api('POST', `/sessions/${encodeURIComponent(sessionId)}/held-back-resources`, body), window);
    // Guidance goes nowhere: a watcher has no tools.
    view = consoleModule.createConsole(host, { send: () => undefined, resources, onHeldBack: (hosts) => report.update(hosts) });
    link = await consoleModule.connectAgent({
      negotiate: () => api.api<NegotiateResult>('POST', `${path}/negotiate`),
      onFrame: (frame) => {
        // A frame that does not fit the mirror: throwing makes the link ask for a snapshot (status 'syncing' below).
        if (view && !view.apply(frame as Frame | CustomerGuideFrame)) throw new Error('CoBrowse: the mirror lost its place in the page');
      },
      onStatus: (status) => {
        host.dataset.link = status;
        if (over) return;
        if (status === 'syncing') askForSnapshot();
        if (status === 'live') message.textContent = 'Watching — view only';
        if (status === 'disconnected') message.textContent = 'Connection lost — reconnecting…';
      },
      onState: (state) => {
        if (state.state === 'ended') finish(state.endReason);
      },
      readState: () => api.api('GET', `/sessions/${encodeURIComponent(sessionId)}`),
    });
    if (disposed) void link.close();
  };
  queueMicrotask(() => {
    start().catch((error: Error) => { message.textContent = `Could not watch: ${error.message}`; });
  });

  return {
    element,
    sessionId,
    ended: finish,
    dispose() {
      disposed = true;
      void reporter?.flush().finally(() => reporter?.dispose());
      void link?.close();
      view?.dispose();
    },
  };
}
