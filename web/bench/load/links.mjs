// Per-link bookkeeping: every frame carries its link's number `k`, a sequence number `q` and its send time `ts`
// (performance.now() of this process, which both sides share). Senders count frames the relay acknowledged; each
// receiver records what it got, so lost = acknowledged but never received, duplicated = received more than once.

/** @typedef {'customer→agents (view)' | 'agent→customer (guide)' | 'agent→customer (ctl)'} Direction */

export class Link {
  /** @param {number} id @param {Direction} direction @param {string[]} receivers */
  constructor(id, direction, receivers) {
    this.id = id;
    this.direction = direction;
    this.issued = 0;
    /** @type {Set<number>} sequence numbers whose send was refused or failed (not expected anywhere) */
    this.failed = new Set();
    this.bytes = 0;
    this.units = 0;
    /** @type {Map<string, { seen: Set<number>, duplicates: number, afterFailure: number }>} */
    this.receivers = new Map(receivers.map((name) => [name, { seen: new Set(), duplicates: 0, afterFailure: 0 }]));
  }

  nextSeq() {
    const seq = this.issued;
    this.issued += 1;
    return seq;
  }

  /** Returns the latency in ms, or undefined when this receiver was not expected on this link. */
  record(receiver, seq, sentAt) {
    const state = this.receivers.get(receiver);
    if (!state) return undefined;
    if (state.seen.has(seq)) state.duplicates += 1;
    else state.seen.add(seq);
    if (this.failed.has(seq)) state.afterFailure += 1;
    return performance.now() - sentAt;
  }

  tally() {
    const acked = this.issued - this.failed.size;
    let received = 0;
    let lost = 0;
    let duplicates = 0;
    for (const state of this.receivers.values()) {
      let got = 0;
      for (const seq of state.seen) if (!this.failed.has(seq)) got += 1;
      received += state.seen.size + state.duplicates;
      lost += acked - got;
      duplicates += state.duplicates;
    }
    return { sent: acked, failedSends: this.failed.size, expectedDeliveries: acked * this.receivers.size, received, lost, duplicates, bytes: this.bytes, units: this.units };
  }
}

export class LinkRegistry {
  constructor() {
    /** @type {Map<number, Link>} */
    this.links = new Map();
    /** @type {Map<Direction, number[]>} */
    this.latencies = new Map();
    /** Latencies of all directions per minute since `startedAt`: does delivery degrade while sessions are held? */
    this.startedAt = Date.now();
    /** @type {Map<Direction, number[][]>} */
    this.perMinute = new Map();
  }

  create(direction, receivers) {
    const link = new Link(this.links.size + 1, direction, receivers);
    this.links.set(link.id, link);
    return link;
  }

  /** A frame arrived at `receiver`; unknown links or receivers are counted as strays. */
  received(receiver, frame) {
    const link = this.links.get(frame.k);
    const latency = link?.record(receiver, frame.q, frame.ts);
    if (latency === undefined) {
      this.strays = (this.strays ?? 0) + 1;
      return;
    }
    const list = this.latencies.get(link.direction) ?? [];
    list.push(latency);
    this.latencies.set(link.direction, list);
    const minute = Math.floor((Date.now() - this.startedAt) / 60_000);
    const minutes = this.perMinute.get(link.direction) ?? [];
    (minutes[minute] ??= []).push(latency);
    this.perMinute.set(link.direction, minutes);
  }

  /** Totals per direction, with delivery latency percentiles. */
  summary() {
    const byDirection = {};
    for (const link of this.links.values()) {
      const t = link.tally();
      const d = byDirection[link.direction] ??= { links: 0, sent: 0, failedSends: 0, expectedDeliveries: 0, received: 0, lost: 0, duplicates: 0, bytes: 0, units: 0 };
      d.links += 1;
      for (const key of Object.keys(t)) d[key] += t[key];
    }
    for (const [direction, list] of this.latencies) byDirection[direction].latencyMs = percentiles(list);
    const count = Math.max(0, ...[...this.perMinute.values()].map((m) => m.length));
    const perMinute = Array.from({ length: count }, (_, minute) => ({
      minute,
      startsAt: new Date(this.startedAt + minute * 60_000).toISOString(),
      all: percentiles([...this.perMinute.values()].flatMap((m) => m[minute] ?? [])),
      ...Object.fromEntries([...this.perMinute].map(([direction, m]) => [direction, percentiles(m[minute] ?? [])])),
    }));
    return { byDirection, perMinute, strays: this.strays ?? 0 };
  }
}

function percentiles(list) {
  if (list.length === 0) return { p50: null, p95: null, p99: null, max: null, count: 0 };
  const sorted = Float64Array.from(list).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1], count: sorted.length };
}
