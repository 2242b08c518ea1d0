// Wire envelope around capture frames and guidance on the session's Web PubSub groups (DESIGN.md section 3).
//
// customer → view: small batches as JSON `BatchEnvelope`; large batches (the snapshot above all) gzip-compressed and
// split into binary chunks, each with a fixed `ChunkHeader`. Every message, JSON or chunk, carries the next number
// of its link's sequence, so an agent sees a gap at once and asks for a fresh snapshot instead of drifting.
// agent → guide: guidance frames (protocol/guide.ts) and `ResyncRequest`.
import type { Frame, ProtocolVersion } from './frames';

/** Identifies one sharing run of one page (a reload or a second tab is a new link with its own sequence). */
export type LinkId = number;

/** What travels in a link's stream: page frames, and the customer's own answers to guidance (protocol/guide.ts). */
export type StreamFrame = Frame | OpaqueFrame;

export interface BatchEnvelope {
  v: ProtocolVersion;
  t: 'batch';
  link: LinkId;
  seq: number;
  frames: StreamFrame[];
}

/** Asks the customer for a new full snapshot (the agent joined, reconnected, or lost its place). */
export interface ResyncRequest {
  v: ProtocolVersion;
  t: 'resync';
  reason: ResyncReason;
}

export type ResyncReason = 'join' | 'reconnect' | 'gap' | 'corrupt' | 'apply-failed' | 'retry' | 'manual';

/**
 * Any frame on the guide or ctl groups: versioned JSON the transport passes on without reading. Its other fields are
 * untrusted: the receiver reads them through its own validator (e.g. readGuideFrame in protocol/guide.ts).
 */
export interface OpaqueFrame {
  v: 1;
  t: string;
}

/** Binary chunk layout (little-endian): version u8, encoding u8, link u32, seq u32, index u16, count u16, payload. */
export interface ChunkHeader {
  link: LinkId;
  seq: number;
  index: number;
  count: number;
}

export const CHUNK_HEADER_BYTES = 14;
/** Compressed payload per chunk: far below the service's 1 MB message limit even after base64 in the JSON protocol. */
export const CHUNK_PAYLOAD_BYTES = 60 * 1024;
/** Batches whose JSON is larger than this are compressed; smaller ones stay plain JSON for the lowest latency. */
export const COMPRESS_ABOVE_CHARS = 16 * 1024;
const ENCODING_GZIP = 1;

export function encodeChunk(header: ChunkHeader, payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(CHUNK_HEADER_BYTES + payload.byteLength);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 1);
  view.setUint8(1, ENCODING_GZIP);
  view.setUint32(2, header.link, true);
  view.setUint32(6, header.seq, true);
  view.setUint16(10, header.index, true);
  view.setUint16(12, header.count, true);
  bytes.set(payload, CHUNK_HEADER_BYTES);
  return bytes;
}

/** The header and payload of a chunk, or null when it is not a chunk this version understands. */
export function decodeChunk(data: ArrayBuffer): { header: ChunkHeader; payload: Uint8Array } | null {
  if (data.byteLength < CHUNK_HEADER_BYTES) return null;
  const view = new DataView(data);
  if (view.getUint8(0) !== 1 || view.getUint8(1) !== ENCODING_GZIP) return null;
  const header = { link: view.getUint32(2, true), seq: view.getUint32(6, true), index: view.getUint16(10, true), count: view.getUint16(12, true) };
  if (header.count === 0 || header.index >= header.count) return null;
  return { header, payload: new Uint8Array(data, CHUNK_HEADER_BYTES) };
}

export function isBatchEnvelope(data: unknown): data is BatchEnvelope {
  const batch = data as BatchEnvelope | null;
  return typeof batch === 'object' && batch !== null && batch.v === 1 && batch.t === 'batch' &&
    typeof batch.link === 'number' && typeof batch.seq === 'number' && Array.isArray(batch.frames);
}

export function isOpaqueFrame(data: unknown): data is OpaqueFrame {
  const frame = data as OpaqueFrame | null;
  return typeof frame === 'object' && frame !== null && frame.v === 1 && typeof frame.t === 'string';
}
