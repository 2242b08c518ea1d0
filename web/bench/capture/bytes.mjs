// Where the bytes of our snapshot frame go: content (text, attribute values) versus what the encoding itself adds
// (keys like "kind", "attributes", "children", ids, brackets). Measured on the JSON text as sent.

const utf8 = (text) => Buffer.byteLength(text, 'utf8');

export function analyzeBytes(snapshotText) {
  const frame = JSON.parse(snapshotText);
  const origin = new URL(frame.url).origin;
  const parts = { textContent: 0, whitespaceText: 0, attributeNames: 0, attributeValues: 0, absoluteUrlOrigins: 0, tags: 0, ids: 0, formState: 0 };
  const counts = { elements: 0, texts: 0, whitespaceTexts: 0, attributes: 0 };
  const walk = (node) => {
    parts.ids += String(node.id).length;
    if (node.kind === 'text') {
      counts.texts++;
      const size = utf8(JSON.stringify(node.text));
      if (/^\s*$/.test(node.text)) { parts.whitespaceText += size; counts.whitespaceTexts++; } else parts.textContent += size;
    }
    if (node.kind === 'element') {
      counts.elements++;
      parts.tags += utf8(JSON.stringify(node.tag));
      for (const [name, value] of Object.entries(node.attributes)) {
        counts.attributes++;
        parts.attributeNames += utf8(JSON.stringify(name));
        parts.attributeValues += utf8(JSON.stringify(value));
        if (value.startsWith(origin)) parts.absoluteUrlOrigins += origin.length;
      }
      if (node.state) parts.formState += utf8(JSON.stringify(node.state));
    }
    for (const child of node.children ?? []) walk(child);
    for (const child of node.shadowRoot?.children ?? []) walk(child);
  };
  walk(frame.root);
  const total = utf8(snapshotText);
  const content = parts.textContent + parts.whitespaceText + parts.attributeNames + parts.attributeValues + parts.tags + parts.ids + parts.formState;
  return { total, parts, counts, encodingOverhead: total - content, origin };
}
