// The sessions this tab has joined, kept in sessionStorage so a reload of the console (or a crash of the tab's page)
// rejoins them instead of leaving the agent to find them again in the list.
import type { SessionInfo } from './model';

const KEY = 'cobrowse.agent.open-sessions';

type Remembered = Pick<SessionInfo, 'sessionId' | 'interactionId' | 'channel'>;

export function rememberedSessions(): Remembered[] {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(value) ? value.filter((s): s is Remembered => typeof (s as Remembered)?.sessionId === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberSession(session: Remembered): void {
  const others = rememberedSessions().filter((s) => s.sessionId !== session.sessionId);
  write([...others, { sessionId: session.sessionId, interactionId: session.interactionId, channel: session.channel }]);
}

export function forgetSession(sessionId: string): void {
  write(rememberedSessions().filter((s) => s.sessionId !== sessionId));
}

/** Signing out: the next agent of this tab starts with nothing open. */
export function forgetAllSessions(): void {
  write([]);
}

function write(sessions: Remembered[]): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(sessions.slice(-10)));
  } catch { /* storage full or disabled: rejoining after a reload is a convenience */ }
}
