// gzip through the platform's CompressionStream: no library in the bundle, and gzip's CRC makes a garbled chunk fail
// loudly instead of decompressing into something plausible.

export async function gzipText(text: string): Promise<Uint8Array> {
  const compressed = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}

/** Rejects when the parts are not one complete, intact gzip stream. */
export async function gunzipText(parts: Uint8Array[]): Promise<string> {
  const decompressed = new Blob(parts as BlobPart[]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(decompressed).text();
}
