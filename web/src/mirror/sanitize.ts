// The mirror never trusts a frame: whatever the customer's page (or anyone able to forge a frame) sends, nothing
// that could run code or navigate reaches the mirror document, and nothing makes the agent's browser fetch from a
// host the tenant did not allow (resources.ts). The sandbox (no allow-scripts) and the mirror document's own
// Content-Security-Policy are the browser's walls; this is the mirror's.
import type { ResourceGuard } from './resources';

/** Elements that are dropped with their whole subtree (fenced frames and portals would load a page of their own). */
const DROPPED_ELEMENTS = new Set(['script', 'noscript', 'template', 'object', 'embed', 'applet', 'frame', 'frameset', 'fencedframe', 'portal']);

const DANGEROUS_URL = /^(javascript|vbscript|data:text\/html)/i;

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Attributes that make the browser send something somewhere, or change how it fetches, without being a page
 * resource the mirror needs: hyperlink pings, Attribution Reporting, Topics and Shared Storage, appcache, and the
 * legacy low-resolution sources.
 */
const DROPPED_ATTRIBUTES = new Set(['ping', 'attributionsrc', 'browsingtopics', 'sharedstoragewritable', 'adauctionheaders', 'manifest', 'lowsrc', 'dynsrc']);

/** Attributes that load one URL, on any element. */
const URL_ATTRIBUTES = new Set(['src', 'poster', 'background']);

/**
 * Link relations kept in the mirror: style sheets, icons and ones that load nothing. Preload, prefetch, preconnect,
 * dns-prefetch, prerender, modulepreload, manifest and whatever a browser adds next are dropped.
 */
const KEPT_LINK_RELS = new Set([
  'stylesheet', 'alternate', 'icon', 'shortcut', 'apple-touch-icon', 'apple-touch-icon-precomposed', 'mask-icon', 'canonical',
  'author', 'license', 'help', 'search', 'bookmark', 'tag', 'me', 'nofollow', 'noopener', 'noreferrer', 'opener', 'external',
  'prev', 'next',
]);

/** http-equiv values that only describe the document; others (refresh, link, CSP, origin trials, client hints…) go. */
const KEPT_HTTP_EQUIV = new Set(['content-type', 'content-language', 'default-style', 'x-ua-compatible']);

/** SVG animation elements: animating a link would load whatever it animates to. */
const SVG_ANIMATIONS = new Set(['animate', 'set', 'animatemotion', 'animatetransform', 'animatecolor']);

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

/** Returns the value to set on `element`, or null when the attribute must not reach the mirror. */
export function sanitizeAttribute(element: Element, name: string, value: string, resources: ResourceGuard): string | null {
  const tag = element.localName.toLowerCase();
  const attribute = name.toLowerCase();
  if (attribute.startsWith('on')) return null;
  if (attribute === 'srcdoc') return null;
  // A frame's content would load live in the agent's browser with the agent's cookies; frames stay empty boxes.
  if (tag === 'iframe' && attribute === 'src') return null;
  // The mirror writes same-origin frames' documents itself: a page sandbox without allow-same-origin would lock the
  // console out. Nested frames inherit the mirror's own sandbox (no scripts) whatever this attribute says.
  if (tag === 'iframe' && (attribute === 'sandbox' || attribute === 'allow')) return null;
  if (attribute === 'http-equiv' && !KEPT_HTTP_EQUIV.has(value.trim().toLowerCase())) return null;
  // The mirror's own <meta name=referrer> keeps page URLs from leaving as a Referer; the page may not change it.
  if (tag === 'meta' && attribute === 'name' && value.trim().toLowerCase() === 'referrer') return null;
  if (DANGEROUS_URL.test(normalizedUrl(value))) return null;
  // Inline declarations get the same checks as rules: url(javascript:…) or expression() drops the whole attribute.
  if (attribute === 'style') return sanitizeCssRule(value, resources);
  if (DROPPED_ATTRIBUTES.has(attribute)) return null;
  return element.namespaceURI === SVG_NS ? svgResource(tag, attribute, value, resources) : htmlResource(tag, attribute, value, resources);
}

function htmlResource(tag: string, attribute: string, value: string, resources: ResourceGuard): string | null {
  if (URL_ATTRIBUTES.has(attribute)) return resources.url(value);
  if (attribute === 'srcset' || attribute === 'imagesrcset') return resources.srcset(value);
  if (tag === 'link' && attribute === 'href') return resources.url(value, 'container');
  if (tag === 'link' && attribute === 'rel') return keptLinkRels(value);
  return value;
}

function svgResource(tag: string, attribute: string, value: string, resources: ResourceGuard): string | null {
  if (attribute === 'href' || attribute === 'xlink:href') {
    // An <a> only navigates (and the console never navigates the mirror); "#id" points inside the document.
    if (tag === 'a' || value.trim().startsWith('#')) return value;
    return resources.url(value, tag === 'image' || tag === 'feimage' ? 'resource' : 'container');
  }
  if (SVG_ANIMATIONS.has(tag) && attribute === 'attributename' && /^(xlink:)?href$/i.test(value.trim())) return null;
  if (SVG_ANIMATIONS.has(tag) && ANIMATION_VALUES.has(attribute) && !value.includes('(')) return animationValues(value, resources);
  if (URL_ATTRIBUTES.has(attribute)) return resources.url(value);
  // Presentation attributes are CSS values: fill="url(…)", filter="url(…)" and animated values load like CSS.
  return value.includes('(') ? resources.css(value) : value;
}

/** Animated values: URLs among them are judged too (nothing animates a link, but a URL in the DOM is one to judge). */
const ANIMATION_VALUES = new Set(['to', 'from', 'by', 'values']);

function animationValues(value: string, resources: ResourceGuard): string | null {
  for (const part of value.split(';')) {
    if (isAbsoluteUrl(part.trim()) && resources.url(part) !== part) return null;
  }
  return value;
}

function isAbsoluteUrl(value: string): boolean {
  try {
    return Boolean(new URL(value));
  } catch {
    return false;
  }
}

function keptLinkRels(value: string): string | null {
  const tokens = value.split(/[\t\n\f\r ]+/).filter(Boolean);
  const kept = tokens.filter((token) => KEPT_LINK_RELS.has(token.toLowerCase()));
  if (kept.length === tokens.length) return value;
  return kept.length ? kept.join(' ') : null;
}

/**
 * A CSS rule from a frame (insertRule, a constructed sheet, a <style>'s CSSOM) or a style attribute's declarations
 * as it may reach the mirror, with its URL references judged by the resource guard; null when it must not reach it.
 * Modern Chromium runs no script from CSS, but we stay conservative: no legacy script hooks, no javascript: URLs,
 * and @import only of http(s) sheets.
 */
export function sanitizeCssRule(rule: string, resources: ResourceGuard): string | null {
  if (typeof rule !== 'string') return null;
  const judged = resources.css(rule);
  const flat = flatCss(judged);
  if (SCRIPT_HOOKS.test(flat)) return null;
  if (/@import/.test(flat) && !/^@import(url\()?["']?https?:\/\//.test(flat)) return null;
  return judged;
}

/** A <style>'s whole text, with its URL references judged; a sheet with a script hook is left empty. */
export function sanitizeSheetText(text: string, resources: ResourceGuard): string {
  const judged = resources.css(text);
  return SCRIPT_HOOKS.test(flatCss(judged)) ? '' : judged;
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
