// Where the bytes of our snapshot frame go: content (text, attribute values, tags) versus what the encoding itself
// adds (brackets, quotes, commas, details keys, id markers). Measured on the JSON text as sent, for the node
// encoding of protocol/frames.ts (arrays and strings with implicit ids).
import { gzipSync } from 'node:zlib';

const utf8 = (text) => Buffer.byteLength(text, 'utf8');
const gzip = (text) => gzipSync(Buffer.from(text, 'utf8'), { level: 6 }).length;

export function analyzeBytes(snapshotText) {
  const frame = JSON.parse(snapshotText);
  const origin = new URL(frame.url).origin;
  const parts = { textContent: 0, whitespaceText: 0, attributeNames: 0, attributeValues: 0, absoluteUrlOrigins: 0, tags: 0, idMarkers: 0, nodeDetails: 0 };
  const counts = { elements: 0, texts: 0, whitespaceTexts: 0, attributes: 0, idMarkers: 0 };
  const walk = (node) => {
    if (typeof node === 'string') {
      counts.texts++;
      const size = utf8(JSON.stringify(node));
      if (/^\s*$/.test(node)) { parts.whitespaceText += size; counts.whitespaceTexts++; } else parts.textContent += size;
      return;
    }
    if (typeof node === 'number') { counts.idMarkers++; parts.idMarkers += String(node).length; return; }
    if (!Array.isArray(node)) return;
    if (node[0] !== '#' && node[0] !== '#s' && node[0] !== '!') counts.elements++;
    parts.tags += utf8(JSON.stringify(node[0]));
    for (let i = 1; i < node.length; i++) {
      const item = node[i];
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        for (const [name, value] of Object.entries(item)) {
          if (name.startsWith(' ')) { parts.nodeDetails += utf8(JSON.stringify(name)) + utf8(JSON.stringify(value)); continue; }
          counts.attributes++;
          parts.attributeNames += utf8(JSON.stringify(name));
          parts.attributeValues += utf8(JSON.stringify(value));
          if (typeof value === 'string' && value.startsWith(origin)) parts.absoluteUrlOrigins += origin.length;
        }
      } else walk(item);
    }
  };
  walk(frame.root);
  const total = utf8(snapshotText);
  const content = parts.textContent + parts.whitespaceText + parts.attributeNames + parts.attributeValues + parts.tags + parts.idMarkers + parts.nodeDetails;
  return { total, parts, counts, encodingOverhead: total - content, origin };
}
