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

/**
 * Privacy follows the node, not its current attributes: every node the capture has seen masked or redacted stays so
 * for as long as the page keeps it, whatever its type, attributes, ancestors or place become (a password shown as text,
 * a field moved out of a masked form, data-cobrowse-mask removed). Page-wide rather than per capture: the SDK starts a
 * new capture whenever an agent joins or the connection is replaced, and its snapshot must not forget what was seen.
 */
const seen = new WeakMap<Node, 'masked' | 'redacted'>();

/** Remembers a node as masked or redacted; never weaker than it was. */
export function remember(node: Node, context: Context): void {
  if (context === 'redacted' || (context === 'masked' && seen.get(node) !== 'redacted')) seen.set(node, context);
}

/** What a node was seen as, by itself (its ancestors may add more: see contextOf). */
export function rememberedContext(node: Node): Context {
  return seen.get(node) ?? 'plain';
}

/**
 * Before any capture runs (the SDK loads with the page, a session starts later): a field the customer types into
 * while it is masked by the built-in rules is remembered, so showing the password as text before asking for help
 * does not unmask it. Typing before the SDK loaded cannot be known.
 */
export function rememberSensitiveInput(document: Document): void {
  const policy = new MaskPolicy();
  document.addEventListener('input', (event) => {
    const target = event.composedPath()[0];
    if (isElementNode(target)) remember(target, policy.contextOf(target));
  }, true);
}

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

/** Declarations that can carry content: custom properties (any value), generated content, escapes that could hide them. */
const CONTENT_DECLARATION = /^\s*(?:--|content\s*:)|\\|(?:src|image|image-set|element)\(/i;
const CSS_URL = /url\((?:"[^"]*"|'[^']*'|[^)"'])*\)/gi;

/**
 * The style attribute of a masked element: its layout and look stay (sizes, colours, display), what could spell out
 * data goes: custom properties, `content`, comments and CSS escapes are dropped, url() becomes `none` (an address can
 * name the customer; `background: #eee url(…)` keeps its colour), and quoted strings left (font names, grid areas)
 * are masked like text.
 */
export function maskInlineStyle(style: string): string {
  const kept: string[] = [];
  for (const declaration of declarationsOf(style.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, ' '))) {
    const withoutUrls = declaration.replace(CSS_URL, 'none');
    // An unterminated url( is dropped whole.
    if (withoutUrls.includes(':') && !CONTENT_DECLARATION.test(withoutUrls) && !/url\(/i.test(withoutUrls)) {
      kept.push(maskCssStrings(withoutUrls.trim()));
    }
  }
  return kept.join('; ');
}

/** Splits at the semicolons that end declarations: not those inside strings or parentheses. */
function declarationsOf(css: string): string[] {
  const declarations: string[] = [];
  let start = 0;
  let depth = 0;
  let quote = '';
  for (let index = 0; index < css.length; index++) {
    const char = css[index];
    if (char === '\\') index++;
    else if (quote) quote = char === quote ? '' : quote;
    else if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === ';' && depth === 0) {
      declarations.push(css.slice(start, index));
      start = index + 1;
    }
  }
  declarations.push(css.slice(start));
  return declarations;
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

/** Autocomplete tokens of secrets: payment cards, passwords and one-time codes (any case, after section-/billing...). */
const SENSITIVE_AUTOCOMPLETE = /^(?:cc-|(?:current|new)-password$|one-time-code$)/i;

/** A password, payment-card or one-time-code field: its value is masked even when nothing else on the page asks for it. */
export function isSensitiveField(element: Element): boolean {
  if (isHtmlElement(element, 'input') && element.type === 'password') return true;
  const autocomplete = element.getAttribute('autocomplete');
  return autocomplete !== null && autocomplete.split(/\s+/).some((token) => SENSITIVE_AUTOCOMPLETE.test(token));
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
  private readonly redactSelector: string;
  /** Tenant selectors with combinators can start matching when an ancestor changes. */
  readonly hasContextualSelectors: boolean;
  readonly anyPrivacySelector: string;
  /** The tenant's block selectors as one list, or null when it has none. */
  private readonly tenantBlockSelector: string | null;

  constructor(config: MaskConfig = {}) {
    const mask = validSelectors(config.maskSelectors ?? []);
    const redact = validSelectors(config.redactSelectors ?? []);
    this.redactSelector = ['[data-cobrowse-redact]', ...redact].join(',');
    this.anyPrivacySelector = ['[data-cobrowse-mask]', ...mask, this.redactSelector].join(',');
    this.hasContextualSelectors = [...mask, ...redact].some((selector) => /[\s>+~]/.test(selector.trim()));
    const block = validSelectors(config.blockSelectors ?? []);
    this.tenantBlockSelector = block.length ? block.join(',') : null;
  }

  /** A tenant block selector matches the element itself (the page's own data-cobrowse-block travels as it is). */
  blockedByTenant(element: Element): boolean {
    return this.tenantBlockSelector !== null && element.matches(this.tenantBlockSelector);
  }

  /** The element's own privacy, remembered from then on (see `seen`): asking is seeing. */
  ownPrivacy(element: Element): OwnPrivacy {
    const before = seen.get(element);
    if (before === 'redacted') return 'redact';
    // Most elements match no privacy selector: one selector match decides, instead of two.
    const selected = element.matches(this.anyPrivacySelector);
    if (selected && element.matches(this.redactSelector)) {
      seen.set(element, 'redacted');
      return 'redact';
    }
    if (!before && !selected && !isSensitiveField(element)) return 'plain';
    seen.set(element, 'masked');
    return 'mask';
  }

  /** Walks up from the node itself, crossing shadow roots to their hosts and iframe documents to their frames. */
  contextOf(node: Node): Context {
    let masked = false;
    for (let current: Node | null = node; current; current = composedParent(current)) {
      const own = isElementNode(current) ? this.ownPrivacy(current) : rememberedContext(current);
      if (own === 'redact' || own === 'redacted') return 'redacted';
      if (own !== 'plain') masked = true;
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
