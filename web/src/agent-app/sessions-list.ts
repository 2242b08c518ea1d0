// "Active co-browse sessions": the tenant's live sessions (GET /sessions?state=active), polled every 2 s, with state,
// channel, duration and who controls. Selecting one opens it.
import type { ApiClient } from './api';
import { h, replace } from './dom';
import { channelName, duration, stateLabel } from './format';
import { readSessionList, type SessionInfo } from './model';

const POLL_MS = 2000;

export interface SessionsList {
  element: HTMLElement;
  refresh(): Promise<void>;
  dispose(): void;
}

export function createSessionsList(api: ApiClient, me: string, open: (session: SessionInfo) => void): SessionsList {
  const list = h('ul', { className: 'aa-list', 'aria-label': 'Active co-browse sessions', 'data-testid': 'session-list' });
  const empty = h('p', { className: 'aa-empty' }, 'No active sessions.');
  const element = h('section', { className: 'aa-section', 'aria-labelledby': 'aa-sessions-title' },
    h('h2', { id: 'aa-sessions-title' }, 'Active co-browse sessions'), list, empty);
  let sessions: SessionInfo[] = [];
  let failed = false;

  const render = (): void => {
    empty.textContent = failed ? 'Session list not available.' : 'No active sessions.';
    empty.hidden = sessions.length > 0;
    replace(list, ...sessions.map((session) => {
      const started = Date.parse(session.startedAt ?? session.createdAt);
      const controller = session.state === 'control' && session.controlAgentId ? session.controlAgentId : '—';
      return h('li', {},
        h('button', {
          type: 'button', className: 'aa-row', 'data-session-id': session.sessionId, 'data-state': session.state,
          onclick: () => open(session),
        },
        h('span', { className: 'aa-row-title' }, session.interactionId),
        h('span', { className: `aa-badge aa-state-${session.state}` }, stateLabel(session.state, session.controlAgentId ?? undefined, me)),
        h('span', { className: 'aa-row-meta' },
          `${channelName(session.channel)} · ${duration(Date.now() - started)} · agent ${session.ownerAgentId} · control ${controller}`)));
    }));
  };

  const refresh = async (): Promise<void> => {
    try {
      sessions = readSessionList(await api.api<unknown>('GET', '/sessions?state=active'));
      failed = false;
    } catch {
      failed = true;
      sessions = [];
    }
    render();
  };
  const timer = window.setInterval(() => void refresh(), POLL_MS);
  void refresh();
  return { element, refresh, dispose: () => window.clearInterval(timer) };
}
