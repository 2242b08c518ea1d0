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

export function isAllowedElement(tag: string, attributes: Record<string, unknown>): boolean {
  const name = tag.toLowerCase();
  if (DROPPED_ELEMENTS.has(name)) return false;
  if (name === 'meta' && Object.entries(attributes).some(([key, value]) => key.toLowerCase() === 'http-equiv' && String(value).trim().toLowerCase() === 'refresh')) {
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
  // The mirror writes same-origin frames' documents itself: a page sandbox without allow-same-origin would lock the
  // console out. Nested frames inherit the mirror's own sandbox (no scripts) whatever this attribute says.
  if (tag.toLowerCase() === 'iframe' && (attribute === 'sandbox' || attribute === 'allow')) return null;
  if (attribute === 'http-equiv' && value.trim().toLowerCase() === 'refresh') return null;
  if (DANGEROUS_URL.test(normalizedUrl(value))) return null;
  // Inline declarations get the same check as rules: url(javascript:…) or expression() drops the whole attribute.
  if (attribute === 'style') return sanitizeCssRule(value);
  return value;
}

/**
 * A CSS rule from a frame (insertRule, a constructed sheet, a <style>'s CSSOM), or null when it must not reach the
 * mirror. Modern Chromium runs no script from CSS, but we stay conservative: no legacy script hooks, no javascript:
 * URLs, and @import only of http(s) sheets.
 */
export function sanitizeCssRule(rule: string): string | null {
  if (typeof rule !== 'string') return null;
  const flat = flatCss(rule);
  if (SCRIPT_HOOKS.test(flat)) return null;
  if (/@import/.test(flat) && !/^@import(url\()?["']?https?:\/\//.test(flat)) return null;
  return rule;
}

const SCRIPT_HOOKS = /expression\(|javascript:|vbscript:|behavior:|-moz-binding|data:text\/html/;

// CSS with comments, escapes and whitespace removed, which could hide a keyword ("java\\73 cript:", "expr/**/ession(").
function flatCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)))
    .replace(/\\(.)/g, '$1')
    .replace(/[\s\u0000-\u001f]/g, '')
    .toLowerCase();
}

/** Text inside a <style> element is a whole sheet: one with a script hook is left empty in the mirror. */
export function sanitizeTextIn(parent: Node | null | undefined, text: string): string {
  const isStyle = parent?.nodeType === 1 && (parent as Element).localName === 'style';
  return isStyle && SCRIPT_HOOKS.test(flatCss(text)) ? '' : text;
}
