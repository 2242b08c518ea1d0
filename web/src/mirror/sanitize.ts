// The mirror never trusts a frame: whatever the customer's page (or anyone able to forge a frame) sends, nothing
// that could run code or navigate reaches the mirror document. The sandbox (no allow-scripts) is the first wall;
// this is the second.

/** Elements that are dropped with their whole subtree. */
const DROPPED_ELEMENTS = new Set(['script', 'noscript', 'template', 'object', 'embed', 'applet', 'frame', 'frameset']);

const DANGEROUS_URL = /^(javascript|vbscript|data:text\/html)/i;

/** Control characters and whitespace that browsers ignore inside a URL scheme ("java\tscript:"). */
function normalizedUrl(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
}

export function isAllowedElement(tag: string, attributes: Record<string, string>): boolean {
  const name = tag.toLowerCase();
  if (DROPPED_ELEMENTS.has(name)) return false;
  if (name === 'meta' && Object.entries(attributes).some(([key, value]) => key.toLowerCase() === 'http-equiv' && value.trim().toLowerCase() === 'refresh')) {
    return false;
  }
  return true;
}

/** Returns the value to set, or null when the attribute must not reach the mirror. */
export function sanitizeAttribute(tag: string, name: string, value: string): string | null {
  const attribute = name.toLowerCase();
  if (attribute.startsWith('on')) return null;
  if (attribute === 'srcdoc') return null;
  // A frame's content would load live in the agent's browser with the agent's cookies; frames stay empty boxes.
  if (tag.toLowerCase() === 'iframe' && attribute === 'src') return null;
  if (attribute === 'http-equiv' && value.trim().toLowerCase() === 'refresh') return null;
  if (DANGEROUS_URL.test(normalizedUrl(value))) return null;
  return value;
}
