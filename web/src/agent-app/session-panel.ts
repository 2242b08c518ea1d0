// A joined co-browse session: the console view (mirror, guidance, control mode) under a header with the state
// badge, the duration, "Request control", "Revoke" and "End", and what just happened in words ("Customer denied
// control", "Session ended — …"). The state comes from the agent link (state frames, reads on (re)connect) and a
// 2 s read as a safety net; an ended session stays on screen, frozen, with its reason.
import type { AgentStatus, JoinedSession, SessionStatus } from '../console';
import type { NegotiateResult } from '../transport/connection';
import type { ApiClient } from './api';
import { consoleApi } from './console-global';
import { h } from './dom';
import { duration, endReasonText, stateLabel } from './format';
import type { SessionInfo } from './model';

const POLL_MS = 2000;
/** Agent input is real activity (it keeps a session the agent is working in alive); reported at most this often. */
const ACTIVITY_MS = 15_000;

export interface SessionPanel {
  element: HTMLElement;
  readonly sessionId: string;
  readonly ended: boolean;
  dispose(): void;
}

export function createSessionPanel(api: ApiClient, me: string, sessionId: string, onEnded?: () => void): SessionPanel {
  const badge = h('span', { className: 'aa-badge aa-state-pending', 'data-testid': 'session-state' }, 'Connecting…');
  const clock = h('span', { className: 'aa-duration', 'data-testid': 'session-duration', 'aria-label': 'Session duration' }, '0:00');
  const requestControl = h('button', { type: 'button', className: 'aa-button', 'data-action': 'request-control', disabled: true }, 'Request control');
  const revoke = h('button', { type: 'button', className: 'aa-button', 'data-action': 'revoke-control', disabled: true }, 'Revoke');
  const end = h('button', { type: 'button', className: 'aa-button aa-danger', 'data-action': 'end-session' }, 'End');
  const message = h('span', { className: 'aa-session-message', role: 'status', 'aria-live': 'polite', 'data-testid': 'session-message' });
  const host = h('div', { className: 'aa-console-host' });
  const element = h('section', { className: 'aa-session', 'aria-label': 'Co-browse session', 'data-session-id': sessionId },
    h('div', { className: 'aa-session-head' }, h('strong', {}, 'Co-browse'), badge, clock, message,
      h('span', { className: 'aa-spacer' }), requestControl, revoke, end),
    host);

  let joined: JoinedSession | undefined;
  let status: SessionStatus | undefined;
  let startedAt: number | undefined;
  let ended = false;
  let endedByMe = false;
  let disposed = false;
  let lastActivity = 0;
  // A safety net under the state frames: read the session every 2 s while it lasts.
  const poll = window.setInterval(() => { joined?.link.refreshState().catch(() => undefined); }, POLL_MS);

  const say = (text: string): void => { message.textContent = text; };
  const readState = async (): Promise<SessionInfo> => {
    const session = await api.api<SessionInfo>('GET', `/sessions/${encodeURIComponent(sessionId)}`);
    if (session?.startedAt) startedAt = Date.parse(session.startedAt);
    return session;
  };

  const onState = (next: SessionStatus, previous: SessionStatus | undefined): void => {
    status = next;
    const mine = next.controlAgentId === me;
    badge.textContent = stateLabel(next.state, next.controlAgentId, me);
    badge.className = `aa-badge aa-state-${next.state}`;
    badge.dataset.state = next.state;
    element.dataset.state = next.state;
    requestControl.disabled = next.state !== 'viewOnly';
    revoke.disabled = !(next.state === 'control' && mine);
    joined?.view.setMode(next.state === 'control' && mine ? 'control' : 'view');
    if (next.state === 'ended') return finish(next);
    if (!previous) return;
    if (next.change === 'controlDenied') say('Customer denied control');
    else if (next.change === 'controlRevoked') say(next.by?.kind === 'agent' && next.by.id === me ? 'You released control' : next.by?.kind === 'agent' ? 'Control revoked' : 'Customer revoked control');
    else if (next.change === 'controlApproved') say(mine ? 'Customer granted control — you are in control' : `Customer granted control to ${next.controlAgentId ?? 'an agent'}`);
    else if (next.change === 'controlRequested') say(mine ? 'Waiting for the customer to approve control…' : '');
  };

  const finish = (final: SessionStatus): void => {
    if (ended) return;
    ended = true;
    const words = `Session ended — ${endReasonText(final.endReason, endedByMe || final.by?.id === me)}`;
    say(words);
    badge.textContent = 'Ended';
    for (const button of [requestControl, revoke, end]) button.disabled = true;
    joined?.view.freeze(words);
    void joined?.link.close(); // nothing more will come; the frozen view stays until the agent closes it
    window.clearInterval(poll);
    onEnded?.();
  };

  const act = (button: HTMLButtonElement, path: string, failure: string): void => {
    button.disabled = true;
    api.api('POST', `/sessions/${encodeURIComponent(sessionId)}${path}`)
      .then(() => joined?.link.refreshState())
      .catch((error: Error) => {
        say(`${failure}: ${error.message}`);
        button.disabled = false;
      });
  };
  requestControl.addEventListener('click', () => {
    say('Asking the customer for control…');
    act(requestControl, '/control-requests', 'Control could not be requested');
  });
  revoke.addEventListener('click', () => act(revoke, '/control/revoke', 'Control could not be released'));
  end.addEventListener('click', () => {
    endedByMe = true;
    act(end, '/end', 'The session could not be ended');
  });

  const tick = (): void => {
    if (startedAt !== undefined && !ended) clock.textContent = duration(Date.now() - startedAt);
  };
  const clockTimer = window.setInterval(tick, 1000);

  const onStatus = (linkStatus: AgentStatus): void => {
    if (ended) return;
    if (linkStatus === 'disconnected') say('Connection lost — reconnecting…');
    else if (linkStatus === 'live' && message.textContent?.startsWith('Connection lost')) say('');
    host.dataset.link = linkStatus;
  };

  // The caller places the panel right after creating it; the mirror iframe needs to be in the document to start.
  const begin = (): Promise<JoinedSession> => consoleApi().join({
    container: host,
    negotiate: () => api.api<NegotiateResult>('POST', `/sessions/${encodeURIComponent(sessionId)}/realtime/negotiate`),
    readState,
    readResourcePolicy: () => api.api('GET', `/sessions/${encodeURIComponent(sessionId)}/resource-policy`),
    reportHeldBack: (report) => api.api('POST', `/sessions/${encodeURIComponent(sessionId)}/held-back-resources`, report),
    onState,
    onStatus,
    onControlSent: () => {
      const now = Date.now();
      if (now - lastActivity < ACTIVITY_MS) return;
      lastActivity = now;
      api.api('POST', `/sessions/${encodeURIComponent(sessionId)}/activity`, {}).catch(() => undefined);
    },
    onControlLost: () => {
      say('Control ended');
      joined?.link.refreshState().catch(() => undefined);
    },
  });
  Promise.resolve().then(begin).then((session) => {
    if (disposed) return void session.leave();
    joined = session;
    if (status) onState(status, undefined); // a state read before join resolved: apply the mode now
    if (ended) {
      session.view.freeze(message.textContent ?? 'Session ended');
      void session.link.close();
    }
  }, async (error: Error) => {
    // Joining failed: most often the session is already over. Show why, if the service knows.
    try {
      const session = await readState();
      if (session.state === 'ended') return finish({ sessionId, state: 'ended', version: session.version, endReason: session.endReason as SessionStatus['endReason'] });
    } catch { /* fall through */ }
    say(`Could not join: ${error.message}`);
  });

  return {
    element,
    sessionId,
    get ended() { return ended; },
    dispose() {
      disposed = true;
      window.clearInterval(clockTimer);
      window.clearInterval(poll);
      void joined?.leave();
    },
  };
}
