// The running session of this tab, kept in sessionStorage so the next page of the site (a navigation, a reload,
// back/forward) rejoins it at once. Per tab by design: another tab of the same site is not shared.
import type { Approval } from './authority';

export interface StoredSession {
  apiBase: string;
  siteKey: string;
  sessionId: string;
  customerToken: string;
  /** When the customer token expires (ISO 8601); an expired one is dropped instead of tried. */
  expiresAt: string;
  /**
   * The customer's approval of control in this tab, so the next page may continue it: only while the service still
   * says control for this agent at this version (runtime/authority.ts).
   */
  control?: Approval;
}

const KEY = 'cobrowse.session';

export function loadSession(storage: Storage | undefined = safeStorage()): StoredSession | undefined {
  try {
    const value: unknown = JSON.parse(storage?.getItem(KEY) ?? 'null');
    if (!isStoredSession(value)) return undefined;
    if (!(Date.parse(value.expiresAt) > Date.now())) {
      clearSession(storage);
      return undefined;
    }
    const control = value.control as Partial<Approval> | undefined;
    return { ...value, control: typeof control?.agentId === 'string' && Number.isSafeInteger(control.version) ? control as Approval : undefined };
  } catch {
    return undefined;
  }
}

export function saveSession(session: StoredSession, storage: Storage | undefined = safeStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify(session));
  } catch {
    // storage full or denied: this page still shares; the next one will not resume
  }
}

export function clearSession(storage: Storage | undefined = safeStorage()): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // denied: nothing was stored either
  }
}

/** sessionStorage throws on access in some privacy modes and sandboxed frames. */
function safeStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['apiBase', 'siteKey', 'sessionId', 'customerToken', 'expiresAt'].every((key) => typeof record[key] === 'string');
}
