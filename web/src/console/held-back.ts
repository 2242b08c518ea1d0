// Page resources the mirror did not load because the tenant does not allow their host: the agent is told quietly
// (a line under the view naming the hosts, with counts on demand), and the service is told so the tenant's admin
// sees them in reporting and can add the hosts that are really theirs (asset origins).
import type { HeldBackHost } from '../mirror/resources';
import type { ConsoleLabels } from './labels';

/** Hosts named in the line itself; the rest are counted ("and 3 more") and listed when the agent opens it. */
const NAMED_HOSTS = 3;
/** Hosts sent in one report (the service keeps at most as many per agent and session). */
export const REPORTED_HOSTS = 20;

export interface HeldBackNotice {
  readonly element: HTMLElement;
  update(hosts: HeldBackHost[]): void;
}

export function createHeldBackNotice(doc: Document, labels: ConsoleLabels): HeldBackNotice {
  const element = doc.createElement('details');
  element.className = 'cbc-held-back';
  element.hidden = true;
  const summary = doc.createElement('summary');
  // Only the line is live, and it changes only when another host is held back: counts going up stay silent.
  const line = doc.createElement('span');
  line.setAttribute('role', 'status');
  summary.append(line);
  const list = doc.createElement('ul');
  list.setAttribute('aria-label', labels.heldBack.list);
  const hint = doc.createElement('p');
  hint.textContent = labels.heldBack.hint;
  element.append(summary, list, hint);

  let named = '';
  return {
    element,
    update(hosts) {
      element.hidden = hosts.length === 0;
      const names = hosts.map((h) => h.host);
      const text = labels.heldBack.line(names.slice(0, NAMED_HOSTS), Math.max(0, names.length - NAMED_HOSTS));
      if (text !== named) line.textContent = named = text;
      list.replaceChildren(...hosts.map((h) => {
        const item = doc.createElement('li');
        item.textContent = labels.heldBack.item(h.host, h.count);
        return item;
      }));
    },
  };
}

export interface HeldBackReporter {
  /** The mirror's held-back hosts now (cumulative). */
  update(hosts: HeldBackHost[]): void;
  /** Sends what is waiting now (the agent leaves the session). */
  flush(): Promise<void>;
  dispose(): void;
}

/** The first report waits for the page's resources to be judged; later ones only when another host shows up. */
const FIRST_REPORT_MS = 5_000;
const BETWEEN_REPORTS_MS = 30_000;
const MAX_REPORTS = 10;

/**
 * Reports held-back hosts to the service: a few seconds after the first, then again only when a host appears that
 * was not reported yet, at most every 30 s and 10 times per view. Counts are cumulative; the service keeps one
 * event per session and agent.
 */
export function createHeldBackReporter(send: (report: { hosts: HeldBackHost[] }) => Promise<unknown>, win: Window): HeldBackReporter {
  const reported = new Set<string>();
  let latest: HeldBackHost[] = [];
  let timer = 0;
  let sent = 0;
  let lastSentAt = -Infinity;
  let disposed = false;

  const sendNow = async (): Promise<void> => {
    win.clearTimeout(timer);
    timer = 0;
    if (disposed || sent >= MAX_REPORTS) return;
    const hosts = latest.slice(0, REPORTED_HOSTS);
    if (!hosts.some((h) => !reported.has(h.host))) return;
    sent++;
    lastSentAt = Date.now();
    try {
      await send({ hosts });
      for (const h of hosts) reported.add(h.host);
    } catch {
      // not recorded: a later host (or the flush on leaving) tries again
    }
  };

  return {
    update(hosts) {
      latest = hosts;
      if (timer || disposed || sent >= MAX_REPORTS || !hosts.slice(0, REPORTED_HOSTS).some((h) => !reported.has(h.host))) return;
      const wait = sent === 0 ? FIRST_REPORT_MS : Math.max(0, lastSentAt + BETWEEN_REPORTS_MS - Date.now());
      timer = win.setTimeout(() => { void sendNow(); }, wait);
    },
    flush: () => (timer ? sendNow() : Promise.resolve()),
    dispose() {
      disposed = true;
      win.clearTimeout(timer);
    },
  };
}
