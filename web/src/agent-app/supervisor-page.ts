// The supervisor's "Live" page: the tenant's active co-browse sessions, kept current by the live group (one frame per
// transition) and read whole only on (re)connect — no polling. Each row: interaction, mode, channel, agent, control,
// duration (ticking), who is connected, and Watch (view only, see supervisor-watch.ts).
import type { ApiClient } from './api';
import { h, replace } from './dom';
import { channelName, duration, stateLabel } from './format';
import { connectLive, type LiveLink } from './supervisor-live-link';
import { readLiveFrame, readLiveList, readLivePresence, type LiveParticipant, type LiveRow } from './supervisor-model';
import { SUPERVISOR_CSS } from './supervisor-styles';
import { createWatchPanel, type WatchPanel } from './supervisor-watch';

export interface SupervisorPage {
  element: HTMLElement;
  /** Connects the first time the page is shown; afterwards the live group keeps it current. */
  show(): void;
  dispose(): void;
}

export function createSupervisorPage(api: ApiClient, me: string): SupervisorPage {
  const status = h('p', { className: 'aa-live-status', role: 'status', 'data-testid': 'live-status' }, 'Not connected.');
  const body = h('tbody', {});
  const empty = h('p', { className: 'aa-empty', 'data-testid': 'live-empty' }, 'No active sessions.');
  const table = h('table', { className: 'aa-live-table', 'data-testid': 'live-sessions', 'aria-labelledby': 'aa-live-title' },
    h('thead', {}, h('tr', {}, ...['Interaction', 'Mode', 'Channel', 'Agent', 'Control', 'Duration', 'Connected', ''].map((label) => h('th', { scope: 'col' }, label)))),
    body);
  const watchArea = h('div', { className: 'aa-live-watch' });
  const element = h('main', { className: 'aa-live', id: 'aa-live', tabindex: -1, hidden: true },
    h('style', {}, SUPERVISOR_CSS),
    h('section', { className: 'aa-section' }, h('h2', { id: 'aa-live-title' }, 'Live sessions'), status, table, empty),
    watchArea);

  const rows = new Map<string, LiveRow>();
  /** Who is connected per session and when the service read it (list reads and presence frames; the newest wins). */
  const presence = new Map<string, { participants: LiveParticipant[]; at: number }>();
  let watching: WatchPanel | undefined;
  let link: LiveLink | undefined;

  const stopWatching = (): void => {
    watching?.dispose();
    watching?.element.remove();
    watching = undefined;
  };
  const watch = (row: LiveRow): void => {
    stopWatching();
    watching = createWatchPanel(api, row.sessionId, row.interactionId, stopWatching);
    watchArea.append(watching.element);
  };

  const render = (): void => {
    const sorted = [...rows.values()].sort((a, b) => Date.parse(b.startedAt ?? b.createdAt) - Date.parse(a.startedAt ?? a.createdAt));
    empty.hidden = sorted.length > 0;
    table.hidden = sorted.length === 0;
    replace(body, ...sorted.map((row) => h('tr', { 'data-session-id': row.sessionId, 'data-state': row.state },
      h('td', {}, row.interactionId),
      h('td', {}, h('span', { className: `aa-badge aa-state-${row.state}`, 'data-testid': 'live-mode' }, stateLabel(row.state, row.controlAgentId ?? undefined, me))),
      h('td', {}, channelName(row.channel)),
      h('td', { 'data-testid': 'live-agent' }, row.ownerAgentId),
      h('td', {}, row.state === 'control' && row.controlAgentId ? row.controlAgentId : '—'),
      h('td', { 'data-testid': 'live-duration', 'data-since': row.startedAt ?? row.createdAt }, duration(Date.now() - Date.parse(row.startedAt ?? row.createdAt))),
      h('td', { 'data-testid': 'live-participants' }, participantsText(row.participants)),
      h('td', {}, h('button', { type: 'button', className: 'aa-button', 'data-action': 'watch', onclick: () => watch(row) }, 'Watch')))));
  };
  const tick = (): void => {
    for (const cell of body.querySelectorAll<HTMLElement>('[data-since]')) cell.textContent = duration(Date.now() - Date.parse(cell.dataset.since ?? ''));
  };
  const clock = window.setInterval(tick, 1000);

  const resync = async (): Promise<void> => {
    try {
      const body = await api.api<{ at?: unknown }>('GET', '/live/sessions');
      const readAt = typeof body?.at === 'string' ? Date.parse(body.at) : 0; // the service's clock, like presence frames
      rows.clear();
      presence.clear();
      for (const row of readLiveList(body)) {
        rows.set(row.sessionId, row);
        if (row.participants) presence.set(row.sessionId, { participants: row.participants, at: readAt });
      }
      status.textContent = 'Live — updates as sessions change.';
    } catch (error) {
      status.textContent = `The live list is not available: ${(error as Error).message}`;
    }
    render();
  };
  const onPresence = (data: unknown): boolean => {
    const frame = readLivePresence(data);
    if (!frame) return false;
    const at = Date.parse(frame.at);
    if (at < (presence.get(frame.sessionId)?.at ?? 0)) return true; // an older read than the one shown
    presence.set(frame.sessionId, { participants: frame.participants, at });
    const row = rows.get(frame.sessionId);
    if (row) {
      rows.set(frame.sessionId, { ...row, participants: frame.participants });
      render();
    }
    return true;
  };
  const onFrame = (data: unknown): void => {
    if (onPresence(data)) return;
    const frame = readLiveFrame(data);
    if (!frame) return;
    const known = rows.get(frame.sessionId);
    if (known && known.version >= frame.version) return; // frames may come late or twice; the highest version wins
    if (frame.state === 'ended') {
      rows.delete(frame.sessionId);
      presence.delete(frame.sessionId);
      if (watching?.sessionId === frame.sessionId) watching.ended(frame.endReason);
    } else if (frame.state !== 'pending') {
      rows.set(frame.sessionId, { ...frame, participants: presence.get(frame.sessionId)?.participants ?? known?.participants });
    }
    render();
  };

  return {
    element,
    show() {
      if (link) return;
      status.textContent = 'Connecting…';
      link = connectLive(api, {
        frame: onFrame,
        connected: () => void resync(),
        disconnected: () => { status.textContent = 'Connection lost — reconnecting…'; },
      });
    },
    dispose() {
      window.clearInterval(clock);
      link?.stop();
      stopWatching();
    },
  };
}

function participantsText(participants: LiveParticipant[] | undefined): string {
  if (!participants) return '—';
  if (participants.length === 0) return 'nobody';
  return participants.map((p) => (p.kind === 'customer' ? 'customer' : `${p.kind === 'supervisor' ? 'supervisor' : 'agent'} ${p.id ?? ''}`.trim())).join(', ');
}
