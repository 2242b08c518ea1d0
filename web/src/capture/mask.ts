// Privacy rules, applied while a node is serialized so a secret never exists in any frame object. Privacy is on
// by default and only the page (the tenant's configuration) can widen it; nothing from the agent side reaches here.
import { frameElementOf, isDocumentNode, isElementNode, isHtmlElement, isShadowRoot } from './dom';

export interface MaskConfig {
  /** Tenant selectors whose values and text become same-length placeholders. */
  maskSelectors?: string[];
  /** Tenant selectors whose whole subtree becomes an empty box of the same size. */
  redactSelectors?: string[];
  /**
   * Tenant selectors of elements agents may not use (the SDK's control executor refuses them). The capture only
   * marks matching elements with `data-cobrowse-block` in its output, so the console shows them as blocked.
   */
  blockSelectors?: string[];
}

/** What an element asks for by itself, before inheritance from its ancestors. */
export type OwnPrivacy = 'plain' | 'mask' | 'redact';

/** What applies to a node once its ancestors (across shadow boundaries) are taken into account. */
export type Context = 'plain' | 'masked' | 'redacted';

const PLACEHOLDER = '•';

/** Same length as the secret; whitespace is kept in text so the mirror wraps lines like the page does. */
export function maskText(text: string): string {
  return text.replace(/\S/g, PLACEHOLDER);
}

export function maskValue(value: string): string {
  return PLACEHOLDER.repeat(value.length);
}

/** A quoted CSS string, with what may precede it: `url(` (a resource of the tenant, kept as is). */
const CSS_STRING = /(url\(\s*)?(["'])((?:\\[\s\S]|(?!\2)[^\\\n])*)(\2?)/gi;

/**
 * Style sheet text in a masked subtree: the rules are the tenant's CSS, not the customer's data, so they are sent;
 * only quoted strings (`content: "..."`, attribute selectors), which could spell out data, become same-length
 * placeholders. url("...") keeps its address: images and fonts are the tenant's resources.
 */
export function maskCssStrings(css: string): string {
  if (!css.includes('"') && !css.includes("'")) return css;
  // An unterminated string (it ends at the line's end in CSS) is masked too.
  return css.replace(CSS_STRING, (whole: string, url: string | undefined, quote: string, body: string, close: string) =>
    url ? whole : `${quote}${maskValue(body)}${close}`);
}

/** Attributes that describe layout or semantics, not content, and so survive inside a masked subtree. */
const LAYOUT_ATTRIBUTES = new Set([
  'class', 'id', 'style', 'type', 'role', 'dir', 'lang', 'hidden', 'disabled', 'readonly', 'required',
  'tabindex', 'for', 'rel', 'width', 'height', 'colspan', 'rowspan', 'size', 'cols', 'rows', 'name',
  'autocomplete', 'multiple', 'data-cobrowse-mask', 'data-cobrowse-redact', 'data-cobrowse-block',
]);

export function survivesMasking(attributeName: string): boolean {
  return LAYOUT_ATTRIBUTES.has(attributeName);
}

/** A password or payment-card field: its value is masked even when nothing else on the page asks for it. */
export function isSensitiveField(element: Element): boolean {
  if (isHtmlElement(element, 'input') && element.type === 'password') return true;
  const autocomplete = element.getAttribute('autocomplete');
  return autocomplete !== null && autocomplete.split(/\s+/).some((token) => token.toLowerCase().startsWith('cc-'));
}

/**
 * A selector list the browser rejects would throw on every match; drop it and keep the valid ones. `warn` is off
 * for callers that read the same tenant selectors again (the capture already warned about each).
 */
export function validSelectors(selectors: readonly string[], warn = true): string[] {
  const probe = document.createDocumentFragment();
  return selectors.filter((selector) => {
    try {
      probe.querySelector(selector);
      return true;
    } catch {
      if (warn) console.warn(`CoBrowse: ignoring invalid privacy selector ${JSON.stringify(selector)}`);
      return false;
    }
  });
}

export class MaskPolicy {
  private readonly maskSelector: string;
  private readonly redactSelector: string;
  /** Tenant selectors with combinators can start matching when an ancestor changes. */
  readonly hasContextualSelectors: boolean;
  readonly anyPrivacySelector: string;
  /** The tenant's block selectors as one list, or null when it has none. */
  private readonly tenantBlockSelector: string | null;

  constructor(config: MaskConfig = {}) {
    const mask = validSelectors(config.maskSelectors ?? []);
    const redact = validSelectors(config.redactSelectors ?? []);
    this.maskSelector = ['[data-cobrowse-mask]', ...mask].join(',');
    this.redactSelector = ['[data-cobrowse-redact]', ...redact].join(',');
    this.anyPrivacySelector = `${this.maskSelector},${this.redactSelector}`;
    this.hasContextualSelectors = [...mask, ...redact].some((selector) => /[\s>+~]/.test(selector.trim()));
    const block = validSelectors(config.blockSelectors ?? []);
    this.tenantBlockSelector = block.length ? block.join(',') : null;
  }

  /** A tenant block selector matches the element itself (the page's own data-cobrowse-block travels as it is). */
  blockedByTenant(element: Element): boolean {
    return this.tenantBlockSelector !== null && element.matches(this.tenantBlockSelector);
  }

  ownPrivacy(element: Element): OwnPrivacy {
    // Most elements match no privacy selector: one selector match decides, instead of two.
    if (!element.matches(this.anyPrivacySelector)) return isSensitiveField(element) ? 'mask' : 'plain';
    if (element.matches(this.redactSelector)) return 'redact';
    if (element.matches(this.maskSelector) || isSensitiveField(element)) return 'mask';
    return 'plain';
  }

  /** Walks up from the node itself, crossing shadow roots to their hosts and iframe documents to their frames. */
  contextOf(node: Node): Context {
    let masked = false;
    for (let current: Node | null = node; current; current = composedParent(current)) {
      if (isElementNode(current)) {
        const own = this.ownPrivacy(current);
        if (own === 'redact') return 'redacted';
        if (own === 'mask') masked = true;
      }
    }
    return masked ? 'masked' : 'plain';
  }
}

/** The parent in the composed tree, continuing from a same-origin iframe's document to the iframe element. */
export function composedParent(node: Node): Node | null {
  if (isShadowRoot(node)) return node.host;
  if (isDocumentNode(node)) return frameElementOf(node);
  return node.parentNode;
}
