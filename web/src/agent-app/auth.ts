// The agent's token: from `#token=…` in the address (a tenant desktop or a test hands it over that way), else from
// this tab's sessionStorage, else from the demo sign-in. The token is a JWT whose subject is the agent id.
const STORAGE_KEY = 'cobrowse.agent.token';

export interface AgentIdentity {
  token: string;
  agentId: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Takes a token from the address (and removes it from there) or from sessionStorage. */
export function restoreIdentity(): AgentIdentity | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    const token = decodeURIComponent(match[1] as string);
    history.replaceState(null, '', location.pathname + location.search); // keep it out of history and screenshots
    const identity = readToken(token);
    if (identity) {
      sessionStorage.setItem(STORAGE_KEY, token);
      return identity;
    }
  }
  const stored = sessionStorage.getItem(STORAGE_KEY);
  const identity = stored ? readToken(stored) : undefined;
  if (identity && identity.expiresAt > Date.now()) return identity;
  sessionStorage.removeItem(STORAGE_KEY);
  return undefined;
}

export function rememberIdentity(token: string): AgentIdentity | undefined {
  const identity = readToken(token);
  if (identity) sessionStorage.setItem(STORAGE_KEY, token);
  return identity;
}

export function forgetIdentity(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** The agent id and expiry a token claims (only for display and routing; the service checks the signature). */
export function readToken(token: string): AgentIdentity | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: unknown; exp?: unknown };
    if (typeof json.sub !== 'string' || typeof json.exp !== 'number') return undefined;
    return { token, agentId: json.sub, expiresAt: json.exp * 1000 };
  } catch {
    return undefined;
  }
}
