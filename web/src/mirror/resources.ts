// What the agent's browser may fetch while it mirrors a page. The customer controls every frame, so any URL in one
// could point at a host of the customer's choosing and tell them the agent's address and when they watch. The
// mirror loads page resources only from the tenant's origins (its allowed and asset origins, or any https host when
// the tenant opted in) and data: URLs; every other reference is dropped before it reaches the mirror document. A
// relative URL is judged (and written) as the absolute URL it resolves to against the page URL the frames claim —
// a claim the customer controls too, so only the resolved URL counts. Allowed URLs that were already absolute are
// written byte for byte as sent.
import { NO_URL, rewriteCssUrls } from './css-urls';

/** The tenant's resource policy (GET /sessions/{id}/resource-policy). */
export interface ResourcePolicy {
  /** Origins (scheme://host[:port]) page resources may come from. */
  origins: readonly string[];
  /** The tenant's knowing opt-in: any https host. */
  anyHttps: boolean;
}

/** A host the mirror did not load resources from, and how many references to it it dropped. */
export interface HeldBackHost {
  host: string;
  count: number;
}

/** `container`: a URL whose document could load more (a style sheet, an SVG document): data: is not enough there. */
export type UrlUse = 'resource' | 'container';

const MAX_ORIGIN_LENGTH = 200;

/** True for a string that is exactly a web origin as URL.origin writes it (no path, user, query or stray character). */
export function isOrigin(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_ORIGIN_LENGTH) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** A policy from the API, trusting nothing: only exact origins are taken. Undefined when it is not a policy at all. */
export function readResourcePolicy(value: unknown): ResourcePolicy | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { origins, anyHttps } = value as Record<string, unknown>;
  if (!Array.isArray(origins) || typeof anyHttps !== 'boolean') return undefined;
  return { origins: origins.filter(isOrigin), anyHttps };
}

/** Without a tenant policy: the console's own origin (the service's host, never the customer's choice) and data:. */
export function defaultResourcePolicy(win: Window): ResourcePolicy {
  const own = win.location.origin;
  return { origins: isOrigin(own) ? [own] : [], anyHttps: false };
}

/**
 * The mirror document's own Content-Security-Policy: the browser's wall behind the checks below. Nothing but page
 * resources from the policy's origins and data:, no scripts, frames, forms, base URL, connections or workers.
 * IPv6 literals cannot be written as CSP sources: resources from such an origin pass the checks but not this wall.
 */
export function mirrorContentSecurityPolicy(policy: ResourcePolicy): string {
  const sources = [...policy.origins.filter((origin) => isOrigin(origin) && !new URL(origin).hostname.startsWith('[')), ...(policy.anyHttps ? ['https:'] : [])].join(' ');
  return [
    "default-src 'none'",
    `img-src ${sources} data:`,
    `media-src ${sources} data:`,
    `font-src ${sources} data:`,
    `style-src ${sources} 'unsafe-inline'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Judges every URL the mirror writes and counts, per host, the references it drops. */
export class ResourceGuard {
  private readonly origins: ReadonlySet<string>;
  private readonly anyHttps: boolean;
  private base: URL | undefined;
  private readonly counts = new Map<string, number>();

  constructor(readonly policy: ResourcePolicy, private readonly onHeldBack?: () => void) {
    this.origins = new Set(policy.origins.filter(isOrigin));
    this.anyHttps = policy.anyHttps === true;
  }

  /** The page URL the frames claim (a snapshot's url): relative URLs resolve against it, when it is http(s). */
  setPageUrl(url: unknown): void {
    this.base = undefined;
    if (typeof url !== 'string') return;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') this.base = parsed;
    } catch {
      // no base: relative URLs are dropped
    }
  }

  /** The URL to write for a reference that fetches, or null to leave it out. */
  url(value: string, use: UrlUse = 'resource'): string | null {
    const trimmed = value.trim();
    if (trimmed === '') return value; // an empty reference fetches nothing
    let absolute: URL;
    let resolved = false;
    try {
      absolute = new URL(trimmed);
    } catch {
      if (!this.base) return this.drop(undefined);
      try {
        absolute = new URL(trimmed, this.base);
        resolved = true;
      } catch {
        return this.drop(undefined);
      }
    }
    if (absolute.protocol === 'data:') return use === 'resource' ? value : this.drop(undefined);
    if (!this.allows(absolute)) return this.drop(absolute);
    return resolved ? absolute.href : value;
  }

  /** A srcset with only the candidates it may load (relative ones made absolute); null when none is left. */
  srcset(value: string): string | null {
    const candidates = parseSrcset(value);
    const kept: string[] = [];
    let changed = false;
    for (const candidate of candidates) {
      const url = this.url(candidate.url);
      if (url !== candidate.url) changed = true;
      if (url !== null) kept.push(candidate.descriptors ? `${url} ${candidate.descriptors}` : url);
    }
    if (!changed) return value;
    return kept.length ? kept.join(', ') : null;
  }

  /** CSS text (a sheet, a rule or declarations) with its URL references judged like attributes. */
  css(text: string): string {
    return rewriteCssUrls(text, (url, use) => {
      if (url.trim().startsWith('#')) return url; // a reference inside the document itself (an SVG filter, a clip path)
      if (url === NO_URL) return url;
      return this.url(url, use === 'import' ? 'container' : 'resource');
    });
  }

  /** A URL the browser itself refused (a Content-Security-Policy report): counted like one the checks dropped. */
  refused(url: string): void {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') this.drop(parsed);
    } catch {
      // "inline", "eval" or nothing: not a host
    }
  }

  /** The hosts held back so far, most referenced first. */
  heldBack(): HeldBackHost[] {
    return [...this.counts].map(([host, count]) => ({ host, count })).sort((a, b) => b.count - a.count || (a.host < b.host ? -1 : 1));
  }

  private allows(url: URL): boolean {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
    return this.origins.has(url.origin) || (this.anyHttps && url.protocol === 'https:');
  }

  private drop(url: URL | undefined): null {
    const host = url?.host;
    if (host) {
      this.counts.set(host, Math.min((this.counts.get(host) ?? 0) + 1, 1_000_000));
      this.onHeldBack?.();
    }
    return null;
  }
}

/** The candidates of a srcset, read as the HTML standard reads them (a URL runs to the next whitespace). */
export function parseSrcset(value: string): Array<{ url: string; descriptors: string }> {
  const space = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
  const candidates: Array<{ url: string; descriptors: string }> = [];
  let at = 0;
  while (at < value.length) {
    while (at < value.length && (space(value[at]) || value[at] === ',')) at++;
    if (at >= value.length) break;
    const start = at;
    while (at < value.length && !space(value[at])) at++;
    let url = value.slice(start, at);
    let descriptors = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      const from = at;
      let depth = 0;
      while (at < value.length) {
        const c = value[at];
        if (c === '(') depth++;
        else if (c === ')') depth = Math.max(0, depth - 1);
        else if (c === ',' && depth === 0) break;
        at++;
      }
      descriptors = value.slice(from, at).trim();
      at++;
    }
    if (url) candidates.push({ url, descriptors });
  }
  return candidates;
}
