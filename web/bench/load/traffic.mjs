// What a simulated customer and agent send, sized after our own capture measurements
// (web/bench/results/capture.md) and the SDK's and console's throttles. Every frame carries k (link), q (sequence)
// and ts (send time) for the loss and latency bookkeeping in links.mjs.

/** Sizes (bytes) and rates; the rates are per second of the session's own clock. */
export const TRAFFIC = {
  // capture.md, "Form, 300 fields": snapshot 14.2 KB gzip -> one binary chunk (chunks hold up to 60 KB).
  snapshotBytes: 14_540,
  // capture.md: mutation frames average 381 B (form) to 545 B (5,000-card catalog); batches of several frames
  // per animation frame, so a batch is a few hundred bytes to a few KB. Drawn from this table (share, bytes range):
  mutationSizes: [[0.6, 250, 700], [0.3, 700, 2000], [0.1, 2000, 4000]],
  mutationsPerSecond: 1,
  // The SDK sends the pointer at most every animation frame while it moves; we model 10/s for 3 s of every 10 s.
  pointerPerSecondWhileMoving: 10,
  customerMovingSecondsPer10: 3,
  scrollEverySeconds: 5,
  // The SDK reports real input as the `activity` user event at most every 10 s.
  activityEverySeconds: 10,
  // Agents: pointer 10/s for 2 s of every 15 s, a highlight or annotation every 30 s.
  agentPointerSecondsPer15: 2,
  agentGuideEverySeconds: 30,
  // Control input while in control: clicks and text frames, 5/s.
  controlFramesPerSecond: 5,
  // The console reports an agent's control input as activity (HTTP) at most every 15 s.
  agentActivityEverySeconds: 15,
};

/** Web PubSub bills outbound traffic in 2 KB units; the message a receiver gets wraps the data in ~150 bytes. */
export const ENVELOPE_BYTES = 150;
export const unitsFor = (dataBytes) => Math.ceil((dataBytes + ENVELOPE_BYTES) / 2048);

const pads = new Map();
const pad = (n) => {
  let s = pads.get(n);
  if (!s) {
    s = 'x'.repeat(Math.max(0, n));
    pads.set(n, s);
  }
  return s;
};

/** Deterministic per-run pseudo-random numbers (mulberry32), so two runs with one seed send the same sizes. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function mutationSize(rand) {
  let r = rand();
  for (const [share, min, max] of TRAFFIC.mutationSizes) {
    if (r < share) return Math.round(min + rand() * (max - min));
    r -= share;
  }
  return 500;
}

/** A JSON frame of about `bytes` bytes (as sent; the envelope fields are a fixed ~60 bytes). */
export function jsonFrame(kind, link, bytes, extra = {}) {
  const seq = link.nextSeq();
  const frame = { v: 1, t: kind, k: link.id, q: seq, ts: performance.now(), ...extra, p: pad(bytes - 60) };
  return { frame, seq, bytes: Math.max(bytes, 60) };
}

/** The snapshot as the SDK sends it: a binary chunk, header as protocol/transport.ts, then k, q and ts, then payload. */
export function snapshotChunk(link) {
  const seq = link.nextSeq();
  const bytes = new Uint8Array(TRAFFIC.snapshotBytes);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 1);
  view.setUint8(1, 1);
  view.setUint32(2, link.id, true);
  view.setUint32(6, seq, true);
  view.setUint16(10, 0, true);
  view.setUint16(12, 1, true);
  view.setFloat64(14, performance.now(), true);
  for (let i = 22; i < bytes.length; i += 1) bytes[i] = (i * 131) & 0xff; // incompressible enough
  // Binary data travels base64-encoded in the JSON subprotocol.
  return { data: bytes.buffer, seq, bytes: Math.ceil(bytes.length / 3) * 4 };
}

/** k, q and ts of a received frame (JSON or our binary chunk), or undefined when it is none of ours. */
export function readFrame(data) {
  if (data instanceof ArrayBuffer) {
    if (data.byteLength < 22) return undefined;
    const view = new DataView(data);
    return { k: view.getUint32(2, true), q: view.getUint32(6, true), ts: view.getFloat64(14, true) };
  }
  if (data && typeof data === 'object' && typeof data.k === 'number' && typeof data.q === 'number') return data;
  return undefined;
}
