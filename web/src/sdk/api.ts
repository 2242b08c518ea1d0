// The customer's HTTP calls to the CoBrowse API (v1). Every failure becomes an ApiError carrying the problem
// details the service answered (RFC 7807), so the UI can say what went wrong; a network failure is status 0.
import type { NegotiateResult } from '../transport/connection';
import type { EndReason, SessionState } from '../protocol/session';

export type Channel = 'voice' | 'webMessaging' | 'webChat';

/** GET /sessions/{id}: the fields the SDK reads. */
export interface SessionView {
  sessionId: string;
  channel: Channel;
  state: SessionState;
  ownerAgentId: string;
  controlAgentId?: string | null;
  endReason?: EndReason | null;
  version: number;
}

export interface JoinedSession {
  session: SessionView;
  customerToken: string;
  customerTokenExpiresAt: string;
}

export interface SiteConfig {
  maskSelectors: string[];
  redactSelectors: string[];
  blockSelectors: string[];
}

export class ApiError extends Error {
  constructor(
    /** HTTP status, or 0 when the service could not be reached. */
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    /** Seconds to wait before trying again (429 Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
  }
}

export interface CustomerApi {
  readonly base: string;
  siteConfig(siteKey: string): Promise<SiteConfig>;
  redeemKey(siteKey: string, key: string): Promise<JoinedSession>;
  acceptOffer(siteKey: string, offerId: string): Promise<JoinedSession>;
  declineOffer(siteKey: string, offerId: string): Promise<void>;
  /** Calls with the session's customer token. */
  session(sessionId: string, token: string): SessionCalls;
}

export interface SessionCalls {
  get(): Promise<SessionView>;
  negotiate(): Promise<NegotiateResult>;
  approveControl(): Promise<SessionView>;
  denyControl(): Promise<SessionView>;
  revokeControl(): Promise<SessionView>;
  end(): Promise<SessionView>;
}

export function customerApi(base: string): CustomerApi {
  const root = base.replace(/\/+$/, '');
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<T> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      // Never cookies: the customer is identified by the site key, its origin and then the session's token.
      response = await fetch(root + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
    } catch (error) {
      throw new ApiError(0, 'Network error', error instanceof Error ? error.message : undefined);
    }
    if (response.ok) return (response.status === 204 ? undefined : await response.json().catch(() => undefined)) as T;
    throw await problemOf(response);
  };
  const site = (siteKey: string): string => encodeURIComponent(siteKey);
  return {
    base: root,
    siteConfig: async (siteKey) => {
      const config = await call<Partial<SiteConfig>>('GET', `/sites/${site(siteKey)}/config`);
      return { maskSelectors: strings(config?.maskSelectors), redactSelectors: strings(config?.redactSelectors), blockSelectors: strings(config?.blockSelectors) };
    },
    redeemKey: (siteKey, key) => call('POST', '/security-keys/redeem', { siteKey, key }),
    acceptOffer: (siteKey, offerId) => call('POST', `/offers/${encodeURIComponent(offerId)}/accept`, { siteKey }),
    declineOffer: async (siteKey, offerId) => {
      await call('POST', `/offers/${encodeURIComponent(offerId)}/decline`, { siteKey });
    },
    session(sessionId, token) {
      const path = `/sessions/${encodeURIComponent(sessionId)}`;
      const post = <T>(suffix: string): Promise<T> => call<T>('POST', path + suffix, {}, token);
      return {
        get: () => call('GET', path, undefined, token),
        negotiate: () => post('/realtime/negotiate'),
        approveControl: () => post('/control-requests/approve'),
        denyControl: () => post('/control-requests/deny'),
        revokeControl: () => post('/control/revoke'),
        end: () => post('/end'),
      };
    },
  };
}

async function problemOf(response: Response): Promise<ApiError> {
  let problem: { title?: unknown; detail?: unknown } = {};
  try {
    problem = await response.json();
  } catch {
    // not problem details (a proxy's page): the status says enough
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    typeof problem.title === 'string' ? problem.title : response.statusText || `HTTP ${response.status}`,
    typeof problem.detail === 'string' ? problem.detail : undefined,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
